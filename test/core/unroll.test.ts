/** Recursions over time steps and positions computed from others, unrolled (src/core/model/unroll.ts): BPTT and convolutions as the literature writes them. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkDocument } from '../../src/core/check';
import { readDerivation } from '../../src/core/model/derivation';
import { exprKey } from '../../src/core/latex/ast';
import { evaluateIndex, parseIndex } from '../../src/core/model/index-arithmetic';

const SCALAR_RNN = (claims: string, extra = ''): string => `${extra}
$$h_t = \\tanh(w h_{t-1} + u x_t + b), \\qquad L = \\frac{1}{2} \\sum_{t=1}^{T} (h_t - y_t)^2$$

Define $\\delta_t = \\frac{\\partial L}{\\partial h_t}$.

${claims}
`;

test('a recursion over time is unrolled: one definition per step, from a given initial state', () => {
  const derivation = readDerivation(SCALAR_RNN(''), 'markdown');
  assert.deepEqual([...derivation.definitions.keys()], ['h_1', 'h_2', 'h_3', 'h_4', 'L']);
  assert.equal(exprKey(derivation.definitions.get('h_1')!.expr), "(tanh (+ (* 'w' 'h_0') (* 'u' 'x_1') 'b'))");
  assert.equal(exprKey(derivation.definitions.get('L')!.expr), "(* (/ 1 2) (+ (^ (+ 'h_1' -'y_1') 2) (^ (+ 'h_2' -'y_2') 2) (^ (+ 'h_3' -'y_3') 2) (^ (+ 'h_4' -'y_4') 2)))");
  assert.deepEqual([...derivation.unrolling!.initial], ['h_0']);
});

test('a claim about a general step is checked at every step where what it reads exists', () => {
  const report = checkDocument(SCALAR_RNN(`
$$\\delta_T = h_T - y_T, \\qquad \\delta_t = (h_t - y_t) + \\delta_{t+1} (1 - h_{t+1}^2)\\, w$$

$$\\frac{\\partial L}{\\partial w} = \\sum_{t=1}^{T} \\delta_t (1 - h_t^2)\\, h_{t-1}, \\qquad \\frac{\\partial L}{\\partial u} = \\sum_{t=1}^{T} \\delta_t (1 - h_t^2)\\, x_t, \\qquad \\frac{\\partial L}{\\partial b} = \\sum_{t=1}^{T} \\delta_t (1 - h_t^2)$$`));
  assert.deepEqual(report.claims.map((c) => c.status), ['verified', 'verified', 'verified', 'verified', 'verified']);
  // δ_{t+1} has no step after the last: the recursion is checked at t = 1, 2, 3 and the last step by its own claim.
  assert.ok(report.claims[1].conditions?.includes('checked at every step t = 1, …, 4 of a sequence unrolled to 4 steps'), JSON.stringify(report.claims[1].conditions));
  assert.ok(report.claims[2].conditions?.includes('with the sums over the steps written out for a sequence of 4 steps'));
  assert.match(report.claims[2].explanation, /\. With the sums over the steps written out for a sequence of 4 steps\.$/);
  assert.deepEqual(report.diagnostics, []);
});

test('a claim that forgets the gradient from the later steps is a mismatch at the step it fails, with no rewrite in instance names', () => {
  const report = checkDocument(SCALAR_RNN('$$\\delta_t = (h_t - y_t) + \\delta_{t+1}\\, w$$'));
  assert.deepEqual(report.claims.map((c) => c.status), ['mismatch']);
  assert.match(report.claims[0].explanation, /^At t = 1 \(of 4 steps unrolled\): /);
  assert.equal(report.claims[0].suggestion, undefined);
  assert.ok(report.diagnostics.every((d) => d.fixes.length === 0 && d.message.startsWith('At t = 1')));
});

test('the document fixes the length (T = 3), or a directive does; the step names follow', () => {
  const fixed = readDerivation(SCALAR_RNN('', 'Over $T = 3$ steps:'), 'markdown');
  assert.equal(fixed.unrolling!.count, 3);
  assert.ok(!fixed.definitions.has('T'));
  const directed = readDerivation(SCALAR_RNN('', '<!-- gradcheck: steps 6 -->'), 'markdown');
  assert.equal(directed.unrolling!.count, 6);
  assert.ok(directed.definitions.has('h_6'));
});

test('a cell about one step (no sum over the steps, no last step) is read as written, the previous state given', () => {
  const derivation = readDerivation(`
$$\\mathbf{z}_t = \\sigma(W_z \\mathbf{x}_t + U_z \\mathbf{h}_{t-1}), \\qquad \\mathbf{h}_t = \\mathbf{z}_t \\odot \\mathbf{h}_{t-1}$$

$$\\frac{\\partial L}{\\partial \\mathbf{z}_t} = \\frac{\\partial L}{\\partial \\mathbf{h}_t} \\odot \\mathbf{h}_{t-1}$$
`, 'markdown');
  assert.equal(derivation.unrolling, undefined);
  assert.deepEqual([...derivation.definitions.keys()], ['z_t', 'h_t', 'L']);
});

test('a name defined at a general step without a step in its name (g = dL/dh_t) is one name per step', () => {
  const report = checkDocument(`
$$\\mathbf{h}_t = \\tanh(W \\mathbf{h}_{t-1} + U \\mathbf{x}_t), \\qquad L = \\ell(\\mathbf{h}_T)$$

Writing $\\mathbf{g} = \\frac{\\partial L}{\\partial \\mathbf{h}_t}$:

$$\\frac{\\partial L}{\\partial U} = \\sum_{t=1}^{T} \\left(\\frac{\\partial L}{\\partial \\mathbf{h}_t} \\odot (1 - \\mathbf{h}_t \\odot \\mathbf{h}_t)\\right) \\mathbf{x}_t^\\top, \\qquad \\frac{\\partial L}{\\partial \\mathbf{h}_{t-1}} = W^\\top (\\mathbf{g} \\odot (1 - \\mathbf{h}_t \\odot \\mathbf{h}_t))$$
`);
  assert.deepEqual(report.claims.map((c) => c.status), ['verified', 'verified']);
});

test('a square matrix to a whole power is its matrix power, on both sides of a claim', () => {
  const report = checkDocument(`
$W \\in \\mathbb{R}^{3 \\times 3}$, $\\mathbf{x} \\in \\mathbb{R}^{3}$.

$$\\mathbf{z} = W^{2} \\mathbf{x}, \\qquad L = \\frac{1}{2} \\|\\mathbf{z}\\|^2$$

$$\\frac{\\partial L}{\\partial \\mathbf{x}} = W^\\top W^\\top \\mathbf{z} = (W^\\top)^{2} \\mathbf{z}$$
`);
  assert.deepEqual(report.claims.map((c) => c.status), ['verified', 'verified']);
});

test('a right side broken over rows of an align goes on at a row that starts with + or -', () => {
  const report = checkDocument(`
$$y = a x^2 + b x$$

\\begin{align}
\\frac{\\partial y}{\\partial x} = {} & 2 a x \\\\
& + b
\\end{align}
`);
  assert.deepEqual(report.claims.map((c) => [c.status, c.expression]), [['verified', '2 a x \\\\\n& + b']]);
});

test('a step written \\tau is a step like t: dropping the later steps is found, never verified', () => {
  const report = checkDocument(`
$$h_\\tau = \\tanh(w h_{\\tau-1} + u x_\\tau), \\qquad L = \\frac{1}{2}\\sum_{\\tau=1}^{T} (h_\\tau - y_\\tau)^2$$

$$\\frac{\\partial L}{\\partial h_\\tau} = h_\\tau - y_\\tau$$
`);
  assert.deepEqual(report.claims.map((c) => c.status), ['mismatch']);
  assert.match(report.claims[0].explanation, /^At τ = 1 \(of 4 steps unrolled\): h_1 reaches L along 4 paths/);
});

test('a backward recursion (h_t from h_{t+1}) is unrolled over its positions: dropping the earlier steps is found', () => {
  const report = checkDocument(`
$$h_t = \\tanh(w h_{t+1} + u x_t), \\qquad L = \\frac{1}{2}\\sum_{t=1}^{T} (h_t - y_t)^2$$

$$\\frac{\\partial L}{\\partial h_t} = h_t - y_t$$
`);
  assert.deepEqual(report.claims.map((c) => c.status), ['mismatch']);
});

test('a recursion it cannot unroll (no range for its steps) leaves the claims that reach it unchecked', () => {
  const report = checkDocument(`
$$h_t = \\tanh(w h_{t+1} + u x_t), \\qquad L = \\frac{1}{2}\\sum_{t} (h_t - y_t)^2$$

$$\\frac{\\partial L}{\\partial h_t} = h_t - y_t$$
`);
  assert.deepEqual(report.claims.map((c) => c.status), ['unchecked']);
  assert.match(report.claims[0].explanation, /this recursion over time steps is not unrolled/);
});

const CONV1D = (claims: string): string => `
With a kernel $w_1, \\dots, w_K$, a bias $b$ and an input $\\mathbf{x} \\in \\mathbb{R}^{n}$, the layer computes

$$y_i = \\sum_{k=1}^{K} w_k x_{i+k-1} + b$$

and is trained with $L = \\frac{1}{2} \\sum_i (y_i - t_i)^2$. Then

$$${claims}$$
`;

test("positions computed from others (a convolution's x_{i+k-1}) are unrolled: the issue's example verifies", () => {
  const report = checkDocument(CONV1D('\\frac{\\partial L}{\\partial w_k} = \\sum_i (y_i - t_i)\\, x_{i+k-1}, \\qquad \\frac{\\partial L}{\\partial b} = \\sum_i (y_i - t_i)'));
  assert.deepEqual(report.claims.map((c) => c.status), ['verified', 'verified']);
  // i runs as far as x_{i+k-1} stays in x: n - K + 1 outputs, with the sizes given small values.
  assert.deepEqual(report.claims[0].conditions, ['checked at every k, with the sizes K = 2, n = 3']);
  assert.deepEqual(report.diagnostics, []);
});

test('a kernel gradient that reads the input one position off is a mismatch where it fails, never verified', () => {
  const report = checkDocument(CONV1D('\\frac{\\partial L}{\\partial w_k} = \\sum_i (y_i - t_i)\\, x_{i+k}'));
  assert.deepEqual(report.claims.map((c) => c.status), ['mismatch']);
  assert.match(report.claims[0].explanation, /^At k = 1 \(with K = 2, n = 3\): /);
  // x_{i+k} reads past x's end at k = K: that instance is not taken, and w_2 is still claimed (b is not).
  assert.deepEqual(report.diagnostics.map((d) => d.code), ['missing-gradient', 'gradient-mismatch']);
  assert.match(report.diagnostics[0].message, /^L depends on the parameter b, but only the gradients for w_1 are derived/);
});

test('two-dimensional positions (x_{i+p, j+q}, w_{pq}) with ranges stated as p, q = 0, ..., k - 1', () => {
  const report = checkDocument(`
$$y_{ij} = \\sum_{p=0}^{k-1} \\sum_{q=0}^{k-1} w_{pq}\\, x_{i+p,\\, j+q} + b, \\qquad 1 \\le i \\le M - k + 1, \\quad 1 \\le j \\le N - k + 1$$

for $p, q = 0, \\dots, k - 1$.

$$\\frac{\\partial L}{\\partial w_{pq}} = \\sum_{i=1}^{M-k+1} \\sum_{j=1}^{N-k+1} \\frac{\\partial L}{\\partial y_{ij}}\\, x_{i+p,\\, j+q}, \\qquad \\frac{\\partial L}{\\partial w_{pq}} = \\sum_{i=1}^{M-k+1} \\sum_{j=1}^{N-k+1} \\frac{\\partial L}{\\partial y_{ij}}\\, x_{i+q,\\, j+p}$$
`);
  assert.deepEqual(report.claims.map((c) => c.status), ['verified', 'mismatch']);
  assert.match(report.claims[1].explanation, /^At p = 0, q = 1 \(with /);
});

test('index arithmetic reads sums and products of letters and whole numbers only', () => {
  assert.deepEqual(parseIndex('2(i-1)+k'), { kind: 'add', terms: [{ kind: 'mul', factors: [{ kind: 'number', value: 2 }, { kind: 'add', terms: [{ kind: 'letter', name: 'i' }, { kind: 'number', value: 1 }], signs: [1, -1] }] }, { kind: 'letter', name: 'k' }], signs: [1, 1] });
  assert.equal(evaluateIndex(parseIndex('T+t-i')!, new Map([['T', 4], ['t', 2], ['i', 3]])), 3);
  assert.equal(evaluateIndex(parseIndex('\\tau-1')!, new Map([['\\tau', 2]])), 1);
  // Letters side by side are two indices (X_{nd}), not a product.
  for (const bad of ['', 'i*k', 'i+', '(i', 'x_1', 'i/2', 'nd', '2ij', 'i2']) assert.equal(parseIndex(bad), undefined, bad);
});
