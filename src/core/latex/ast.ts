import type { Span } from '../report';

/** Expression tree of one side of an equation. Every node keeps its span in the original file. */
export type Expr =
  | NumberExpr
  | SymbolExpr
  | ConstantExpr
  | AddExpr
  | NegExpr
  | MulExpr
  | DivExpr
  | PowExpr
  | CallExpr
  | DerivativeExpr
  | SumExpr
  | PiecewiseExpr
  | TransposeExpr
  | HadamardExpr
  | OuterExpr
  | OnesExpr
  | NormExpr;

export interface NumberExpr { kind: 'number'; value: number; span: Span }

/**
 * A variable. `name` is its identity in the derivation (`net_1`, `y'`, `\hat{y}`, `z^(2)`):
 * braces dropped, time-step superscripts removed into `time`.
 */
export interface SymbolExpr {
  kind: 'symbol';
  name: string;
  time?: string;
  span: Span;
  /** In index notation, the name as written with its indices (`w_jk` for the matrix `w`). */
  indexed?: string;
}

export interface ConstantExpr { kind: 'constant'; name: 'e' | 'pi'; span: Span }

/** n-ary sum: terms[i] is added with signs[i] (+1 or -1). */
export interface AddExpr { kind: 'add'; terms: Expr[]; signs: Array<1 | -1>; span: Span }
export interface NegExpr { kind: 'neg'; arg: Expr; span: Span }
/** n-ary product, explicit (`\times`, `\cdot`) or by juxtaposition; `grouped` when written in brackets. */
export interface MulExpr {
  kind: 'mul';
  factors: Expr[];
  span: Span;
  grouped?: boolean;
  /** Indices of factors written after `\cdot`: between two vectors, a dot product. */
  dots?: number[];
}
export interface DivExpr { kind: 'div'; num: Expr; den: Expr; span: Span }
export interface PowExpr { kind: 'pow'; base: Expr; exponent: Expr; span: Span }

/** A function applied to arguments; `order` 1 is the derivative function (`\sigma'(z)`). */
export interface CallExpr {
  kind: 'call';
  fn: string;
  order: number;
  args: Expr[];
  span: Span;
  fnSpan: Span;
  /** `\mathrm{softmax}(\mathbf{o})_j`: the entry j of the function's value, read in index notation only. */
  entry?: string;
}

/** d(of)/d(wrt), in any of the notations of DESIGN.md section 2. */
export interface DerivativeExpr { kind: 'derivative'; of: Expr; wrt: SymbolExpr; span: Span }

/**
 * `\sum`, `\prod` or a mean (`\mathbb{E}`). Without a range, or with a range over the examples,
 * the body is per example.
 */
export interface SumExpr {
  kind: 'sum';
  op: 'sum' | 'prod' | 'mean';
  index?: string;
  lower?: Expr;
  upper?: Expr;
  body: Expr;
  span: Span;
}

export interface Condition { op: '<' | '>' | '<=' | '>='; left: Expr; right: Expr }
/** `\begin{cases}`: the first piece whose condition holds; a piece without condition is "otherwise". */
export interface PiecewiseExpr { kind: 'piecewise'; pieces: Array<{ value: Expr; condition?: Condition }>; span: Span }

/** `W^\top`, `x^T`, `(W^{(2)})^\top`: a scalar's transpose is itself. */
export interface TransposeExpr { kind: 'transpose'; arg: Expr; span: Span }
/** `a \odot b`, `a \circ b`: entry by entry. */
export interface HadamardExpr { kind: 'hadamard'; factors: Expr[]; span: Span }
/** `a \otimes b`: the outer product a b^T. */
export interface OuterExpr { kind: 'outer'; left: Expr; right: Expr; span: Span }
/** `\mathbf{1}`: the ones vector, its length inferred from where it is used. */
export interface OnesExpr { kind: 'ones'; span: Span; size?: number }
/** `\|x\|`, `\|x\|_2`: the Euclidean (Frobenius) norm. */
export interface NormExpr { kind: 'norm'; arg: Expr; span: Span }

export function spanOf(first: Span, last: Span): Span {
  return { start: first.start, end: last.end };
}

/** Calls `visit` on every node of `expr`, parents before children. */
export function walk(expr: Expr, visit: (node: Expr) => void): void {
  visit(expr);
  for (const child of children(expr)) walk(child, visit);
}

export function children(expr: Expr): Expr[] {
  switch (expr.kind) {
    case 'add': return expr.terms;
    case 'neg': return [expr.arg];
    case 'mul': return expr.factors;
    case 'div': return [expr.num, expr.den];
    case 'pow': return [expr.base, expr.exponent];
    case 'call': return expr.args;
    case 'derivative': return [expr.of, expr.wrt];
    case 'sum': return [expr.body];
    case 'transpose': case 'norm': return [expr.arg];
    case 'hadamard': return expr.factors;
    case 'outer': return [expr.left, expr.right];
    case 'piecewise':
      return expr.pieces.flatMap((p) => (p.condition ? [p.value, p.condition.left, p.condition.right] : [p.value]));
    default: return [];
  }
}

/** The number of nodes on the longest path down an expression, found without recursion. */
export function treeDepth(expr: Expr): number {
  let deepest = 0;
  const stack: Array<{ node: Expr; depth: number }> = [{ node: expr, depth: 1 }];
  for (let top = stack.pop(); top; top = stack.pop()) {
    deepest = Math.max(deepest, top.depth);
    for (const c of children(top.node)) stack.push({ node: c, depth: top.depth + 1 });
  }
  return deepest;
}

/** Names of the symbols an expression reads, derivatives excluded (they are values of their own). */
export function freeSymbols(expr: Expr, into = new Set<string>()): Set<string> {
  if (expr.kind === 'symbol') into.add(expr.name);
  else if (expr.kind !== 'derivative') for (const c of children(expr)) freeSymbols(c, into);
  return into;
}

/** An expression as text, without where it is written (exprKey leaves out sum bounds and time steps). */
export function withoutPlaces(e: Expr | Expr[]): string {
  return JSON.stringify(e, (key, value: unknown) => (key === 'span' || key === 'fnSpan' ? undefined : value));
}

/** Names differentiated as a whole (`\frac{\partial u}{\partial b}`, `\frac{df}{dx}`) anywhere in `exprs`. */
export function differentiatedNames(exprs: Iterable<Expr>): Set<string> {
  const names = new Set<string>();
  for (const e of exprs) walk(e, (n) => { if (n.kind === 'derivative' && n.of.kind === 'symbol') names.add(n.of.name); });
  return names;
}

/** A structural key of an expression: equal for equal trees wherever they are written. */
export function exprKey(e: Expr): string {
  switch (e.kind) {
    case 'number': return String(e.value);
    case 'symbol': return `'${e.name}'`;
    case 'constant': return e.name;
    case 'add': return `(+ ${e.terms.map((t, k) => (e.signs[k] < 0 ? `-${exprKey(t)}` : exprKey(t))).join(' ')})`;
    case 'neg': return `(- ${exprKey(e.arg)})`;
    case 'mul': return `(*${e.dots ? `.${e.dots.join('.')}` : ''} ${e.factors.map(exprKey).join(' ')})`;
    case 'div': return `(/ ${exprKey(e.num)} ${exprKey(e.den)})`;
    case 'pow': return `(^ ${exprKey(e.base)} ${exprKey(e.exponent)})`;
    case 'call': return `(${e.fn}${"'".repeat(e.order)} ${e.args.map(exprKey).join(' ')})`;
    case 'derivative': return `(d ${exprKey(e.of)} ${exprKey(e.wrt)})`;
    case 'sum': return `(${e.op} ${exprKey(e.body)})`;
    case 'transpose': return `(T ${exprKey(e.arg)})`;
    case 'norm': return `(norm ${exprKey(e.arg)})`;
    case 'hadamard': return `(odot ${e.factors.map(exprKey).join(' ')})`;
    case 'outer': return `(otimes ${exprKey(e.left)} ${exprKey(e.right)})`;
    case 'ones': return `1s${e.size ?? ''}`;
    case 'piecewise':
      return `(cases ${e.pieces.map((p) => `${exprKey(p.value)}${p.condition ? ` ${p.condition.op} ${exprKey(p.condition.left)} ${exprKey(p.condition.right)}` : ''}`).join(' ; ')})`;
  }
}

/** The expression with `rename` applied to every symbol; unchanged subtrees are shared, not copied. */
export function renameSymbols(e: Expr, rename: (name: string) => string): Expr {
  if (e.kind !== 'symbol') return mapChildren(e, (x) => renameSymbols(x, rename));
  const name = rename(e.name);
  return name === e.name ? e : { ...e, name };
}

/**
 * The node with `map` applied to each of its children (a derivative's variable must map to a
 * symbol); a node whose children all map to themselves is returned as it is, not copied.
 */
export function mapChildren(e: Expr, map: (child: Expr) => Expr): Expr {
  const same = <T>(a: T[], b: T[]): boolean => a.every((v, i) => v === b[i]);
  switch (e.kind) {
    case 'symbol': case 'number': case 'constant': case 'ones': return e;
    case 'transpose': case 'norm': { const arg = map(e.arg); return arg === e.arg ? e : { ...e, arg }; }
    case 'hadamard': { const factors = e.factors.map(map); return same(factors, e.factors) ? e : { ...e, factors }; }
    case 'outer': { const left = map(e.left); const right = map(e.right); return left === e.left && right === e.right ? e : { ...e, left, right }; }
    case 'add': { const terms = e.terms.map(map); return same(terms, e.terms) ? e : { ...e, terms }; }
    case 'neg': { const arg = map(e.arg); return arg === e.arg ? e : { ...e, arg }; }
    case 'mul': { const factors = e.factors.map(map); return same(factors, e.factors) ? e : { ...e, factors }; }
    case 'div': { const num = map(e.num); const den = map(e.den); return num === e.num && den === e.den ? e : { ...e, num, den }; }
    case 'pow': { const base = map(e.base); const exponent = map(e.exponent); return base === e.base && exponent === e.exponent ? e : { ...e, base, exponent }; }
    case 'call': { const args = e.args.map(map); return same(args, e.args) ? e : { ...e, args }; }
    case 'derivative': {
      const of = map(e.of);
      const wrt = map(e.wrt);
      if (wrt.kind !== 'symbol') throw new Error('the variable of a derivative must stay a symbol');
      return of === e.of && wrt === e.wrt ? e : { ...e, of, wrt };
    }
    case 'sum': { const body = map(e.body); return body === e.body ? e : { ...e, body }; }
    case 'piecewise': {
      const pieces = e.pieces.map((p) => ({ value: map(p.value), condition: p.condition && { ...p.condition, left: map(p.condition.left), right: map(p.condition.right) } }));
      return { ...e, pieces };
    }
  }
}

/** True when an expression needs the reference engine: a derivative or a derivative function. */
export function hasReference(expr: Expr): boolean {
  let found = false;
  walk(expr, (node) => {
    if (node.kind === 'derivative' || (node.kind === 'call' && node.order > 0)) found = true;
  });
  return found;
}
