import type { DerivativeExpr, Expr } from '../latex/ast';
import { elementwiseShape, matrixShape, productShape, sameShape, type Shape, SCALAR, ShapeError, transposeShape, UnknownShape } from './shape';

/**
 * Shapes of expressions from the shapes of their symbols, and the length of every ones vector
 * `\mathbf{1}` from where it stands: `\mathbf{1}^\top v` sums v's entries, `b \mathbf{1}^\top`
 * added to a matrix repeats b in each of its columns.
 */
export interface ShapeContext {
  symbol(name: string): Shape;
  derivative(d: DerivativeExpr): Shape;
  /** Filled in: the shape each ones vector takes. */
  ones: Map<Expr, Shape>;
  /** The author's (or an open) function, whose value's shape follows from its body. */
  userFunction?(fn: string): { dummies: string[]; body: Expr } | undefined;
  /** The length the document declares for its ones vectors (`\mathbf{1} \in \mathbb{R}^{H}`), where nothing else fixes it. */
  onesLength?: number;
}

/** The ones vector a factor stands for, if it is one: `\mathbf{1}` or `\mathbf{1}^\top`. */
function onesFactor(e: Expr): { transposed: boolean } | undefined {
  if (e.kind === 'ones') return { transposed: false };
  if (e.kind === 'transpose' && e.arg.kind === 'ones') return { transposed: true };
  return undefined;
}

function containsOnes(e: Expr): boolean {
  if (e.kind === 'ones') return true;
  switch (e.kind) {
    case 'add': return e.terms.some(containsOnes);
    case 'hadamard': return e.factors.some(containsOnes);
    case 'mul': return e.factors.some(containsOnes);
    case 'neg': case 'transpose': return containsOnes(e.arg);
    default: return false;
  }
}

export function inferShape(e: Expr, ctx: ShapeContext, expected?: Shape): Shape {
  switch (e.kind) {
    case 'number': case 'constant': return SCALAR;
    case 'symbol': return ctx.symbol(e.name);
    case 'derivative': return ctx.derivative(e);
    case 'neg': return inferShape(e.arg, ctx, expected);
    case 'add': case 'hadamard': {
      const parts = e.kind === 'add' ? e.terms : e.factors;
      let shape: Shape = SCALAR;
      for (const p of parts) if (!containsOnes(p)) shape = elementwiseShape(shape, inferShape(p, ctx));
      const target = shape.length ? shape : expected;
      for (const p of parts) if (containsOnes(p)) shape = elementwiseShape(shape, inferShape(p, ctx, target));
      return shape;
    }
    case 'mul': return productOf(e.factors, ctx, expected, e.dots);
    case 'div': {
      // By a scalar, or entry by entry by a value of the same shape.
      const den = inferShape(e.den, ctx);
      const num = inferShape(e.num, ctx, expected);
      if (den.length && !sameShape(num, den)) throw new ShapeError('a division by a vector or matrix');
      return den.length ? den : num;
    }
    case 'pow': {
      // e^{z}: the exponential entry by entry.
      if (e.base.kind === 'constant' && e.base.name === 'e') return inferShape(e.exponent, ctx, expected);
      const exponent = inferShape(e.exponent, ctx);
      if (exponent.length) throw new ShapeError('a power with a vector or matrix exponent');
      return inferShape(e.base, ctx, expected);
    }
    case 'call': {
      const args = e.args.map((a) => inferShape(a, ctx));
      const user = e.order === 0 ? ctx.userFunction?.(e.fn) : undefined;
      if (user && user.dummies.length === args.length) {
        const inner: ShapeContext = { ...ctx, symbol: (name) => { const k = user.dummies.indexOf(name); return k >= 0 ? args[k] : ctx.symbol(name); } };
        return inferShape(user.body, inner);
      }
      if (args.length !== 1) {
        // max(0, Z) acts entry by entry; other functions of several arguments take scalars.
        if ((e.fn === 'max' || e.fn === 'min') && args.length === 2) return elementwiseShape(args[0], args[1]);
        if (args.some((s) => s.length)) throw new ShapeError(`${e.fn} of vectors or matrices`);
        return SCALAR;
      }
      const [arg] = args;
      if (e.fn === 'tr' && e.order === 0) {
        if (arg.length && arg[0] !== arg[1]) throw new ShapeError(`the trace of a ${arg.join('×')} matrix`);
        return SCALAR;
      }
      if (e.fn === 'diag' && e.order === 0) {
        if (arg.length === 0) return SCALAR;
        if (arg[0] === arg[1]) return matrixShape(arg[0], 1);
        if (arg[1] === 1 || arg[0] === 1) return matrixShape(arg[0] * arg[1], arg[0] * arg[1]);
        throw new ShapeError(`diag of a ${arg.join('×')} matrix`);
      }
      // Every other function acts entry by entry (softmax on a whole vector keeps its shape).
      return arg;
    }
    case 'sum': return inferShape(e.body, ctx, expected);
    case 'piecewise': {
      // Entry by entry: the conditions' shapes count as much as the values'.
      let shape: Shape = SCALAR;
      for (const p of e.pieces) {
        shape = elementwiseShape(shape, inferShape(p.value, ctx, expected));
        if (p.condition) for (const side of [p.condition.left, p.condition.right]) shape = elementwiseShape(shape, inferShape(side, ctx));
      }
      return shape;
    }
    case 'transpose':
      if (e.arg.kind === 'ones') return onesShape(e, ctx, expected);
      return transposeShape(inferShape(e.arg, ctx, expected && transposeShape(expected)));
    case 'outer': {
      const a = inferShape(e.left, ctx);
      const b = inferShape(e.right, ctx);
      return productShape(a, transposeShape(b));
    }
    case 'norm': inferShape(e.arg, ctx); return SCALAR;
    case 'ones': return onesShape(e, ctx, expected);
  }
}

/** A ones vector standing alone (its shape is the one expected where it stands). */
function onesShape(e: Expr, ctx: ShapeContext, expected: Shape | undefined): Shape {
  const ones = e.kind === 'transpose' ? e.arg : e;
  if (ones.kind === 'ones' && ones.size !== undefined) {
    const column = matrixShape(ones.size, 1);
    ctx.ones.set(ones, column);
    return e.kind === 'transpose' ? transposeShape(column) : column;
  }
  if ((!expected || expected.length === 0) && ctx.onesLength !== undefined) expected = e.kind === 'transpose' ? matrixShape(1, ctx.onesLength) : matrixShape(ctx.onesLength, 1);
  if (!expected || expected.length === 0) throw new UnknownShape('the length of the ones vector cannot be inferred here');
  ctx.ones.set(e.kind === 'transpose' ? e.arg : e, e.kind === 'transpose' ? transposeShape(expected) : expected);
  return expected;
}

/**
 * A product, left to right; a ones factor takes the length its neighbours need: `\mathbf{1}^\top A`
 * the rows of A, `A \mathbf{1}` its columns, `b \mathbf{1}^\top` the columns expected of the result.
 */
function productOf(factors: Expr[], ctx: ShapeContext, expected?: Shape, dots: number[] = []): Shape {
  const shapes: Array<Shape | undefined> = factors.map((f) => (onesFactor(f) ? undefined : inferShape(f, ctx)));
  const fold = (from: number, to: number): Shape => {
    let shape: Shape = SCALAR;
    for (let i = from; i < to; i++) {
      const s = shapes[i];
      if (s) shape = (dots.includes(i) && isDot(shape, s) ? SCALAR : productShape(shape, s));
    }
    return shape;
  };
  factors.forEach((f, i) => {
    const ones = onesFactor(f);
    if (!ones) return;
    const left = fold(0, i);
    const right = fold(i + 1, factors.length);
    const written = ones.transposed ? (f as { arg: Expr }).arg : f;
    // Index notation writes the length; otherwise a neighbour on the inner side fixes it, or the
    // result's expected shape does.
    let length = written.kind === 'ones' ? written.size : undefined;
    if (length === undefined && ones.transposed) length = right.length ? right[0] : expected?.length ? expected[1] : undefined;
    if (length === undefined && !ones.transposed) length = left.length ? left[1] : expected?.length ? expected[0] : undefined;
    length ??= ctx.onesLength;
    if (length === undefined) throw new UnknownShape('the length of the ones vector cannot be inferred here');
    const column = matrixShape(length, 1);
    ctx.ones.set(ones.transposed ? (f as { arg: Expr }).arg : f, column);
    shapes[i] = ones.transposed ? transposeShape(column) : column;
  });
  return fold(0, factors.length);
}

/** `\vec{w} \cdot \vec{x}`: two vectors of one length, read as w^T x. */
export function isDot(a: Shape, b: Shape): boolean {
  return a.length === 2 && b.length === 2 && a[1] === 1 && b[1] === 1 && a[0] === b[0];
}
