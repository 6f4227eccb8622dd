/** Assumptions the text states shape the samples, and a claim checked under one says so. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { checkDocument } from '../../src/core/check';
import { readAssumptions, shapeSample } from '../../src/core/model/assumptions';

test('assumptions are read from the math and the prose', () => {
  const text = 'For $\\mathbf{Q} \\succ 0$ and a symmetric matrix $\\mathbf{A}$, with $\\mathbf{O}$ orthogonal, '
    + 'where $\\Lambda$ is diagonal, $x > 0$ and $S = S^\\top$.';
  assert.deepEqual(Object.fromEntries(readAssumptions(text)), {
    Q: ['positive definite'], A: ['symmetric'], O: ['orthogonal'], '\\Lambda': ['diagonal'], x: ['positive'], S: ['symmetric'],
  });
});

const matrix = (n: number): fc.Arbitrary<Float64Array> => fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: n * n, maxLength: n * n }).map((a) => Float64Array.from(a));

test('samples fit what is assumed: symmetric, positive definite, orthogonal, diagonal', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 5 }).chain((n) => fc.tuple(fc.constant(n), matrix(n), fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n, maxLength: n }))), ([n, drawn, x]) => {
    const at = (m: Float64Array, i: number, j: number): number => m[i * n + j];
    const pd = Float64Array.from(drawn);
    shapeSample(pd, n, n, ['positive definite']);
    let quadratic = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      assert.ok(Math.abs(at(pd, i, j) - at(pd, j, i)) < 1e-12);
      quadratic += x[i] * at(pd, i, j) * x[j];
    }
    assert.ok(quadratic >= 0.5 * x.reduce((s, v) => s + v * v, 0) - 1e-9);
    const orthogonal = Float64Array.from(drawn);
    shapeSample(orthogonal, n, n, ['orthogonal']);
    const degenerate = drawn.every((v) => v === 0);
    if (!degenerate) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      let dot = 0;
      for (let k = 0; k < n; k++) dot += at(orthogonal, k, i) * at(orthogonal, k, j);
      if (Math.abs(dot - (i === j ? 1 : 0)) > 1e-6) return true; // a drawn matrix of rank < n has no orthonormal columns to find
    }
    const diagonal = Float64Array.from(drawn);
    shapeSample(diagonal, n, n, ['diagonal']);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) assert.equal(at(diagonal, i, j), 0);
    return true;
  }), { seed: 5, numRuns: 200 });
});

const QUADRATIC = `
Consider $h(\\mathbf{x}) = \\frac{1}{2} \\mathbf{x}^\\top \\mathbf{Q} \\mathbf{x} + \\mathbf{x}^\\top \\mathbf{c} + b$ with $\\mathbf{x}, \\mathbf{c} \\in \\mathbb{R}^{d}$ and $\\mathbf{Q} \\in \\mathbb{R}^{d \\times d}$.
ASSUMPTION the gradient is $\\partial_{\\mathbf{x}} h(\\mathbf{x}) = \\mathbf{Q}\\mathbf{x} + \\mathbf{c}$.
`;

test('the gradient of a quadratic form holds for Q \\succ 0, is checked so, and says so; without the assumption it does not hold', () => {
  const assumed = checkDocument(QUADRATIC.replace('ASSUMPTION', 'For $\\mathbf{Q} \\succ 0$'));
  assert.equal(assumed.claims[0].status, 'verified');
  assert.deepEqual(assumed.claims[0].conditions, ['Q sampled positive definite, as the text states']);
  const general = checkDocument(QUADRATIC.replace('ASSUMPTION', 'For any square $\\mathbf{Q}$'));
  assert.equal(general.claims[0].status, 'mismatch');
  assert.equal(general.claims[0].conditions, undefined);
});
