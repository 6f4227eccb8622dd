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
  /** The text says the softmax acts on each row ("row-wise", "on each row"), whatever the sizes are named. */
  softmaxOfRows?: boolean;
}

export function emptyShapes(): ShapeDeclarations {
  return { declared: new Map(), layered: [], sizes: new Map(), spans: new Map() };
}

/** The key under which `\mathbf{1} \in \mathbb{R}^{n}` declares the length of the ones vectors. */
export const ONES = '\\mathbf{1}';

/** The length `\mathbf{1} \in \mathbb{R}^{n}` gives the ones vectors, if the document declares one. */
export function declaredOnesLength(shapes: ShapeDeclarations): number | undefined {
  const dims = shapes.declared.get(ONES);
  return dims ? sizeOfDimension(dims[0], shapes) : undefined;
}

const ROWS = String.raw`(?:row-?wise|(?:each|every) row)`;
const SOFTMAX_OF_ROWS = new RegExp(String.raw`softmax[^.$]{0,80}\b${ROWS}|\b${ROWS}[^.$]{0,80}softmax`, 'i');

/** True when the prose says the softmax acts on each row (attention's scores: one query per row, sizes n by m). */
export function statesSoftmaxOfRows(text: string): boolean {
  return SOFTMAX_OF_ROWS.test(text);
}

/** From 3: a size of 2 would pass for the factor 2 of a square, and 1/N for a lost half. */
const FIRST_SIZE = 3;

const plain = (tokens: Token[]): string => tokens.map((t) => t.text).join('').replace(/[{}]/g, '');

/** Length of the domain `\mathbb{R}`, `\mathbb R` or `\{0, 1\}` (labels) at the start, or 0. */
function domainLength(right: Token[]): number {
  const text = right.map((t) => t.text);
  if (text[0] === '\\mathbb') {
    if (text[1] === 'R') return 2;
    if (text[1] === '{' && text[2] === 'R' && text[3] === '}') return 4;
    return 0;
  }
  const binary = ['\\{', '0', ',', '1', '\\}'];
  return binary.every((t, k) => text[k] === t) ? binary.length : 0;
}

/** Reads `name \in \mathbb{R}^{...}`; true when the equation was one. */
export function readShapeDeclaration(equation: Equation, table: SymbolTable, into: ShapeDeclarations): boolean {
  const { tokens, sides, relations } = equation;
  if (relations.length !== 1 || sides.length !== 2) return false;
  const relation = tokens.find((t) => t.start === relations[0].span.start);
  if (relation?.text !== '\\in') return false;
  const right = tokens.slice(sides[1].start, sides[1].end);
  const i = domainLength(right);
  if (!i) return false;
  const dims = dimensionsAfter(right, i);
  if (!dims) return false;
  // `\mathbf{1} \in \mathbb{R}^{H}`: the length of the document's ones vectors.
  const left = plain(tokens.slice(sides[0].start, sides[0].end));
  if (/^(\\(mathbf|boldsymbol|bm|mathbb|vec))?1$/.test(left) && dims.length === 1) {
    into.declared.set(ONES, dims);
    sizeOfDimension(dims[0], into);
    return true;
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

/** The sizes written after the domain: `^{m \\times n}`, `^n`, or none (a scalar); undefined if unreadable. */
function dimensionsAfter(right: Token[], i: number): string[] | undefined {
  if (right[i]?.text !== '^') return [];
  let close = i + 2;
  if (right[i + 1]?.text === '{') {
    let depth = 0;
    for (close = i + 1; close < right.length; close++) {
      if (right[close].text === '{') depth++;
      else if (right[close].text === '}' && --depth === 0) break;
    }
  }
  const arg = right[i + 1]?.text === '{' ? right.slice(i + 2, close) : right.slice(i + 1, i + 2);
  const parts: Token[][] = [[]];
  for (const t of arg) {
    if (t.text === '\\times' || t.text === '×' || t.text === '\\cdot') parts.push([]);
    else parts[parts.length - 1].push(t);
  }
  const dims = parts.map(plain);
  return dims.length > 2 || dims.some((d) => d === '') ? undefined : dims;
}

/**
 * `\\mathbf{x}, \\mathbf{y} \\in \\mathbb{R}^{N}`: every name of a list before a declaration
 * gets its shape (the equations split at the commas see only the last one).
 */
export function readDeclarationLists(tokens: Token[], table: SymbolTable, into: ShapeDeclarations): void {
  const names = new NameReader(tokens, table);
  tokens.forEach((t, i) => {
    if (t.text !== '\\in') return;
    const right = tokens.slice(i + 1);
    const length = domainLength(right);
    const dims = length ? dimensionsAfter(right, length) : undefined;
    if (!dims) return;
    let end = i;
    for (;;) {
      let start = end - 1;
      let depth = 0;
      while (start >= 0 && !(depth === 0 && tokens[start].text === ',')) {
        if (tokens[start].text === '}') depth++;
        else if (tokens[start].text === '{') depth--;
        if (depth < 0) break;
        start--;
      }
      let name;
      try {
        name = names.whole(start + 1, end);
      } catch {
        return;
      }
      if (!name) return;
      if (end !== i && !into.declared.has(name.name)) {
        into.declared.set(name.name, dims);
        into.spans.set(name.name, name.span);
        for (const d of dims) sizeOfDimension(d, into);
      }
      if (start < 0 || tokens[start].text !== ',') return;
      end = start;
    }
  });
}

/** A named size's number (numbers stand for themselves). */
export function sizeOfDimension(dim: string, shapes: ShapeDeclarations): number | undefined {
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

/** True when a name is a size of a declared vector or matrix (the N of R^{N x D}): a constant. */
export function isDimensionName(name: string, shapes: ShapeDeclarations): boolean {
  return [...shapes.declared.values()].some((dims) => dims.includes(name)) || shapes.layered.some((p) => p.dims.includes(name));
}

/** The size a name stands for when the document uses it as a size (the n of R^n), else undefined. */
export function dimensionSize(name: string, shapes: ShapeDeclarations): number | undefined {
  const used = [...shapes.declared.values()].some((dims) => dims.includes(name));
  return used ? sizeOfDimension(name, shapes) : shapes.sizes.get(name);
}

/** Names of sizes that count examples: a softmax over a batch with them as rows acts on each row. */
const EXAMPLE_SIZES = /^(N|B|m|batch|n_batch)$/;

/**
 * Whether a softmax of this matrix normalises each row (examples in rows, CS231n) rather than
 * each column (examples in columns, or one vector). Sizes are distinct per name, so the size of
 * a dimension tells which name it has.
 */
export function softmaxByRows(shape: readonly number[], shapes: ShapeDeclarations): boolean {
  if (shape.length < 2 || shape[1] === 1) return false;
  if (shapes.softmaxOfRows) return true;
  const nameOf = (size: number): string | undefined => [...shapes.sizes].find(([, s]) => s === size)?.[0];
  const rows = nameOf(shape[0]);
  const cols = nameOf(shape[1]);
  return !!rows && EXAMPLE_SIZES.test(rows) && !(cols && EXAMPLE_SIZES.test(cols));
}
