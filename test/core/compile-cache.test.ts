/** Sides compiled once per structure: what shares a compiled function, and what must not. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MathNode } from 'mathjs';
import { compileCached, math } from '../../src/core/check/evaluate';

const { OperatorNode, SymbolNode } = math;
const times = (a: MathNode, b: MathNode): MathNode => new OperatorNode('*', 'multiply', [a, b]);
const symbol = (name: string): MathNode => new SymbolNode(name);

test('a * (b * c) and (a * b) * c are compiled apart: they round (and overflow) differently', () => {
  const scope = new Map<string, unknown>([['a', 1e308], ['b', 10], ['c', 0.1]]);
  const right = compileCached(times(symbol('a'), times(symbol('b'), symbol('c')))).evaluate(scope);
  const left = compileCached(times(times(symbol('a'), symbol('b')), symbol('c'))).evaluate(scope);
  assert.equal(right, 1e308);
  assert.equal(left, Infinity);
});

test('one structure over other names reads its own inputs; a missing one is named as written', () => {
  const scope = new Map<string, unknown>([['s1', 2], ['s2', 3], ['s3', 5]]);
  assert.equal(compileCached(times(symbol('s1'), symbol('s2'))).evaluate(scope), 6);
  assert.equal(compileCached(times(symbol('s3'), symbol('s1'))).evaluate(scope), 10);
  assert.throws(() => compileCached(times(symbol('s3'), symbol('s9'))).evaluate(scope), /Undefined symbol s9/);
});

test('constants are part of the structure, each as it is: NaN (a case left open), Infinity, -0', () => {
  const { ConstantNode } = math;
  const values = [NaN, Infinity, -0, 0, 2].map((v) => compileCached(new ConstantNode(v)).evaluate(new Map()));
  assert.deepEqual(values, [NaN, Infinity, -0, 0, 2]);
});
