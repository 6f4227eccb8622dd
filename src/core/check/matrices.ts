import type { Matrix } from 'mathjs';
import { describeShape, elementwiseShape, ShapeError } from '../engine/shape';

/**
 * The operations of a claim on vectors and matrices, as functions in the mathjs scope. Values
 * are numbers or mathjs dense matrices (a vector is one column); a 1×1 result is a number, as
 * the textbooks read x^T y. The loops read the matrices' arrays directly: mathjs's generic
 * dispatch costs ten times more per entry, and a claim runs at every sample point.
 */
export type Value = number | Matrix<number>;

type Construct = (data: number[][]) => Matrix<number>;

type Rows = number[][];

const isMatrix = (v: Value): v is Matrix<number> => typeof v !== 'number';
const rowsOf = (m: Matrix<number>): Rows => m.valueOf() as Rows;

function dims(v: Value): [number, number] {
  if (!isMatrix(v)) return [1, 1];
  const size = v.size();
  return [size[0], size[1] ?? 1];
}

/** The inverse by Gauss–Jordan elimination with partial pivoting; a singular matrix gives NaN entries. */
function inverse(a: Rows): Rows {
  const n = a.length;
  const m = a.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) pivot = r;
    [m[c], m[pivot]] = [m[pivot], m[c]];
    const p = m[c][c];
    if (Math.abs(p) < 1e-12) return a.map((row) => row.map(() => NaN));
    for (let j = 0; j < 2 * n; j++) m[c][j] /= p;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r][c];
      for (let j = 0; j < 2 * n; j++) m[r][j] -= f * m[c][j];
    }
  }
  return m.map((row) => row.slice(n));
}

/** Elementwise and matrix operations over one constructor of mathjs matrices. */
export function matrixFunctions(construct: Construct): Record<string, (...args: never[]) => Value> {
  const make = (data: Rows): Value => (data.length === 1 && data[0].length === 1 ? data[0][0] : construct(data));

  const map = (v: Value, f: (x: number) => number): Value => (isMatrix(v) ? make(rowsOf(v).map((row) => row.map(f))) : f(v));

  const zip = (a: Value, b: Value, f: (x: number, y: number) => number): Value => {
    if (!isMatrix(a) && !isMatrix(b)) return f(a, b);
    if (!isMatrix(a)) return map(b, (y) => f(a, y));
    if (!isMatrix(b)) return map(a, (x) => f(x, b));
    const [ra, rb] = [rowsOf(a), rowsOf(b)];
    // A column repeated along a matrix's columns, or a row down its rows, as the engine reads them.
    const [rows, cols] = elementwiseShape([ra.length, ra[0].length], [rb.length, rb[0].length]);
    const pick = (r: Rows, i: number, j: number): number => r[r.length === 1 ? 0 : i][r[0].length === 1 ? 0 : j];
    return make(Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (__, j) => f(pick(ra, i, j), pick(rb, i, j)))));
  };

  const mm = (a: Value, b: Value): Value => {
    if (!isMatrix(a) || !isMatrix(b)) return zip(a, b, (x, y) => x * y);
    const [ra, rb] = [rowsOf(a), rowsOf(b)];
    const inner = ra[0].length;
    if (inner !== rb.length) throw new ShapeError(`${describeShape([ra.length, inner])} times ${describeShape([rb.length, rb[0].length])}: the inner sizes ${inner} and ${rb.length} differ`);
    const cols = rb[0].length;
    return make(ra.map((row) => {
      const out = new Array<number>(cols).fill(0);
      for (let l = 0; l < inner; l++) {
        const x = row[l];
        const other = rb[l];
        for (let j = 0; j < cols; j++) out[j] += x * other[j];
      }
      return out;
    }));
  };

  const matrixPower = (a: Matrix<number>, k: number): Value => {
    const n = dims(a)[0];
    let result: Value = make(Array.from({ length: n }, (_, i) => Array.from({ length: n }, (__, j) => (i === j ? 1 : 0))));
    for (let i = 0; i < k; i++) result = mm(result, a);
    return result;
  };

  const transpose = (a: Value): Value => {
    if (!isMatrix(a)) return a;
    const r = rowsOf(a);
    return make(r[0].map((_, j) => r.map((row) => row[j])));
  };

  /** Of each column, shifted by its largest entry so that no exponential overflows. */
  const softmaxColumns = (a: Matrix<number>): Value => {
    const r = rowsOf(a);
    const cols = r[0].map((_, j) => {
      const column = r.map((row) => row[j]);
      const top = Math.max(...column);
      const e = column.map((x) => Math.exp(x - top));
      const total = e.reduce((s, x) => s + x, 0);
      return e.map((x) => x / total);
    });
    return make(r.map((_, i) => cols.map((c) => c[i])));
  };

  const sumAll = (a: Value): number => (isMatrix(a) ? rowsOf(a).reduce((acc, row) => row.reduce((s, x) => s + x, acc), 0) : a);

  return {
    gc_add: (a: Value, b: Value) => zip(a, b, (x, y) => x + y),
    gc_sub: (a: Value, b: Value) => zip(a, b, (x, y) => x - y),
    gc_had: (a: Value, b: Value) => zip(a, b, (x, y) => x * y),
    gc_div: (a: Value, b: Value) => {
      if (isMatrix(b) && dims(b).join() !== dims(a).join()) throw new ShapeError('a division by a vector or matrix');
      return zip(a, b, (x, y) => x / y);
    },
    gc_pow: (a: Value, b: Value) => {
      if (isMatrix(b)) throw new ShapeError('a power with a vector or matrix exponent');
      const [rows, cols] = dims(a);
      // Q^{-1} of a square matrix is its inverse and W^3 its matrix power; other powers act entry by entry.
      if (isMatrix(a) && rows === cols && rows > 1) {
        if (b === -1) return make(inverse(rowsOf(a)));
        if (Number.isInteger(b) && b >= 0) return matrixPower(a, b);
      }
      return map(a, (x) => x ** b);
    },
    gc_max: (a: Value, b: Value) => zip(a, b, Math.max),
    gc_min: (a: Value, b: Value) => zip(a, b, Math.min),
    gc_neg: (a: Value) => map(a, (x) => -x),
    gc_mm: mm,
    gc_dot: (a: Value, b: Value) => {
      // Between two vectors of one length, \cdot is their dot product; otherwise a product.
      const [da, db] = [dims(a), dims(b)];
      return isMatrix(a) && isMatrix(b) && da[1] === 1 && db[1] === 1 && da[0] === db[0] ? mm(transpose(a), b) : mm(a, b);
    },
    gc_T: transpose,
    gc_outer: (a: Value, b: Value) => mm(a, transpose(b)),
    gc_ones: (rows: number, cols: number) => make(Array.from({ length: rows }, () => new Array<number>(cols).fill(1))),
    gc_norm: (a: Value) => Math.sqrt(isMatrix(a) ? rowsOf(a).reduce((acc, row) => row.reduce((s, x) => s + x * x, acc), 0) : a * a),
    gc_tr: (a: Value) => {
      const [m, n] = dims(a);
      if (m !== n) throw new ShapeError(`the trace of a ${m}×${n} matrix`);
      return isMatrix(a) ? rowsOf(a).reduce((s, row, i) => s + row[i], 0) : a;
    },
    gc_diag: (a: Value) => {
      const [m, n] = dims(a);
      if (!isMatrix(a)) return a;
      const r = rowsOf(a);
      if (m === n) return make(r.map((row, i) => [row[i]]));
      if (m !== 1 && n !== 1) throw new ShapeError(`diag of a ${m}×${n} matrix`);
      const v = r.flat();
      return make(v.map((x, i) => v.map((_, j) => (i === j ? x : 0))));
    },
    gc_softmax: (a: Value, byRows = false): Value => {
      if (!isMatrix(a)) throw new ShapeError('softmax of a scalar: softmax acts on a vector');
      return byRows ? transpose(softmaxColumns(transpose(a) as Matrix<number>)) : softmaxColumns(a);
    },
    gc_apply: (f: (x: number) => number, a: Value) => map(a, f),
    gc_where: (op: string, left: Value, right: Value, then: Value, otherwise: Value) => {
      const holds = zip(left, right, (l, r) => Number(op === '<' ? l < r : op === '>' ? l > r : op === '<=' ? l <= r : l >= r));
      return zip(zip(holds, then, (h, t) => (h ? t : NaN)), otherwise, (t, o) => (Number.isNaN(t) ? o : t));
    },
    gc_sumall: sumAll,
  };
}

/** A value's entries, row-major, and its shape ([] for a number). */
export function flatten(v: Value): { data: number[]; shape: number[] } {
  if (!isMatrix(v)) return { data: [v], shape: [] };
  const r = rowsOf(v);
  return { data: r.flat(), shape: [r.length, r[0].length] };
}

/** Lane k of a flat array of lanes of one shape, as a claim's value. */
export function laneValue(values: Float64Array, shape: readonly number[], k: number, construct: Construct): Value {
  const size = shape.length === 0 ? 1 : shape[0] * shape[1];
  const offset = values.length === size ? 0 : k * size;
  if (shape.length === 0) return values[offset];
  const [rows, cols] = shape;
  const data: Rows = [];
  for (let i = 0; i < rows; i++) data.push(Array.from(values.subarray(offset + i * cols, offset + (i + 1) * cols)));
  return construct(data);
}
