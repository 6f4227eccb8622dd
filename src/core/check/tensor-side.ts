import type { MathNode, Matrix } from 'mathjs';
import type { Expr } from '../latex/ast';
import { inferShape } from '../engine/infer-shape';
import { matrixShape, type Shape, sizeOf } from '../engine/shape';
import { type CompileContext, type CompiledSide, math, type PointScope, SideWalker } from './evaluate';
import { flatten, laneValue, matrixFunctions, type Value } from './matrices';

/**
 * A claim's side over vectors and matrices: the same mathjs node tree as a scalar side, with
 * its operations as the functions of ./matrices (a product by juxtaposition is a matrix
 * product, `\odot` an entrywise one), and mathjs matrices as values.
 */
const construct = (data: number[][]): Matrix<number> => math.matrix(data, 'dense', 'number') as Matrix<number>;

/** The functions a tensor side calls, put in the scope once. */
export const TENSOR_FUNCTIONS = matrixFunctions(construct);

const ENTRYWISE: Record<string, (x: number) => number> = {
  exp: Math.exp, log: Math.log, ln: Math.log, tanh: Math.tanh, sin: Math.sin, cos: Math.cos, sqrt: Math.sqrt, abs: Math.abs,
  sigma: (x) => 1 / (1 + Math.exp(-x)), relu: (x) => (x > 0 ? x : 0), softplus: (x) => Math.log(1 + Math.exp(x)),
};
for (const [name, f] of Object.entries(ENTRYWISE)) TENSOR_FUNCTIONS[`gc_e_${name}`] = (a: never) => TENSOR_FUNCTIONS.gc_apply(f as never, a);

const call = (fn: string, args: MathNode[]): MathNode => new math.FunctionNode(fn, args);

export function compileTensorSide(expr: Expr, context: CompileContext, shape: Shape, ones: Map<Expr, Shape>): CompiledSide {
  // Read here, not at load: this module and ./evaluate import each other.
  const { ConstantNode, SymbolNode } = math;
  const walker = new SideWalker(context, (e) => node(e));
  const chain = (fn: string, parts: Expr[]): MathNode => parts.map(node).reduce((a, b) => call(fn, [a, b]));

  function node(e: Expr): MathNode {
    switch (e.kind) {
      case 'number': case 'constant': case 'symbol': return walker.leaf(e);
      case 'neg': return call('gc_neg', [node(e.arg)]);
      case 'add': {
        let acc = node(e.terms[0]);
        if (e.signs[0] < 0) acc = call('gc_neg', [acc]);
        for (let k = 1; k < e.terms.length; k++) acc = call(e.signs[k] < 0 ? 'gc_sub' : 'gc_add', [acc, node(e.terms[k])]);
        return acc;
      }
      case 'mul': return e.factors.map(node).reduce((a, b, k) => call(e.dots?.includes(k) ? 'gc_dot' : 'gc_mm', [a, b]));
      case 'hadamard': return chain('gc_had', e.factors);
      case 'outer': return call('gc_outer', [node(e.left), node(e.right)]);
      case 'transpose': return call('gc_T', [node(e.arg)]);
      case 'norm': return call('gc_norm', [node(e.arg)]);
      case 'ones': {
        // Index notation writes the length (also inside an alias, whose shape was inferred apart).
        const s = ones.get(e) ?? (e.size !== undefined ? matrixShape(e.size, 1) : undefined);
        if (!s) throw new Error('the length of the ones vector cannot be inferred here');
        return call('gc_ones', [new ConstantNode(s.length ? s[0] : 1), new ConstantNode(s.length ? s[1] : 1)]);
      }
      case 'div': return call('gc_div', [node(e.num), node(e.den)]);
      case 'pow':
        if (e.base.kind === 'constant' && e.base.name === 'e') return call('gc_e_exp', [node(e.exponent)]);
        return call('gc_pow', [node(e.base), node(e.exponent)]);
      case 'call': {
        const args = e.args.map(node);
        if (e.order > 0) {
          if (e.order > 1) throw new Error('derivatives of order 2 and more are not checked yet');
          walker.inputs.derivativeFunctions.add(e.fn);
          return call('gc_apply', [new SymbolNode(context.ids.of(e.fn, 'df')), ...args]);
        }
        if (context.userFunctions.has(e.fn)) return call('gc_apply', [new SymbolNode(context.ids.of(e.fn, 'f')), ...args]);
        if (args.length === 2 && (e.fn === 'max' || e.fn === 'min')) return call(`gc_${e.fn}`, args);
        if (args.length === 1 && e.fn === 'softmax') {
          const shape = inferShape(e.args[0], { ...context.shapes!, ones: new Map() });
          return call('gc_softmax', [...args, new ConstantNode(context.shapes!.softmaxByRows(shape))]);
        }
        if (args.length === 1 && (e.fn === 'tr' || e.fn === 'diag')) return call(`gc_${e.fn}`, args);
        if (args.length === 1 && ENTRYWISE[e.fn]) return call(`gc_e_${e.fn}`, args);
        throw new Error(`the function ${e.fn} is not defined in the document`);
      }
      case 'derivative': return walker.derivative(e);
      case 'sum': return walker.sum(e);
      case 'piecewise': {
        // Entry by entry: the first piece whose condition holds there.
        const last = e.pieces[e.pieces.length - 1];
        let acc: MathNode = last.condition ? new ConstantNode(NaN) : node(last.value);
        for (let k = e.pieces.length - (last.condition ? 1 : 2); k >= 0; k--) {
          const piece = e.pieces[k];
          if (!piece.condition) continue;
          acc = call('gc_where', [new ConstantNode(piece.condition.op), node(piece.condition.left), node(piece.condition.right), node(piece.value), acc]);
        }
        return acc;
      }
    }
  }
  return { ...walker.side(node(expr)), shape };
}

/**
 * Evaluates a tensor side at one point: lane by lane when it reads a per-example value outside
 * its sums, each lane's entries row-major one after the other.
 */
export function evaluateTensorSide(side: CompiledSide, values: PointScope, lanes: number, scope: Map<string, unknown>, shapes: Map<string, Shape>): Float64Array {
  const inputs = side.reads.map((id) => [id, values.get(id), shapes.get(id) ?? []] as const);
  const lanesOf = (v: Float64Array, s: Shape): number => v.length / sizeOf(s);
  const setLane = (k: number): void => {
    for (const [id, v, s] of inputs) if (v) scope.set(id, laneValue(v, s, lanesOf(v, s) === 1 ? 0 : k, construct));
  };
  const sums = new Map<string, Value>();
  for (const sum of side.sums) {
    let acc: Value = sum.op === 'prod' ? 1 : 0;
    for (let k = 0; k < lanes; k++) {
      setLane(k);
      for (const [id, v] of sums) scope.set(id, v);
      const v = sum.body.evaluate(scope) as Value;
      acc = sum.op === 'prod' ? TENSOR_FUNCTIONS.gc_had(acc as never, v as never) : TENSOR_FUNCTIONS.gc_add(acc as never, v as never);
    }
    sums.set(sum.id, sum.op === 'mean' ? TENSOR_FUNCTIONS.gc_div(acc as never, lanes as never) : acc);
  }
  let perExample = false;
  for (const id of side.outer) {
    const v = values.get(id);
    if (v && lanesOf(v, shapes.get(id) ?? []) > 1) perExample = true;
  }
  const size = sizeOf(side.shape ?? []);
  const result = new Float64Array((perExample ? lanes : 1) * size);
  for (let k = 0; k < (perExample ? lanes : 1); k++) {
    setLane(k);
    for (const [id, v] of sums) scope.set(id, v);
    const { data } = flatten(side.main.evaluate(scope) as Value);
    if (data.length !== size) throw new Error('the claimed value does not have the shape its symbols give it');
    result.set(data, k * size);
  }
  return result;
}
