/**
 * The reference engine: reverse-mode automatic differentiation on a tape.
 *
 * Each node holds one value per example ("lanes"): data and everything computed from it has
 * one lane per example, parameters and constants a single lane that broadcasts. A value is a
 * scalar or a matrix (a vector is one column), stored row-major in its lane. Each operation's
 * value rule and local derivative rule sit side by side in ./rules, as in micrograd; scalar
 * nodes run the loops here, matrices those of ./entrywise and ./tensor.
 */
import { backwardEntrywise, backwardReduce, backwardWhere, forwardEntrywise, forwardReduce, forwardWhere } from './entrywise';
import { BINARY, type BinaryOp, compare, type CompareOp, UNARY, type UnaryOp } from './rules';
import { describeShape, elementwiseShape, matrixShape, productShape, type Shape, SCALAR, ShapeError, sizeOf } from './shape';
import { backwardTensor, forwardTensor } from './tensor';

export { type Shape, SCALAR, ShapeError, sizeOf } from './shape';
export { BINARY, type BinaryOp, type CompareOp, UNARY, type UnaryOp } from './rules';
export type ReduceOp = 'sum' | 'mean' | 'prod';
/** Nodes a pass does not go through (a local partial stops at the symbols it reads). */
export type StopAt = (node: TapeNode, index: number) => boolean;

export type NodeSpec =
  | { op: 'leaf'; name: string }
  | { op: 'const'; value: number }
  | { op: UnaryOp; a: number }
  | { op: BinaryOp; a: number; b: number }
  | { op: ReduceOp; a: number }
  /** `cmp(left, right) ? then : otherwise`, the pieces of `\begin{cases}`. */
  | { op: 'where'; cmp: CompareOp; left: number; right: number; then: number; otherwise: number }
  /** A constant matrix every entry of which is `value` (the ones vector). */
  | { op: 'fill'; value: number }
  /** Tensor operations: matrix product, transpose, sum of the entries, diag(v), the diagonal of a matrix. */
  | { op: 'matmul'; a: number; b: number }
  | { op: 'transpose' | 'sumAll' | 'diag' | 'diagonal'; a: number };

export type TensorOp = 'transpose' | 'sumAll' | 'diag' | 'diagonal';

export interface TapeNode {
  spec: NodeSpec;
  /** One lane per example, or a single lane shared by all examples. */
  perExample: boolean;
  /** [] for a scalar, [rows, cols] for a matrix (a vector is one column). */
  shape: Shape;
  /** Entries per lane: 1 for a scalar. */
  size: number;
  /** lanes x size entries (or size when shared), each lane row-major. */
  value: Float64Array;
  /**
   * The adjoint, always one lane per example: a shared node keeps each example's contribution
   * apart, so one backward pass from a per-example output yields every example's derivative.
   */
  grad: Float64Array;
  /** The symbol whose definition this node belongs to (for path analysis), if any. */
  owner?: string;
  /** The nodes this one is computed from, all earlier on the tape. */
  inputs: readonly number[];
  /** The nodes computed from this one (filled in as they are added). */
  consumers: number[];
  /** The longest path from a leaf to this node: a node between B and A lies strictly deeper than B and shallower than A. */
  depth: number;
}

function inputsOf(spec: NodeSpec): number[] {
  if ('b' in spec) return [spec.a, spec.b];
  if ('a' in spec) return [spec.a];
  return spec.op === 'where' ? [spec.left, spec.right, spec.then, spec.otherwise] : [];
}

const isReduce = (spec: NodeSpec): boolean => spec.op === 'sum' || spec.op === 'mean' || spec.op === 'prod';

const ZERO = Float64Array.of(0);

/** Entries of one value (per example): 128×128, so that a check stays interactive. */
export const MAX_ENTRIES = 16_384;

/** A shared input's adjoint summed over the examples, entry by entry. */
function sumOverLanes(g: Float64Array, size: number): Float64Array {
  if (size === 1) return Float64Array.of(g.reduce((a, b) => a + b, 0));
  const out = new Float64Array(size);
  for (let k = 0; k < g.length; k++) out[k % size] += g[k];
  return out;
}

export class Tape {
  readonly nodes: TapeNode[] = [];
  /** Smallest distance of any kink argument from its kink at the last forward pass. */
  kinkDistance = Infinity;

  constructor(readonly lanes: number) {}

  add(spec: NodeSpec, perExample: boolean, owner?: string, shape: Shape = SCALAR): number {
    const size = sizeOf(shape);
    if (size > MAX_ENTRIES) throw new ShapeError(`${describeShape(shape)} is too large to check (at most ${MAX_ENTRIES} entries)`);
    const n = (perExample ? this.lanes : 1) * size;
    const inputs = inputsOf(spec);
    const id = this.nodes.length;
    let depth = 0;
    for (const i of inputs) {
      depth = Math.max(depth, this.nodes[i].depth + 1);
      this.nodes[i].consumers.push(id);
    }
    this.nodes.push({ spec, perExample, shape, size, value: new Float64Array(n), grad: new Float64Array(this.lanes * size), owner, inputs, consumers: [], depth });
    return id;
  }

  leaf(name: string, perExample: boolean, owner?: string, shape: Shape = SCALAR): number {
    return this.add({ op: 'leaf', name }, perExample, owner, shape);
  }

  /** A constant matrix of one value (the ones vector `\mathbf{1}`). */
  fill(value: number, shape: Shape): number {
    const id = this.add({ op: 'fill', value }, false, undefined, shape);
    this.nodes[id].value.fill(value);
    return id;
  }

  shapeOf(id: number): Shape {
    return this.nodes[id].shape;
  }

  constant(value: number): number {
    const id = this.add({ op: 'const', value }, false);
    this.nodes[id].value[0] = value;
    return id;
  }

  unary(op: UnaryOp, a: number, owner?: string): number {
    return this.add({ op, a }, this.nodes[a].perExample, owner, this.nodes[a].shape);
  }

  /** An elementwise operation: equal shapes, or a scalar against a matrix. */
  binary(op: BinaryOp, a: number, b: number, owner?: string): number {
    const shape = elementwiseShape(this.nodes[a].shape, this.nodes[b].shape);
    return this.add({ op, a, b }, this.nodes[a].perExample || this.nodes[b].perExample, owner, shape);
  }

  /** A sum (mean, product) over the examples, entry by entry. */
  reduce(op: ReduceOp, a: number, owner?: string): number {
    return this.add({ op, a }, false, owner, this.nodes[a].shape);
  }

  where(cmp: CompareOp, left: number, right: number, then: number, otherwise: number, owner?: string): number {
    const perExample = [left, right, then, otherwise].some((i) => this.nodes[i].perExample);
    const shape = [left, right, then, otherwise].map((i) => this.nodes[i].shape).reduce(elementwiseShape);
    return this.add({ op: 'where', cmp, left, right, then, otherwise }, perExample, owner, shape);
  }

  /** The matrix product; a scalar on either side scales the other. */
  matmul(a: number, b: number, owner?: string): number {
    const [sa, sb] = [this.nodes[a].shape, this.nodes[b].shape];
    if (sa.length === 0 || sb.length === 0) return this.binary('mul', a, b, owner);
    return this.add({ op: 'matmul', a, b }, this.nodes[a].perExample || this.nodes[b].perExample, owner, productShape(sa, sb));
  }

  tensor(op: TensorOp, a: number, owner?: string): number {
    const s = this.nodes[a].shape;
    let shape: Shape;
    switch (op) {
      case 'transpose': if (s.length === 0) return a; shape = matrixShape(s[1], s[0]); break;
      case 'sumAll': if (s.length === 0) return a; shape = SCALAR; break;
      case 'diag':
        if (s.length === 0) return a;
        if (s[0] !== 1 && s[1] !== 1) throw new ShapeError(`diag of ${describeShape(s)}: diag takes a vector`);
        shape = matrixShape(Math.max(s[0], s[1]), Math.max(s[0], s[1]));
        break;
      case 'diagonal':
        if (s.length === 0) return a;
        if (s[0] !== s[1]) throw new ShapeError(`the diagonal of ${describeShape(s)}: it is not square`);
        shape = matrixShape(s[0], 1);
        break;
    }
    return this.add({ op, a }, this.nodes[a].perExample, owner, shape);
  }

  /** Recomputes every value from the leaves' current values. */
  forward(): void {
    this.kinkDistance = Infinity;
    const lane = this.lane;
    for (const node of this.nodes) {
      const { spec, value } = node;
      switch (spec.op) {
        case 'leaf': case 'const': case 'fill': break;
        case 'matmul': case 'transpose': case 'sumAll': case 'diag': case 'diagonal':
          forwardTensor(node, this.nodes);
          break;
        case 'sum': case 'mean': case 'prod': {
          if (node.size > 1) { forwardReduce(node, this.nodes, this.lanes); break; }
          const input = this.nodes[spec.a].value;
          // A shared value summed over the examples is counted once per example.
          const terms = input.length === 1 ? this.lanes : input.length;
          let acc = spec.op === 'prod' ? 1 : 0;
          for (let k = 0; k < terms; k++) acc = spec.op === 'prod' ? acc * lane(spec.a, k) : acc + lane(spec.a, k);
          value[0] = spec.op === 'mean' ? acc / terms : acc;
          break;
        }
        case 'where':
          if (node.size > 1) { this.kinkDistance = Math.min(this.kinkDistance, forwardWhere(node, this.nodes)); break; }
          for (let k = 0; k < value.length; k++) {
            const l = lane(spec.left, k);
            const r = lane(spec.right, k);
            this.kinkDistance = Math.min(this.kinkDistance, Math.abs(l - r));
            value[k] = compare(spec.cmp, l, r) ? lane(spec.then, k) : lane(spec.otherwise, k);
          }
          break;
        default:
          if (node.size > 1 || ('b' in spec && this.nodes[spec.b].size > 1)) this.kinkDistance = Math.min(this.kinkDistance, forwardEntrywise(node, this.nodes));
          else if ('b' in spec) {
            const rule = BINARY[spec.op];
            for (let k = 0; k < value.length; k++) {
              const a = lane(spec.a, k);
              const b = lane(spec.b, k);
              value[k] = rule.value(a, b);
              if (rule.kink) this.kinkDistance = Math.min(this.kinkDistance, Math.abs(rule.kink(a, b)));
            }
          } else {
            const rule = UNARY[spec.op];
            for (let k = 0; k < value.length; k++) {
              const a = lane(spec.a, k);
              value[k] = rule.value(a);
              if (rule.kink !== undefined) this.kinkDistance = Math.min(this.kinkDistance, Math.abs(a - rule.kink));
            }
          }
      }
    }
  }

  /** Every node's value at the point the tape holds, end to end, to come back to it without recomputing. */
  snapshot(): Float64Array {
    let length = 0;
    for (const node of this.nodes) length += node.value.length;
    const values = new Float64Array(length);
    let at = 0;
    for (const node of this.nodes) {
      values.set(node.value, at);
      at += node.value.length;
    }
    return values;
  }

  /** Puts back the values of a snapshot taken when the tape had as many nodes as now. */
  restore(values: Float64Array): void {
    let at = 0;
    for (const node of this.nodes) {
      for (let k = 0; k < node.value.length; k++) node.value[k] = values[at + k];
      at += node.value.length;
    }
  }

  /**
   * Pushes d(output)/d(node) back from `output` to each of `inputs`, through the nodes between
   * them only. `lane` seeds one example of a per-example output; otherwise every lane is seeded
   * (a shared output seeds its one value). With `stopAt`, gradients stop at the nodes it accepts
   * (local partials). Read the results with adjointOf.
   */
  backward(output: number, inputs: readonly number[], lane?: number, stopAt?: StopAt): void {
    this.remembered(output, inputs);
    this.seed(output, lane);
    this.sweep(output, stopAt);
  }

  /**
   * The vector-Jacobian product: the derivative of seed · output with respect to each input, the
   * adjoint of `output` given lane by lane instead of ones. One step of a path through a matrix
   * derivation has a Jacobian as its local derivative; this applies it without forming it.
   */
  vjp(output: number, seed: Float64Array, inputs: number[], stopAt?: StopAt): Float64Array[] {
    if (this.remembered(output, inputs).length === 0) return inputs.map((i) => new Float64Array(this.nodes[i].value.length));
    const out = this.nodes[output].grad;
    out.set(seed.length > out.length ? seed.subarray(0, out.length) : seed);
    this.sweep(output, stopAt);
    return inputs.map((i) => {
      const g = this.adjointOf(i);
      if (g === ZERO) return new Float64Array(this.nodes[i].value.length);
      return this.nodes[i].perExample ? Float64Array.from(g) : sumOverLanes(g, this.nodes[i].size);
    });
  }

  /** Stamps of the current pass: a node was reached by a search (or is between) when its stamp is the pass's. */
  private upStamp = new Uint32Array(0);
  private downStamp = new Uint32Array(0);
  private betweenStamp = new Uint32Array(0);
  private pass = 0;
  /** The searches' queues and the nodes of the current pass, latest first: reused from pass to pass. */
  private readonly up: number[] = [];
  private readonly down: number[] = [];
  private readonly order: number[] = [];
  /** True when a sum over the examples lies between the current pass's ends: its examples are not independent. */
  private coupled = false;

  /**
   * Marks the nodes between `inputs` and `output` (the descendants of an input that are ancestors
   * of the output, both ends included), zeroes their adjoints and lists them latest first. Two
   * searches run in step, up from the inputs (descendants no deeper than the output) and down
   * from the output (ancestors no shallower than the inputs); the pass lies within both, and is
   * picked out of the first that ends. So a local derivative visits a handful of nodes however
   * deep the graph below it or long the graph above it, and a chain rule its path. Nodes outside
   * the pass keep stale adjoints and are never read (adjointOf).
   */
  private between(output: number, inputs: readonly number[]): number[] {
    const nodes = this.nodes;
    if (this.betweenStamp.length < nodes.length) {
      const capacity = Math.max(nodes.length, 2 * this.betweenStamp.length);
      this.upStamp = new Uint32Array(capacity);
      this.downStamp = new Uint32Array(capacity);
      this.betweenStamp = new Uint32Array(capacity);
      this.pass = 0;
    }
    const stamp = ++this.pass;
    const { upStamp, downStamp, betweenStamp: between, up, down, order } = this;
    const top = nodes[output].depth;
    let earliest = Infinity;
    let bottom = Infinity;
    up.length = down.length = order.length = 0;
    for (const i of inputs) {
      if (i > output || upStamp[i] === stamp) continue;
      upStamp[i] = stamp;
      up.push(i);
      earliest = Math.min(earliest, i);
      bottom = Math.min(bottom, nodes[i].depth);
    }
    if (up.length) {
      downStamp[output] = stamp;
      down.push(output);
    }
    let u = 0;
    let d = 0;
    while (u < up.length && d < down.length) {
      for (const c of nodes[up[u++]].consumers) {
        if (c <= output && (c === output || nodes[c].depth < top) && upStamp[c] !== stamp) { upStamp[c] = stamp; up.push(c); }
      }
      for (const j of nodes[down[d++]].inputs) {
        if (j >= earliest && nodes[j].depth >= bottom && downStamp[j] !== stamp) { downStamp[j] = stamp; down.push(j); }
      }
    }
    if (u === up.length) {
      // Every descendant is found: the pass is those the output is computed from.
      if (upStamp[output] === stamp) {
        between[output] = stamp;
        order.push(output);
        for (let k = 0; k < order.length; k++) {
          for (const j of nodes[order[k]].inputs) if (upStamp[j] === stamp && between[j] !== stamp) { between[j] = stamp; order.push(j); }
        }
      }
    } else {
      // Every ancestor is found: the pass is those computed from an input, earliest first.
      for (const i of inputs) if (downStamp[i] === stamp) between[i] = stamp;
      down.sort((a, b) => a - b);
      for (const i of down) {
        if (between[i] !== stamp && !this.pushesOn(i)) continue;
        between[i] = stamp;
        order.push(i);
      }
    }
    order.sort((a, b) => b - a);
    this.coupled = false;
    const perExample = nodes[output].perExample;
    for (const i of order) {
      nodes[i].grad.fill(0);
      // Examples stay independent unless a sum over them carries the adjoint across.
      if (perExample && isReduce(nodes[i].spec) && this.pushesOn(i)) this.coupled = true;
    }
    return order;
  }

  /** Passes found for derivatives, by output: each is taken again at every sample point. */
  private readonly passes = new Map<number, Array<{ inputs: readonly number[]; order: Int32Array; coupled: boolean }>>();

  /**
   * The pass between `inputs` and `output` as between makes it, found once and then remembered:
   * nodes added later never lie between two earlier ones, so it stays right as the tape grows.
   */
  private remembered(output: number, inputs: readonly number[]): number[] {
    let known = this.passes.get(output);
    const same = known?.find((p) => p.inputs.length === inputs.length && p.inputs.every((i, k) => i === inputs[k]));
    if (!same) {
      const order = this.between(output, inputs);
      if (!known) this.passes.set(output, (known = []));
      known.push({ inputs: [...inputs], order: Int32Array.from(order), coupled: this.coupled });
      return order;
    }
    const stamp = ++this.pass;
    const order = this.order;
    order.length = 0;
    for (const i of same.order) {
      this.betweenStamp[i] = stamp;
      this.nodes[i].grad.fill(0);
      order.push(i);
    }
    this.coupled = same.coupled;
    return order;
  }

  /** True for a node of the current pass that carries the adjoint on to an input within the pass. */
  private pushesOn(i: number): boolean {
    for (const j of this.nodes[i].inputs) if (this.betweenStamp[j] === this.pass) return true;
    return false;
  }

  /** Seeds the adjoint of `output` for a pass listed by between. */
  private seed(output: number, lane?: number): void {
    if (this.order.length === 0) return;
    const out = this.nodes[output];
    if (!out.perExample) out.grad.fill(1, 0, out.size);
    else if (lane === undefined) out.grad.fill(1);
    else out.grad.fill(1, lane * out.size, (lane + 1) * out.size);
  }

  private sweep(output: number, stopAt?: StopAt): void {
    for (const i of this.order) {
      const node = this.nodes[i];
      if (!this.pushesOn(i) || (i !== output && stopAt?.(node, i))) continue;
      this.propagate(node);
    }
  }

  /** Nodes visited so far answering dependsOn for each output, until they pay for its ancestor set. */
  private readonly searched = new Map<number, number>();
  /** The ancestors of outputs asked about often (1 for an ancestor), indexed by node; nodes added later are none. */
  private readonly ancestorSets = new Map<number, Uint8Array>();

  /**
   * True when `output` is computed from `input` (or is it): otherwise d output / d input is 0 by
   * construction. Each question searches between the two, which is short for a local
   * derivative; once an output's questions have visited as many nodes as the tape holds (the
   * loss, asked about every parameter of a deep chain), its ancestor set is built, at no more
   * cost than that, and answers the rest.
   */
  dependsOn(output: number, input: number): boolean {
    const known = this.ancestorSets.get(output);
    if (known) return known[input] === 1;
    const connected = this.between(output, [input]).length > 0;
    const spent = (this.searched.get(output) ?? 0) + this.up.length + this.down.length;
    if (spent < this.nodes.length) this.searched.set(output, spent);
    else {
      const ancestors = new Uint8Array(output + 1);
      const stack = [output];
      ancestors[output] = 1;
      while (stack.length) for (const j of this.nodes[stack.pop()!].inputs) if (!ancestors[j]) { ancestors[j] = 1; stack.push(j); }
      this.ancestorSets.set(output, ancestors);
      this.searched.delete(output);
    }
    return connected;
  }

  /** The adjoint of `input` after the last pass: zero unless the pass went through it. */
  adjointOf(input: number): Float64Array {
    return this.betweenStamp[input] === this.pass ? this.nodes[input].grad : ZERO;
  }

  /** Example k's value of node i (a shared value is every example's). */
  private readonly lane = (i: number, k: number): number => {
    const v = this.nodes[i].value;
    return v.length === 1 ? v[0] : v[k];
  };

  private readonly push = (target: number, k: number, g: number): void => {
    this.nodes[target].grad[k] += g;
  };

  private propagate(node: TapeNode): void {
    const { spec, grad, value } = node;
    const lanes = this.lanes;
    const { push, lane } = this;
    switch (spec.op) {
      case 'leaf': case 'const': case 'fill': return;
      case 'matmul': case 'transpose': case 'sumAll': case 'diag': case 'diagonal':
        backwardTensor(node, this.nodes, lanes);
        return;
      case 'sum': case 'mean': case 'prod': {
        if (node.size > 1) { backwardReduce(node, this.nodes, lanes); return; }
        let total = 0;
        for (let k = 0; k < lanes; k++) total += grad[k];
        if (total === 0) return;
        const terms = this.nodes[spec.a].value.length === 1 ? lanes : this.nodes[spec.a].value.length;
        for (let k = 0; k < terms; k++) {
          const local = spec.op === 'sum' ? 1 : spec.op === 'mean' ? 1 / terms : value[0] / lane(spec.a, k);
          push(spec.a, k, total * local);
        }
        return;
      }
      case 'where':
        if (node.size > 1) { backwardWhere(node, this.nodes, lanes); return; }
        for (let k = 0; k < lanes; k++) {
          if (grad[k] === 0) continue;
          const taken = compare(spec.cmp, lane(spec.left, k), lane(spec.right, k)) ? spec.then : spec.otherwise;
          push(taken, k, grad[k]);
        }
        return;
      default:
        if (node.size > 1 || ('b' in spec && this.nodes[spec.b].size > 1)) backwardEntrywise(node, this.nodes, lanes);
        else if ('b' in spec) {
          const rule = BINARY[spec.op];
          for (let k = 0; k < lanes; k++) {
            if (grad[k] === 0) continue;
            const [da, db] = rule.derivative(lane(spec.a, k), lane(spec.b, k), value[value.length === 1 ? 0 : k]);
            push(spec.a, k, grad[k] * da);
            push(spec.b, k, grad[k] * db);
          }
        } else {
          const rule = UNARY[spec.op];
          for (let k = 0; k < lanes; k++) {
            if (grad[k] !== 0) push(spec.a, k, grad[k] * rule.derivative(lane(spec.a, k), value[value.length === 1 ? 0 : k]));
          }
        }
    }
  }


  /**
   * d(output)/d(input) for each input, per example. A shared output needs one pass (a shared
   * input's contributions are summed over the examples); a per-example output needs one pass
   * too while its examples are independent, else one pass per example.
   */
  derivatives(output: number, inputs: number[], stopAt?: StopAt): Float64Array[] {
    this.remembered(output, inputs);
    const sizeAt = (i: number): number => this.nodes[i].size;
    if (!this.nodes[output].perExample || !this.coupled) {
      this.seed(output);
      this.sweep(output, stopAt);
      return inputs.map((i) => {
        const g = this.adjointOf(i);
        if (g === ZERO) return new Float64Array(this.nodes[output].perExample ? this.lanes * sizeAt(i) : this.nodes[i].value.length);
        return this.nodes[i].perExample || this.nodes[output].perExample ? Float64Array.from(g) : sumOverLanes(g, sizeAt(i));
      });
    }
    const results = inputs.map((i) => new Float64Array(this.lanes * sizeAt(i)));
    for (let k = 0; k < this.lanes; k++) {
      if (k > 0) for (const i of this.order) this.nodes[i].grad.fill(0);
      this.seed(output, k);
      this.sweep(output, stopAt);
      inputs.forEach((input, j) => {
        const g = this.adjointOf(input);
        if (g === ZERO) return;
        const size = sizeAt(input);
        const lane = this.nodes[input].perExample ? g.subarray(k * size, (k + 1) * size) : sumOverLanes(g, size);
        results[j].set(lane, k * size);
      });
    }
    return results;
  }
}
