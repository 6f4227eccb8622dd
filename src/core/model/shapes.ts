import type { Span } from '../report';
import type { Equation } from '../latex/equations';
import { NameReader, type SymbolTable } from '../latex/names';
import type { Token } from '../latex/tokens';
import { MAX_DIMENSION } from './directives';

/**
 * The shapes a document declares: `x \in \mathbb{R}^{n}`, `W \in \mathbb{R}^{m \times n}`,
 * `W^{(l)} \in \mathbb{R}^{n_l \times n_{l-1}}` (for every layer l), or `shape W 3x2` in a
 * `gradcheck:` comment. A size written as a name gets a small size of its own (2, 3, 4, ...,
 * one per name), so that a transpose in the wrong place changes the shape and shows.
 */
export interface ShapeDeclarations {
  /** Sizes by symbol, rows first, as written: numbers or names of sizes. */
  declared: Map<string, string[]>;
  /** `W^{(l)}`: the stem, the layer variable and the sizes written with it. */
  layered: Array<{ stem: string; variable: string; brackets: string; dims: string[] }>;
  /** The size given to each named size, in order of first use. */
  sizes: Map<string, number>;
  /** Where each symbol's shape was declared. */
  spans: Map<string, Span>;
}

export function emptyShapes(): ShapeDeclarations {
  return { declared: new Map(), layered: [], sizes: new Map(), spans: new Map() };
}

const FIRST_SIZE = 2;

const plain = (tokens: Token[]): string => tokens.map((t) => t.text).join('').replace(/[{}]/g, '');

/** Reads `name \in \mathbb{R}^{...}`; true when the equation was one. */
export function readShapeDeclaration(equation: Equation, table: SymbolTable, into: ShapeDeclarations): boolean {
  const { tokens, sides, relations } = equation;
  if (relations.length !== 1 || sides.length !== 2) return false;
  const relation = tokens.find((t) => t.start === relations[0].span.start);
  if (relation?.text !== '\\in') return false;
  const right = tokens.slice(sides[1].start, sides[1].end);
  let i = 0;
  if (right[i]?.text !== '\\mathbb') return false;
  i++;
  if (right[i]?.text === '{') i++;
  if (right[i]?.text !== 'R') return false;
  i++;
  if (right[i]?.text === '}') i++;
  let dims: string[] = [];
  if (right[i]?.text === '^') {
    const arg = right[i + 1]?.text === '{' ? right.slice(i + 2, right.length - 1) : right.slice(i + 1, i + 2);
    const parts: Token[][] = [[]];
    for (const t of arg) {
      if (t.text === '\\times' || t.text === '×' || t.text === '\\cdot') parts.push([]);
      else parts[parts.length - 1].push(t);
    }
    dims = parts.map(plain);
    if (dims.length > 2 || dims.some((d) => d === '')) return false;
  }
  let name;
  try {
    name = new NameReader(tokens, table).whole(sides[0].start, sides[0].end);
  } catch {
    return false;
  }
  if (!name) return false;
  const layer = /^(.*)\^([([])([A-Za-z])[)\]]$/.exec(name.name);
  if (layer && dims.some((d) => new RegExp(`_${layer[3]}\\b|_${layer[3]}[+-]`).test(d))) {
    into.layered.push({ stem: layer[1], variable: layer[3], brackets: layer[2], dims });
  } else {
    into.declared.set(name.name, dims);
    // Sizes in the order the document names them: n, then m, then k read as 2, 3, 4.
    for (const d of dims) sizeOfDimension(d, into);
  }
  into.spans.set(name.name, name.span);
  return true;
}

/** A named size's number (numbers stand for themselves). */
function sizeOfDimension(dim: string, shapes: ShapeDeclarations): number | undefined {
  if (/^\d+$/.test(dim)) {
    const n = Number(dim);
    return n >= 1 && n <= MAX_DIMENSION ? n : undefined;
  }
  let size = shapes.sizes.get(dim);
  if (size === undefined) {
    size = FIRST_SIZE + shapes.sizes.size;
    shapes.sizes.set(dim, size);
  }
  return size;
}

/** `n_{l-1}` with l = 2 is `n_1`. */
function instantiate(dim: string, variable: string, value: number): string {
  return dim.replace(new RegExp(`_${variable}([+-]\\d+)?$`), (_, offset: string | undefined) => `_${value + (offset ? Number(offset) : 0)}`);
}

/** The declared shape of a symbol as [rows, cols] ([] for a scalar), or undefined if none. */
export function declaredShape(name: string, shapes: ShapeDeclarations): number[] | undefined {
  let dims = shapes.declared.get(name);
  if (!dims) {
    const layer = /^(.*)\^([([])(\d+)[)\]]$/.exec(name);
    const pattern = layer && shapes.layered.find((p) => p.stem === layer[1] && p.brackets === layer[2]);
    if (!layer || !pattern) return undefined;
    dims = pattern.dims.map((d) => instantiate(d, pattern.variable, Number(layer[3])));
  }
  const sizes = dims.map((d) => sizeOfDimension(d, shapes));
  if (sizes.some((s) => s === undefined)) return undefined;
  if (sizes.length === 0) return [];
  const [rows, cols = 1] = sizes as number[];
  return rows === 1 && cols === 1 ? [] : [rows, cols];
}

/** The size a name stands for when the document uses it as a size (the n of R^n), else undefined. */
export function dimensionSize(name: string, shapes: ShapeDeclarations): number | undefined {
  const used = [...shapes.declared.values()].some((dims) => dims.includes(name));
  return used ? sizeOfDimension(name, shapes) : shapes.sizes.get(name);
}
