/**
 * The scalar operations of the reference engine: each one's value rule and local derivative rule
 * side by side, as in micrograd. Matrices apply them entry by entry.
 */
export type UnaryOp = 'neg' | 'exp' | 'log' | 'sigma' | 'tanh' | 'relu' | 'softplus' | 'sin' | 'cos' | 'sqrt' | 'abs' | 'identity';
export type BinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'max' | 'min';
export type CompareOp = '<' | '>' | '<=' | '>=';

export interface UnaryRule {
  value(a: number): number;
  /** d out / d a, given the input and the output. */
  derivative(a: number, out: number): number;
  /** Where the rule is not differentiable: sample points too close to it are rejected. */
  kink?: number;
}

export interface BinaryRule {
  value(a: number, b: number): number;
  derivative(a: number, b: number, out: number): [number, number];
  kink?: (a: number, b: number) => number;
}

const sigmoid = (a: number): number => (a >= 0 ? 1 / (1 + Math.exp(-a)) : Math.exp(a) / (1 + Math.exp(a)));

export const UNARY: Record<UnaryOp, UnaryRule> = {
  identity: { value: (a) => a, derivative: () => 1 },
  neg: { value: (a) => -a, derivative: () => -1 },
  exp: { value: Math.exp, derivative: (_a, out) => out },
  log: { value: (a) => (a > 0 ? Math.log(a) : NaN), derivative: (a) => 1 / a },
  sigma: { value: sigmoid, derivative: (_a, out) => out * (1 - out) },
  tanh: { value: Math.tanh, derivative: (_a, out) => 1 - out * out },
  relu: { value: (a) => (a > 0 ? a : 0), derivative: (a) => (a > 0 ? 1 : 0), kink: 0 },
  softplus: { value: (a) => (a > 30 ? a : Math.log1p(Math.exp(a))), derivative: sigmoid },
  sin: { value: Math.sin, derivative: Math.cos },
  cos: { value: Math.cos, derivative: (a) => -Math.sin(a) },
  sqrt: { value: (a) => (a >= 0 ? Math.sqrt(a) : NaN), derivative: (_a, out) => 0.5 / out },
  abs: { value: Math.abs, derivative: (a) => Math.sign(a), kink: 0 },
};

export const BINARY: Record<BinaryOp, BinaryRule> = {
  add: { value: (a, b) => a + b, derivative: () => [1, 1] },
  sub: { value: (a, b) => a - b, derivative: () => [1, -1] },
  mul: { value: (a, b) => a * b, derivative: (a, b) => [b, a] },
  div: { value: (a, b) => a / b, derivative: (a, b) => [1 / b, -a / (b * b)] },
  pow: {
    value: (a, b) => a ** b,
    // d/db needs log(a); for a <= 0 the exponent is a constant of the notation (x^2), so 0.
    derivative: (a, b, out) => [b === 0 ? 0 : b * a ** (b - 1), a > 0 ? out * Math.log(a) : 0],
  },
  max: { value: Math.max, derivative: (a, b) => (a > b ? [1, 0] : [0, 1]), kink: (a, b) => a - b },
  min: { value: Math.min, derivative: (a, b) => (a < b ? [1, 0] : [0, 1]), kink: (a, b) => a - b },
};

export const compare = (op: CompareOp, a: number, b: number): boolean =>
  op === '<' ? a < b : op === '>' ? a > b : op === '<=' ? a <= b : a >= b;
