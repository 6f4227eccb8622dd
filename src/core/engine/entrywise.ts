import { BINARY, compare, UNARY, type UnaryOp } from './rules';
import type { NodeSpec, ReduceOp, TapeNode } from './tape';

/**
 * The scalar operations applied to matrices entry by entry (a scalar broadcast against a
 * matrix), with sums over the examples and cases the same way. Scalar nodes keep the tape's own
 * loops; these run only when a value has several entries. Forward passes return the smallest
 * distance of an argument from a kink, for the sampler.
 */

/**
 * Where entry j of a result of `out` entries (`cols` columns) is in an operand: all of a scalar,
 * the row of a column repeated along the columns, the column of a row repeated down the rows.
 */
function at(node: TapeNode, j: number, out: number, cols: number): number {
  if (node.size === 1) return 0;
  if (node.size === out) return j;
  return node.shape[1] === 1 ? Math.floor(j / cols) : j % cols;
}

/** Entry j of lane k of an operand of `result`, shared or per example, broadcast or not. */
function entry(node: TapeNode, k: number, j: number, result: TapeNode): number {
  return node.value[(node.perExample ? k * node.size : 0) + at(node, j, result.size, result.shape[1] ?? 1)];
}

function pushEntry(node: TapeNode, k: number, j: number, g: number, result: TapeNode): void {
  node.grad[k * node.size + at(node, j, result.size, result.shape[1] ?? 1)] += g;
}

type Entrywise = Extract<NodeSpec, { a: number }>;

export function forwardEntrywise(node: TapeNode, nodes: TapeNode[]): number {
  const spec = node.spec as Entrywise;
  const { value, size } = node;
  const lanes = value.length / size;
  const a = nodes[spec.a];
  let kink = Infinity;
  if ('b' in spec && spec.op !== 'matmul') {
    const b = nodes[spec.b];
    const rule = BINARY[spec.op];
    for (let k = 0; k < lanes; k++) {
      for (let j = 0; j < size; j++) {
        const x = entry(a, k, j, node);
        const y = entry(b, k, j, node);
        value[k * size + j] = rule.value(x, y);
        if (rule.kink) kink = Math.min(kink, Math.abs(rule.kink(x, y)));
      }
    }
    return kink;
  }
  const rule = UNARY[spec.op as UnaryOp];
  for (let k = 0; k < lanes; k++) {
    for (let j = 0; j < size; j++) {
      const x = entry(a, k, j, node);
      value[k * size + j] = rule.value(x);
      if (rule.kink !== undefined) kink = Math.min(kink, Math.abs(x - rule.kink));
    }
  }
  return kink;
}

export function backwardEntrywise(node: TapeNode, nodes: TapeNode[], lanes: number): void {
  const spec = node.spec as Entrywise;
  const { grad, size } = node;
  const a = nodes[spec.a];
  for (let k = 0; k < lanes; k++) {
    for (let j = 0; j < size; j++) {
      const g = grad[k * size + j];
      if (g === 0) continue;
      const out = entry(node, k, j, node);
      if ('b' in spec && spec.op !== 'matmul') {
        const b = nodes[spec.b];
        const [da, db] = BINARY[spec.op].derivative(entry(a, k, j, node), entry(b, k, j, node), out);
        pushEntry(a, k, j, g * da, node);
        pushEntry(b, k, j, g * db, node);
      } else {
        pushEntry(a, k, j, g * UNARY[spec.op as UnaryOp].derivative(entry(a, k, j, node), out), node);
      }
    }
  }
}

/** A sum over the examples of a matrix, entry by entry; a shared value counts once per example. */
export function forwardReduce(node: TapeNode, nodes: TapeNode[], lanes: number): void {
  const spec = node.spec as { op: ReduceOp; a: number };
  const input = nodes[spec.a];
  for (let j = 0; j < node.size; j++) {
    let acc = spec.op === 'prod' ? 1 : 0;
    for (let k = 0; k < lanes; k++) acc = spec.op === 'prod' ? acc * entry(input, k, j, node) : acc + entry(input, k, j, node);
    node.value[j] = spec.op === 'mean' ? acc / lanes : acc;
  }
}

export function backwardReduce(node: TapeNode, nodes: TapeNode[], lanes: number): void {
  const spec = node.spec as { op: ReduceOp; a: number };
  const input = nodes[spec.a];
  for (let j = 0; j < node.size; j++) {
    let total = 0;
    for (let k = 0; k < lanes; k++) total += node.grad[k * node.size + j];
    if (total === 0) continue;
    for (let k = 0; k < lanes; k++) {
      const local = spec.op === 'sum' ? 1 : spec.op === 'mean' ? 1 / lanes : node.value[j] / entry(input, k, j, node);
      pushEntry(input, k, j, total * local, node);
    }
  }
}

type Where = Extract<NodeSpec, { op: 'where' }>;

export function forwardWhere(node: TapeNode, nodes: TapeNode[]): number {
  const spec = node.spec as Where;
  const [l, r, t, o] = [spec.left, spec.right, spec.then, spec.otherwise].map((i) => nodes[i]);
  const lanes = node.value.length / node.size;
  let kink = Infinity;
  for (let k = 0; k < lanes; k++) {
    for (let j = 0; j < node.size; j++) {
      const x = entry(l, k, j, node);
      const y = entry(r, k, j, node);
      kink = Math.min(kink, Math.abs(x - y));
      node.value[k * node.size + j] = compare(spec.cmp, x, y) ? entry(t, k, j, node) : entry(o, k, j, node);
    }
  }
  return kink;
}

export function backwardWhere(node: TapeNode, nodes: TapeNode[], lanes: number): void {
  const spec = node.spec as Where;
  for (let k = 0; k < lanes; k++) {
    for (let j = 0; j < node.size; j++) {
      const g = node.grad[k * node.size + j];
      if (g === 0) continue;
      const taken = compare(spec.cmp, entry(nodes[spec.left], k, j, node), entry(nodes[spec.right], k, j, node)) ? spec.then : spec.otherwise;
      pushEntry(nodes[taken], k, j, g, node);
    }
  }
}
