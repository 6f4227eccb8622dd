/**
 * The reference engine against finite differences on random computation graphs built from
 * every supported operation, with examples (lanes) and sums over them.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { type BinaryOp, Tape, type UnaryOp } from '../../src/core/engine/tape';

/** Operations kept in safe domains: logs and roots see positive arguments by construction. */
type Step =
  | { kind: 'unary'; op: UnaryOp; input: number }
  | { kind: 'binary'; op: BinaryOp; a: number; b: number }
  | { kind: 'square'; input: number }
  | { kind: 'safeLog'; input: number }
  | { kind: 'safeDiv'; a: number; b: number };

const unaryOps: UnaryOp[] = ['neg', 'exp', 'sigma', 'tanh', 'softplus', 'sin', 'cos', 'identity'];
const binaryOps: BinaryOp[] = ['add', 'sub', 'mul'];

const stepArb = (available: number): fc.Arbitrary<Step> => {
  const index = fc.nat({ max: available - 1 });
  return fc.oneof(
    fc.record({ kind: fc.constant('unary' as const), op: fc.constantFrom(...unaryOps), input: index }),
    fc.record({ kind: fc.constant('binary' as const), op: fc.constantFrom(...binaryOps), a: index, b: index }),
    fc.record({ kind: fc.constant('square' as const), input: index }),
    fc.record({ kind: fc.constant('safeLog' as const), input: index }),
    fc.record({ kind: fc.constant('safeDiv' as const), a: index, b: index }),
  );
};

interface Graph {
  tape: Tape;
  leaves: number[];
  output: number;
}

/** Builds the graph: 2 shared leaves, 2 per-example leaves, the steps, then a sum or not. */
function build(steps: Step[], lanes: number, reduce: boolean): Graph {
  const tape = new Tape(lanes);
  const leaves = [tape.leaf('w', false), tape.leaf('b', false), tape.leaf('x', true), tape.leaf('y', true)];
  const nodes = [...leaves];
  const one = tape.constant(1);
  for (const step of steps) {
    const pick = (i: number): number => nodes[i % nodes.length];
    let id: number;
    switch (step.kind) {
      case 'unary':
        // exp of exp overflows: bound the argument with tanh first.
        id = step.op === 'exp' ? tape.unary('exp', tape.unary('tanh', pick(step.input))) : tape.unary(step.op, pick(step.input));
        break;
      case 'binary': id = tape.binary(step.op, pick(step.a), pick(step.b)); break;
      case 'square': id = tape.binary('pow', pick(step.input), tape.constant(2)); break;
      case 'safeLog': id = tape.unary('log', tape.binary('add', one, tape.binary('pow', pick(step.input), tape.constant(2)))); break;
      case 'safeDiv': id = tape.binary('div', pick(step.a), tape.binary('add', tape.constant(2), tape.unary('sin', pick(step.b)))); break;
    }
    nodes.push(id);
  }
  const last = nodes[nodes.length - 1];
  const output = reduce ? tape.reduce('sum', tape.binary('mul', last, last)) : last;
  return { tape, leaves, output };
}

function setLeaves(graph: Graph, values: number[][]): void {
  graph.leaves.forEach((leaf, k) => graph.tape.nodes[leaf].value.set(values[k]));
}

const valuesArb = (lanes: number): fc.Arbitrary<number[][]> => fc.tuple(
  fc.array(fc.double({ min: -1.5, max: 1.5, noNaN: true }), { minLength: 1, maxLength: 1 }),
  fc.array(fc.double({ min: -1.5, max: 1.5, noNaN: true }), { minLength: 1, maxLength: 1 }),
  fc.array(fc.double({ min: -1.5, max: 1.5, noNaN: true }), { minLength: lanes, maxLength: lanes }),
  fc.array(fc.double({ min: -1.5, max: 1.5, noNaN: true }), { minLength: lanes, maxLength: lanes }),
);

/** Central difference of every output lane with respect to one lane of one leaf. */
function finiteDifference(graph: Graph, values: number[][], leaf: number, lane: number): number[] {
  const h = 1e-6;
  const run = (delta: number): number[] => {
    const shifted = values.map((v) => [...v]);
    shifted[leaf][lane] += delta;
    setLeaves(graph, shifted);
    graph.tape.forward();
    return [...graph.tape.nodes[graph.output].value];
  };
  const plus = run(h);
  const minus = run(-h);
  return plus.map((p, k) => (p - minus[k]) / (2 * h));
}

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-5 * Math.max(1, Math.abs(a), Math.abs(b));

for (const reduce of [false, true]) {
  test(`engine agrees with finite differences on random graphs (${reduce ? 'summed over examples' : 'per example'})`, () => {
    const lanes = 3;
    fc.assert(fc.property(fc.array(stepArb(12), { minLength: 1, maxLength: 12 }), valuesArb(lanes), (steps, values) => {
      const graph = build(steps, lanes, reduce);
      setLeaves(graph, values);
      graph.tape.forward();
      if (!graph.tape.nodes.every((n) => n.value.every(Number.isFinite))) return true;
      const derivatives = graph.tape.derivatives(graph.output, graph.leaves);
      const outputPerExample = graph.tape.nodes[graph.output].perExample;
      graph.leaves.forEach((leaf, k) => {
        const perExample = graph.tape.nodes[leaf].perExample;
        for (let lane = 0; lane < (perExample ? lanes : 1); lane++) {
          const fd = finiteDifference(graph, values, k, lane);
          if (!outputPerExample) {
            assert.ok(close(derivatives[k][lane], fd[0]), `d out/d leaf${k}[${lane}]: engine ${derivatives[k][lane]} vs fd ${fd[0]}`);
          } else if (perExample) {
            assert.ok(close(derivatives[k][lane], fd[lane]), `d out[${lane}]/d leaf${k}[${lane}]: ${derivatives[k][lane]} vs ${fd[lane]}`);
          } else {
            fd.forEach((v, out) => assert.ok(close(derivatives[k][out], v), `d out[${out}]/d leaf${k}: ${derivatives[k][out]} vs ${v}`));
          }
        }
      });
      return true;
    }), { numRuns: 300, seed: 42 });
  });
}

test('a per-example output fed back by a sum over examples is differentiated example by example', () => {
  // out_k = x_k * sum_j x_j: lanes are coupled, so d out_k / d x_k = sum_j x_j + x_k.
  const tape = new Tape(3);
  const x = tape.leaf('x', true);
  const total = tape.reduce('sum', x);
  const out = tape.binary('mul', x, total);
  tape.nodes[x].value.set([0.5, -1, 2]);
  tape.forward();
  const [d] = tape.derivatives(out, [x]);
  assert.deepEqual([...d], [1.5 + 0.5, 1.5 - 1, 1.5 + 2]);
});

test('a derivative with respect to a node the output does not depend on is zero', () => {
  const tape = new Tape(2);
  const a = tape.leaf('a', false);
  const b = tape.leaf('b', false);
  const out = tape.unary('exp', a);
  tape.nodes[a].value[0] = 0.3;
  tape.nodes[b].value[0] = 0.7;
  tape.forward();
  assert.deepEqual([...tape.derivatives(out, [b])[0]], [0]);
});

/** Every node `output` is computed from, itself included, by walking its inputs. */
function ancestors(tape: Tape, output: number): Set<number> {
  const found = new Set([output]);
  const stack = [output];
  while (stack.length) for (const i of tape.nodes[stack.pop()!].inputs) if (!found.has(i)) { found.add(i); stack.push(i); }
  return found;
}

test('a pass between two nodes gives exactly what a pass over every ancestor of the output gives', () => {
  // d A / d B over the nodes between B and A only (a local derivative visits a handful of
  // nodes), against the same derivative taken beside every leaf (every ancestor of A visited),
  // for every pair of nodes of one tape in turn: adjoints left stale by a pass never leak into the next.
  const lanes = 3;
  const zeroSigned = (d: Float64Array): number[] => [...d].map((v) => v + 0);
  fc.assert(fc.property(fc.array(stepArb(12), { minLength: 1, maxLength: 12 }), valuesArb(lanes), fc.boolean(), (steps, values, reduce) => {
    const graph = build(steps, lanes, reduce);
    setLeaves(graph, values);
    const tape = graph.tape;
    tape.forward();
    if (!tape.nodes.every((n) => n.value.every(Number.isFinite))) return true;
    // Twice over: the second time every pass is one remembered from the first.
    const first = new Map<string, number[]>();
    for (const round of [1, 2]) {
      for (let a = 0; a < tape.nodes.length; a++) {
        for (let b = 0; b < tape.nodes.length; b++) {
          const [local] = tape.derivatives(a, [b]);
          const [full] = tape.derivatives(a, [b, ...graph.leaves.filter((leaf) => leaf !== b)]);
          assert.deepEqual(zeroSigned(local), zeroSigned(full), `d node${a} / d node${b}`);
          assert.equal(tape.dependsOn(a, b), ancestors(tape, a).has(b), `node${a} depends on node${b}`);
          if (round === 1) first.set(`${a} ${b}`, zeroSigned(local));
          else assert.deepEqual(zeroSigned(local), first.get(`${a} ${b}`), `d node${a} / d node${b} again`);
        }
      }
    }
    return true;
  }), { numRuns: 100, seed: 7 });
});
