import { type Expr, walk } from '../latex/ast';
import type { ShapeDeclarations } from './shapes';
import type { VectorEntries } from './indices';

/**
 * The extent of an index from the variable it indexes: in `S_{ij}` with `S = \frac{Q K^\top}{\sqrt{d}}`
 * and `Q \in \mathbb{R}^{n \times d}`, `K \in \mathbb{R}^{m \times d}`, i runs over the n rows of S
 * and j over its m columns; in `o_j` with `\mathbf{o} \in \mathbb{R}^{q}`, j runs to q. So an
 * entry-wise definition (`A_{ij} = \frac{\exp(S_{ij})}{\sum_k \exp(S_{ik})}`) is read whole, and a
 * sum written without bounds (`\sum_j \exp(o_j)`) runs over the entries it reads.
 *
 * Sizes are read as the document names them (rows first; a vector is a column), from its
 * declarations and its definitions in matrix form; an index whose range the document states
 * (`k \in \{1, \dots, n\}`, `\sum_{k=1}^{m}`) keeps it.
 */
export function indexExtents(sides: Expr[], definitions: Map<string, Expr>, shapes: ShapeDeclarations, vectors: VectorEntries, into: Map<string, string>): void {
  // Without a declared vector or matrix every size is unknown: nothing to read.
  if (shapes.declared.size === 0) return;
  const sizes = new SizesOf(definitions, shapes);
  const examples = exampleLetters(sides, into);
  for (const side of sides) walk(side, (node) => {
    if (node.kind !== 'symbol') return;
    const m = /^(.+?)_([A-Za-z]{1,2})$/.exec(node.name);
    if (!m || definitions.has(node.name) || shapes.declared.has(node.name)) return;
    const [, base, letters] = m;
    const dims = sizes.of(base);
    if (!dims) return;
    const axes = dims.filter((d) => d !== '1');
    // One index on a vector written in bold (`\mathbf{x}_i` is the i-th of several vectors, `x_i` an entry), two on a matrix.
    const fits = letters.length === 2 ? axes.length === 2 && dims.length === 2 : axes.length === 1 && vectors.isEntry(base);
    if (!fits) return;
    [...letters].forEach((letter, k) => { if (!into.has(letter) && !examples.has(letter)) into.set(letter, axes[k]); });
  });
}

/**
 * Letters that count the examples somewhere in the document: the i of `\sum_{i=1}^{n} l^{(i)}` (a
 * sum to a bound over no entries) or of `x^{(i)}`. Such a letter written on an entry elsewhere
 * (`\sum_i x_i w_i`) keeps counting examples rather than running over a vector.
 */
function exampleLetters(sides: Expr[], ranges: Map<string, string>): Set<string> {
  const letters = new Set<string>();
  for (const side of sides) walk(side, (node) => {
    if (node.kind === 'sum' && node.index && node.upper && !ranges.has(node.index)) letters.add(node.index);
    const example = node.kind === 'symbol' ? /\^\(([A-Za-z])\)/.exec(node.name) : null;
    if (example) letters.add(example[1]);
  });
  return letters;
}

/** Named sizes of a name's value, rows first ([] a scalar, [n] a column), or undefined when not known. */
class SizesOf {
  private readonly known = new Map<string, string[] | undefined>();

  constructor(private readonly definitions: Map<string, Expr>, private readonly shapes: ShapeDeclarations) {}

  of(name: string): string[] | undefined {
    if (this.known.has(name)) return this.known.get(name);
    // A name read while its own sizes are asked for (a definition that reads itself) has none.
    this.known.set(name, undefined);
    const declared = this.shapes.declared.get(name);
    const definition = this.definitions.get(name);
    const dims = declared ?? (definition ? this.ofExpr(definition) : []);
    this.known.set(name, dims);
    return dims;
  }

  private ofExpr(e: Expr): string[] | undefined {
    switch (e.kind) {
      case 'number': case 'constant': return [];
      case 'symbol': return this.of(e.name);
      case 'neg': case 'sum': return this.ofExpr(e.kind === 'neg' ? e.arg : e.body);
      case 'transpose': {
        const dims = this.ofExpr(e.arg);
        return dims && (dims.length === 1 ? ['1', dims[0]] : [...dims].reverse());
      }
      case 'call': return e.args.length === 1 && e.order === 0 ? this.ofExpr(e.args[0]) : undefined;
      case 'pow': return e.base.kind === 'constant' && e.base.name === 'e' ? this.ofExpr(e.exponent) : this.ofExpr(e.base);
      case 'div': return this.entrywise([e.num, e.den]);
      case 'add': return this.entrywise(e.terms);
      case 'hadamard': return this.entrywise(e.factors);
      case 'mul': return this.product(e.factors);
      default: return undefined;
    }
  }

  /** Entry by entry: a scalar, a row or a column repeats along the other's sizes. */
  private entrywise(parts: Expr[]): string[] | undefined {
    let dims: string[] = [];
    for (const part of parts) {
      const own = this.ofExpr(part);
      if (!own) return undefined;
      const [rows, cols] = [own[0] ?? '1', own[1] ?? '1'];
      if (own.length) dims = [dims[0] && dims[0] !== '1' ? dims[0] : rows, dims[1] && dims[1] !== '1' ? dims[1] : cols];
    }
    return dims[1] === '1' ? [dims[0]] : dims;
  }

  /** A matrix product: the rows of its first factor that is not a number, the columns of its last. */
  private product(factors: Expr[]): string[] | undefined {
    const dims = factors.map((f) => this.ofExpr(f));
    if (dims.some((d) => d === undefined)) return undefined;
    const matrices = (dims as string[][]).filter((d) => d.length > 0);
    if (matrices.length === 0) return [];
    const rows = matrices[0][0];
    const cols = matrices[matrices.length - 1][1] ?? '1';
    if (matrices.length > 1 && rows === '1' && cols === '1') return [];
    return cols === '1' ? [rows] : [rows, cols];
  }
}
