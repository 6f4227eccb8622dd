import type { Span } from '../report';
import { type Expr, type SymbolExpr, walk } from '../latex/ast';
import type { Token } from '../latex/tokens';
import { isDimensionName, type ShapeDeclarations, sizeOfDimension } from './shapes';

/**
 * Index notation (`z_j = \sum_k w_{jk} x_k + b_j`, `\frac{\partial L}{\partial w_{jk}} = \delta_j x_k`)
 * rewritten into the matrix form the rest of the checker reads: an entry `x_k` stands for the
 * vector x, `w_{jk}` for the matrix w (rows j, columns k), a product of entries is an entrywise
 * product after each factor is repeated along the indices it lacks (with ones vectors), and a sum
 * over a component index is a product with a ones vector. At most two free indices.
 *
 * An index is a component index when the document gives its range (`k \in \{1, \dots, n\}`) or
 * sums over it up to a declared size (`\sum_{k=1}^{K}`) with entries written `y_k`; any other
 * summation index still runs over the training examples.
 */
export class IndexError extends Error {
  constructor(message: string, readonly span: Span) {
    super(message);
  }
}

/** A claim whose free indices differ between its sides (`\partial L / \partial w_{jk} = \delta_j x_j`). */
export interface IndexMismatch {
  message: string;
  span: Span;
  /** A dropped sum: the right side summed over this index (as matrices), and as the author writes it. */
  summed?: { expr: Expr; latex: string };
}

type Ranges = Map<string, string>;

const RANGE_DOTS = new Set(['\\dots', '\\ldots', '\\cdots']);

/** `k \in \{1, \dots, n\}` and `k, j \in \{1, \ldots, K\}` in the document's math. */
export function readIndexRanges(tokens: Token[], into: Ranges): void {
  tokens.forEach((t, i) => {
    if (t.text !== '\\in') return;
    const text = tokens.slice(i + 1, i + 8).map((x) => x.text);
    if (text[0] !== '\\{' || text[1] !== '1' || text[2] !== ',' || !RANGE_DOTS.has(text[3]) || text[4] !== ',') return;
    const close = tokens.findIndex((x, k) => k > i + 5 && x.text === '\\}');
    if (close < 0) return;
    const size = tokens.slice(i + 6, close).map((x) => x.text).join('').replace(/[{}]/g, '');
    for (let k = i - 1; k >= 0; k -= 2) {
      if (tokens[k].kind !== 'letter') break;
      into.set(tokens[k].text, size);
      if (tokens[k - 1]?.text !== ',') break;
    }
  });
}

/** `y_k`, `w_{jk}`, `b^{(2)}_k`: the name without its component indices, and the indices. */
function splitIndices(name: string, ranges: Ranges): { base: string; letters: string[] } | undefined {
  const m = /^(.*?)_([A-Za-z]{1,2})((?:\^[([][^)\]]*[)\]])?'*)$/.exec(name);
  if (!m || !m[1]) return undefined;
  const letters = [...m[2]];
  return letters.every((l) => ranges.has(l)) ? { base: m[1] + m[3], letters } : undefined;
}

/**
 * Sums up to a declared size whose summands write entries with the summation index; also sums up
 * to any size whose summands write entries of a vector (`\sum_{j=1}^{q} y_j \log \hat{y}_j` where
 * the document writes \mathbf{y}): then every other index of that vector's entries (the i of
 * `\hat{y}_i = \dots`) runs as far.
 */
export function sumIndexRanges(sides: Expr[], shapes: ShapeDeclarations, into: Ranges, vectors: VectorEntries = NO_VECTORS): void {
  let anyOfVector = false;
  const entryOf = (name: string, index: string): RegExpExecArray | null => new RegExp(`^(.+?)_([A-Za-z]?${index}[A-Za-z]?)(\\^|'|$)`).exec(name);
  for (const side of sides) walk(side, (node) => {
    if (node.kind !== 'sum' || !node.index || node.index.length !== 1 || node.upper?.kind !== 'symbol' || into.has(node.index)) return;
    const index = node.index;
    let written = false;
    let ofVector = false;
    walk(node.body, (n) => {
      const m = n.kind === 'symbol' ? entryOf(n.name, index) : null;
      if (!m || n.kind !== 'symbol') return;
      written = true;
      if (m[2] === index && vectors.isEntry(m[1])) ofVector = true;
    });
    if (written && (isDimensionName(node.upper.name, shapes) || ofVector)) into.set(index, node.upper.name);
    anyOfVector ||= ofVector;
  });
  if (!anyOfVector) return;
  const sizes = new Map<string, string>();
  const entries: Array<{ base: string; index: string }> = [];
  for (const side of sides) walk(side, (n) => {
    if (n.kind !== 'symbol') return;
    const m = /^(.+?)_([A-Za-z])('*)$/.exec(n.name);
    if (!m || !vectors.isEntry(m[1])) return;
    entries.push({ base: m[1], index: m[2] });
    const size = into.get(m[2]);
    if (size) sizes.set(m[1], size);
  });
  for (const { base, index } of entries) if (!into.has(index) && sizes.has(base)) into.set(index, sizes.get(base)!);
}

/** Which names the document writes as vectors in bold and reads entry by entry in plain letters. */
export interface VectorEntries {
  isEntry(base: string): boolean;
}

const NO_VECTORS: VectorEntries = { isEntry: () => false };

const BOLD = new Set(['\\mathbf', '\\boldsymbol', '\\bm', '\\vec']);

/**
 * `\mathbf{o}` and `o_j` in one document: o is a vector and o_j its entries. An entry is a plain
 * letter with a one-letter subscript (`\mathbf{x}_i`, bold, is the i-th of several vectors).
 */
export function vectorEntries(blocks: Token[][]): VectorEntries {
  let letters: { bold: Set<string>; plain: Set<string> } | undefined;
  const letterOf = (base: string): string => base.replace(/\\[A-Za-z]+\{(.*)\}/, '$1');
  // Read on first need: most documents have no sum that asks.
  return {
    isEntry: (base) => {
      letters ??= boldAndPlain(blocks);
      return letters.bold.has(letterOf(base)) && letters.plain.has(letterOf(base));
    },
  };
}

function boldAndPlain(blocks: Token[][]): { bold: Set<string>; plain: Set<string> } {
  const bold = new Set<string>();
  const plain = new Set<string>();
  for (const tokens of blocks) tokens.forEach((t, i) => {
    if (BOLD.has(t.text) && tokens[i + 1]?.text === '{' && tokens[i + 2]?.kind === 'letter' && tokens[i + 3]?.text === '}') bold.add(tokens[i + 2].text);
    const inBold = BOLD.has(tokens[i - 2]?.text ?? '') && tokens[i - 1]?.text === '{';
    if (t.kind === 'letter' && !inBold && tokens[i + 1]?.text === '_' && tokens[i - 1]?.kind !== 'letter') plain.add(t.text);
  });
  return { bold, plain };
}

interface Indexed {
  expr: Expr;
  /** The free indices, in the order of the value's rows then columns. */
  axes: string[];
}

/** Rewrites the equations of a document in index notation; the rest is returned unchanged. */
export class IndexRewriter {
  /** Names defined with their indices (`z_j`, `\delta_k`), by their name without them. */
  private readonly defined = new Map<string, string[]>();

  constructor(private readonly ranges: Ranges, private readonly shapes: ShapeDeclarations, definedNames: Iterable<string>) {
    for (const name of definedNames) {
      const split = splitIndices(name, ranges);
      if (!split) continue;
      const list = this.defined.get(split.base) ?? [];
      if (!list.includes(name)) list.push(name);
      this.defined.set(split.base, list);
    }
  }

  get active(): boolean {
    return this.ranges.size > 0;
  }

  private size(letter: string): number {
    return sizeOfDimension(this.ranges.get(letter)!, this.shapes) ?? 1;
  }

  /**
   * The symbol an indexed name stands for: the whole vector or matrix, which an entry defined with
   * one set of indices (`A_{ij} = \dots`) defines; entries defined with several (Bishop's `\delta_j`
   * and `\delta_k`, one per layer) are different vectors, each by its indices.
   */
  private resolve(e: SymbolExpr): Indexed | undefined {
    const split = splitIndices(e.name, this.ranges);
    if (!split) return undefined;
    const defined = this.defined.get(split.base) ?? [];
    const exact = defined.length > 1 && (defined.includes(e.name) ? e.name : defined.find((d) => splitIndices(d, this.ranges)!.letters.length === split.letters.length));
    if (exact) return { expr: { ...e, name: exact, indexed: e.name }, axes: split.letters };
    if (!defined.length && !this.shapes.declared.has(split.base)) {
      // A leaf read entry by entry is a vector (or matrix) of the indices' sizes.
      this.shapes.declared.set(split.base, split.letters.map((l) => this.ranges.get(l)!));
    }
    return { expr: { ...e, name: split.base, indexed: e.name }, axes: split.letters };
  }

  /** The left side's indices: those of a defined entry, or of the variable of a derivative. */
  targetAxes(left: Expr): string[] {
    const wrt = left.kind === 'derivative' ? left.wrt : left;
    if (wrt.kind !== 'symbol') return [];
    return splitIndices(wrt.name, this.ranges)?.letters ?? [];
  }

  /** The left side with its indexed names resolved: an entry defined (`A_{ij} = \dots`) defines A. */
  rewriteLeft(left: Expr): Expr {
    if (left.kind === 'symbol') return this.resolve(left)?.expr ?? left;
    if (left.kind === 'derivative') {
      const wrt = this.resolve(left.wrt);
      const of = left.of.kind === 'symbol' ? this.resolve(left.of)?.expr ?? left.of : left.of;
      return { ...left, of, wrt: (wrt?.expr as SymbolExpr | undefined) ?? left.wrt };
    }
    return left;
  }

  /** A right side (or a definition) as a value with the target's indices, or an index mismatch. */
  rewrite(e: Expr, target: string[], text?: string): { expr: Expr; mismatch?: IndexMismatch } {
    const result = this.indexed(e);
    const same = result.axes.length === target.length && result.axes.every((a) => target.includes(a));
    // `x_{i+k-1}`: indices in arithmetic are not read yet, so the sides' indices cannot be compared.
    if (!same && this.hasIndexArithmetic(e)) throw new IndexError('indices computed from others (x_{i+k-1}) are not read yet', e.span);
    if (!same) {
      const { mismatch, repeated } = this.mismatch(e, result.axes, target);
      if (repeated && text) {
        // The sum the author dropped, offered once it is checked against the reference.
        const summed = this.rewrite({ kind: 'sum', op: 'sum', index: repeated, body: e, span: e.span }, target);
        const written = text.slice(e.span.start, e.span.end).trim();
        const range = this.ranges.get(repeated)!;
        const body = e.kind === 'add' ? `\\left(${written}\\right)` : written;
        if (!summed.mismatch) mismatch.summed = { expr: summed.expr, latex: `\\sum_{${repeated}=1}^{${range}} ${body}` };
      }
      return { expr: result.expr, mismatch };
    }
    const expr = result.axes.length === 2 && result.axes[0] !== target[0] ? transpose(result.expr) : result.expr;
    return { expr };
  }

  private hasIndexArithmetic(e: Expr): boolean {
    let found = false;
    walk(e, (n) => {
      const sub = n.kind === 'symbol' ? /_\{?([^}]*)\}?$/.exec(n.name)?.[1] : undefined;
      if (sub && /[+-]/.test(sub) && [...this.ranges.keys()].some((letter) => sub.includes(letter))) found = true;
    });
    return found;
  }

  /** Where and why the indices differ; `repeated` names the index of a dropped sum. */
  private mismatch(e: Expr, axes: string[], target: string[]): { mismatch: IndexMismatch; repeated?: string } {
    const extra = axes.filter((a) => !target.includes(a));
    const missing = target.filter((a) => !axes.includes(a));
    const factors = e.kind === 'mul' || e.kind === 'hadamard' ? e.factors : [e];
    const lettersOf = (f: Expr): string[] => {
      const out: string[] = [];
      walk(f, (n) => { if (n.kind === 'symbol') out.push(...(splitIndices(n.name, this.ranges)?.letters ?? [])); });
      return out;
    };
    let span = e.span;
    const repeated = extra.find((a) => factors.filter((f) => lettersOf(f).includes(a)).length >= 2);
    if (extra.length && !repeated) span = factors.find((f) => lettersOf(f).some((a) => extra.includes(a)))?.span ?? e.span;
    else if (!extra.length) {
      // An index written twice where another belongs: the later factor carries the wrong one.
      const seen = new Set<string>();
      for (const f of factors) {
        const letters = lettersOf(f);
        if (letters.length && letters.every((a) => seen.has(a))) { span = f.span; break; }
        letters.forEach((a) => seen.add(a));
      }
    }
    const list = (xs: string[]): string => xs.join(', ');
    const message = repeated
      ? `the index ${repeated} appears twice on the right and not on the left: the sum over ${repeated} is missing`
      : extra.length
        ? `the index ${list(extra)} is free on the right but not on the left`
        : `the index ${list(missing)} is free on the left but not on the right`;
    return { mismatch: { message, span }, repeated };
  }

  private indexed(e: Expr): Indexed {
    switch (e.kind) {
      case 'symbol': return this.resolve(e) ?? { expr: e, axes: [] };
      case 'derivative': {
        const left = this.rewriteLeft(e);
        return { expr: left, axes: this.targetAxes(e) };
      }
      case 'neg': { const a = this.indexed(e.arg); return { expr: { ...e, arg: a.expr }, axes: a.axes }; }
      case 'add': {
        const terms = e.terms.map((t) => this.indexed(t));
        const axes = this.union(terms, e.span);
        return { expr: { ...e, terms: terms.map((t) => this.broadcast(t, axes)) }, axes };
      }
      case 'mul': case 'hadamard': {
        const factors = e.factors.map((f) => this.indexed(f));
        if (factors.every((f) => f.axes.length === 0)) return { expr: { ...e, factors: factors.map((f) => f.expr) }, axes: [] };
        const axes = this.union(factors, e.span);
        // Entries multiply as numbers: entry by entry, once repeated along the same indices.
        return { expr: { kind: 'hadamard', factors: factors.map((f) => this.broadcast(f, axes)), span: e.span }, axes };
      }
      case 'div': {
        const parts = [this.indexed(e.num), this.indexed(e.den)];
        const axes = this.union(parts, e.span);
        return { expr: { ...e, num: this.broadcast(parts[0], axes), den: this.broadcast(parts[1], axes) }, axes };
      }
      case 'pow': {
        // e^{z_k} carries its exponent's index.
        const parts = [this.indexed(e.base), this.indexed(e.exponent)];
        const axes = this.union(parts, e.span);
        return { expr: { ...e, base: this.broadcast(parts[0], axes), exponent: this.broadcast(parts[1], axes) }, axes };
      }
      case 'call': {
        if (e.entry) {
          // softmax(o)_j: the function of the whole vector, read entry by entry along j.
          const arg = e.args.length === 1 ? this.indexed(e.args[0]) : undefined;
          if (!arg || arg.axes.length || !this.ranges.has(e.entry)) throw new IndexError(`the entry ${e.entry} of ${e.fn}(...) is read only of a function of a whole vector, with the range of ${e.entry} known`, e.span);
          const { entry: _entry, ...value } = e;
          return { expr: { ...value, args: [arg.expr] }, axes: [e.entry] };
        }
        if (e.args.length !== 1) return { expr: e, axes: [] };
        const arg = this.indexed(e.args[0]);
        return { expr: { ...e, args: [arg.expr] }, axes: arg.axes };
      }
      case 'sum': {
        const body = this.indexed(e.body);
        if (!e.index || !this.ranges.has(e.index)) return { expr: { ...e, body: body.expr }, axes: body.axes };
        return this.reduce(body, e.index, e.span);
      }
      default: return { expr: e, axes: [] };
    }
  }

  private union(parts: Indexed[], span: Span): string[] {
    const axes: string[] = [];
    for (const p of parts) for (const a of p.axes) if (!axes.includes(a)) axes.push(a);
    if (axes.length > 2) throw new IndexError(`${axes.length} free indices (${axes.join(', ')}): at most two are checked`, span);
    return axes;
  }

  private ones(letter: string, span: Span): Expr {
    return { kind: 'ones', size: this.size(letter), span };
  }

  /** A value repeated along the indices it lacks, its own in the order of `axes`. */
  private broadcast(part: Indexed, axes: string[]): Expr {
    const { expr, axes: own } = part;
    const span = expr.span;
    if (own.length === 0 || (own.length === axes.length && own.every((a, k) => a === axes[k]))) return expr;
    if (own.length === 2) return transpose(expr);
    // A column along axes[0] repeated in columns, or along axes[1] repeated in rows.
    if (own[0] === axes[0]) return { kind: 'mul', factors: [expr, transpose(this.ones(axes[1], span))], span };
    return { kind: 'mul', factors: [this.ones(axes[0], span), transpose(expr)], span };
  }

  /** The sum over one index: a product with a ones vector on that index's side. */
  private reduce(body: Indexed, index: string, span: Span): Indexed {
    const { expr, axes } = body;
    const at = axes.indexOf(index);
    if (at < 0) return { expr: { kind: 'mul', factors: [{ kind: 'number', value: this.size(index), span }, expr], span }, axes };
    const rest = axes.filter((a) => a !== index);
    if (at === 1) return { expr: { kind: 'mul', factors: [expr, this.ones(index, span)], span }, axes: rest };
    const summed: Expr = { kind: 'mul', factors: [transpose(this.ones(index, span)), expr], span };
    return { expr: rest.length ? transpose(summed) : summed, axes: rest };
  }
}

function transpose(e: Expr): Expr {
  return { kind: 'transpose', arg: e, span: e.span };
}
