/**
 * The reference engine's matrix operations against finite differences: random graphs of matrix
 * products, transposes, entrywise functions, Hadamard products, diag, traces and sums of entries,
 * over shared and per-example matrices, summed over the examples or not.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Tape, type TensorOp, type UnaryOp } from '../../src/core/engine/tape';
import { ShapeError } from '../../src/core/engine/shape';

type Step =
  | { kind: 'matmul' | 'mul' | 'add' | 'sub'; a: number; b: number }
  | { kind: 'unary'; op: UnaryOp; input: number }
  | { kind: 'tensor'; op: TensorOp; input: number };

const unaryOps: UnaryOp[] = ['neg', 'sigma', 'tanh', 'softplus', 'sin', 'identity'];
const tensorOps: TensorOp[] = ['transpose', 'sumAll', 'diag', 'diagonal'];

const stepArb = (available: number): fc.Arbitrary<Step> => {
  const index = fc.nat({ max: available - 1 });
  return fc.oneof(
    fc.record({ kind: fc.constantFrom('matmul' as const, 'mul' as const, 'add' as const, 'sub' as const), a: index, b: index }),
    fc.record({ kind: fc.constant('unary' as const), op: fc.constantFrom(...unaryOps), input: index }),
    fc.record({ kind: fc.constant('tensor' as const), op: fc.constantFrom(...tensorOps), input: index }),
  );
};

interface Graph { tape: Tape; leaves: number[]; output: number }

/** Leaves: W (3×2, shared), x (2×1, per example), v (3×1, shared), s (scalar, per example). */
function build(steps: Step[], lanes: number, reduce: boolean): Graph {
  const tape = new Tape(lanes);
  const leaves = [tape.leaf('W', false, undefined, [3, 2]), tape.leaf('x', true, undefined, [2, 1]), tape.leaf('v', false, undefined, [3, 1]), tape.leaf('s', true)];
  const nodes = [...leaves];
  for (const step of steps) {
    const pick = (i: number): number => nodes[i % nodes.length];
    try {
      switch (step.kind) {
        case 'matmul': nodes.push(tape.matmul(pick(step.a), pick(step.b))); break;
        case 'unary': nodes.push(tape.unary(step.op, pick(step.input))); break;
        case 'tensor': nodes.push(tape.tensor(step.op, pick(step.input))); break;
        default: nodes.push(tape.binary(step.kind, pick(step.a), pick(step.b)));
      }
    } catch (error) {
      if (!(error instanceof ShapeError)) throw error;
    }
  }
  // Every leaf reaches the output, so no derivative is trivially zero.
  const last = nodes.slice(leaves.length).concat(leaves).map((n) => tape.tensor('sumAll', tape.binary('mul', n, tape.unary('tanh', n))));
  const total = last.reduce((a, b) => tape.binary('add', a, b));
  return { tape, leaves, output: reduce ? tape.reduce('sum', total) : total };
}

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-5 * Math.max(1, Math.abs(a), Math.abs(b));

for (const reduce of [false, true]) {
  test(`matrix operations agree with finite differences (${reduce ? 'summed over examples' : 'per example'})`, () => {
    const lanes = 2;
    fc.assert(fc.property(fc.array(stepArb(10), { minLength: 1, maxLength: 10 }), fc.array(fc.double({ min: -1.2, max: 1.2, noNaN: true }), { minLength: 40, maxLength: 40 }), (steps, seeds) => {
      const graph = build(steps, lanes, reduce);
      const { tape } = graph;
      let s = 0;
      for (const leaf of graph.leaves) { const v = tape.nodes[leaf].value; for (let i = 0; i < v.length; i++) v[i] = seeds[s++ % seeds.length]; }
      tape.forward();
      const derivatives = tape.derivatives(graph.output, graph.leaves);
      const out = tape.nodes[graph.output];
      graph.leaves.forEach((leaf, k) => {
        const value = tape.nodes[leaf].value;
        for (let i = 0; i < value.length; i++) {
          const h = 1e-6;
          const saved = value[i];
          value[i] = saved + h; tape.forward(); const plus = Float64Array.from(out.value);
          value[i] = saved - h; tape.forward(); const minus = Float64Array.from(out.value);
          value[i] = saved;
          const fd = plus.map((p, j) => (p - minus[j]) / (2 * h));
          // A per-example output: leaf entry i of lane `lane` moves only that lane's output.
          const size = tape.nodes[leaf].size;
          const lane = Math.floor(i / size);
          const expected = out.perExample ? (tape.nodes[leaf].perExample ? fd[lane] : undefined) : fd[0];
          if (expected === undefined) {
            // A shared leaf in a per-example output: its derivative is kept per example.
            fd.forEach((v, l) => assert.ok(close(derivatives[k][l * size + i], v), `d out[${l}]/d leaf${k}[${i}]`));
          } else {
            assert.ok(close(derivatives[k][i], expected), `d out/d leaf${k}[${i}]: engine ${derivatives[k][i]} vs fd ${expected}`);
          }
        }
      });
      tape.forward();
      return true;
    }), { numRuns: 200, seed: 7 });
  });
}

test('a product of matrices with different inner sizes is a shape error', () => {
  const tape = new Tape(1);
  const w = tape.leaf('W', false, undefined, [3, 2]);
  assert.throws(() => tape.matmul(w, w), ShapeError);
  assert.deepEqual(tape.shapeOf(tape.matmul(tape.tensor('transpose', w), w)), [2, 2]);
  const v = tape.leaf('v', false, undefined, [3, 1]);
  assert.deepEqual(tape.shapeOf(tape.matmul(tape.tensor('transpose', v), v)), [], 'v^T v is a scalar');
});
