/**
 * Shapes of the engine's values: [] is a scalar, [rows, cols] a matrix. A vector is a column
 * (n×1), its transpose a row, as in the textbooks; a 1×1 result (x^T y) is a scalar again.
 */
export type Shape = readonly number[];

export const SCALAR: Shape = [];

export function matrixShape(rows: number, cols: number): Shape {
  return rows === 1 && cols === 1 ? SCALAR : [rows, cols];
}

export function sizeOf(shape: Shape): number {
  return shape.length === 0 ? 1 : shape[0] * shape[1];
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** How a shape is written in messages: "scalar", "3×2". */
export function describeShape(shape: Shape): string {
  if (shape.length === 0) return 'a scalar';
  if (shape[1] === 1) return `a vector of ${shape[0]}`;
  return shape[0] === 1 ? `a row of ${shape[1]}` : `a ${shape[0]}×${shape[1]} matrix`;
}

/** Why values cannot be combined: a product of matrices whose inner sizes differ, and so on. */
export class ShapeError extends Error {}

/** A shape the notation leaves to the reader (a ones vector with nothing to take its length from): not a mismatch. */
export class UnknownShape extends Error {}

/** The shape of a matrix product; a scalar on either side scales the other. */
export function productShape(a: Shape, b: Shape): Shape {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  if (a[1] !== b[0]) throw new ShapeError(`${describeShape(a)} times ${describeShape(b)}: the inner sizes ${a[1]} and ${b[0]} differ`);
  return matrixShape(a[0], b[1]);
}

export function transposeShape(a: Shape): Shape {
  return a.length === 0 ? a : matrixShape(a[1], a[0]);
}

/**
 * The shape of an elementwise operation: equal shapes, a scalar against anything, or a column
 * repeated along the columns of a matrix (the bias of W X + b, examples in columns), or a row down
 * its rows.
 */
export function elementwiseShape(a: Shape, b: Shape): Shape {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  if (sameShape(a, b)) return a;
  if (a[0] === b[0] && (a[1] === 1 || b[1] === 1)) return [a[0], Math.max(a[1], b[1])];
  if (a[1] === b[1] && (a[0] === 1 || b[0] === 1)) return [Math.max(a[0], b[0]), a[1]];
  throw new ShapeError(`${describeShape(a)} and ${describeShape(b)} entry by entry`);
}
