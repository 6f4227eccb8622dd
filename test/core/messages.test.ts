/** What the messages say to a person: plain names, and suggestions in the author's notation. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { checkDocument } from '../../src/core/check';
import { readableName } from '../../src/core/latex/readable';

test('names read as they print: Greek letters, accents, layer indices, upright names', () => {
  const cases: Array<[string, string]> = [
    ['\\theta_0', 'θ_0'], ['\\hat{y}', 'ŷ'], ['\\hat y', 'ŷ'], ['b^{(1)}', 'b^(1)'], ['\\delta^{(2)}', 'δ^(2)'],
    ['\\mathrm{net}_2', 'net_2'], ["{y}'", "y'"], ['\\mathcal{L}', 'L'], ['\\tilde{\\theta}', 'θ̃'], ['W^{[2]}', 'W^[2]'],
    ['\\hat{y}_{i}', 'ŷ_i'], ['\\bar{x}', 'x̄'], ['\\hat{net}', 'hat(net)'], ['\\alpha', 'α'],
  ];
  for (const [latex, readable] of cases) assert.equal(readableName(latex), readable, latex);
});

test('a readable name never keeps a backslash or a brace, whatever the text', () => {
  fc.assert(fc.property(fc.string({ unit: fc.constantFrom('\\', '{', '}', 'a', 'hat', 'theta', '_', '^', ' ', '(', '1') }), (text) => {
    assert.doesNotMatch(readableName(text), /[\\{}]/);
  }));
});

test('messages name symbols plainly: θ_0, ŷ, w^(1), not their LaTeX', () => {
  const text = [
    '$z = \\theta_0 + \\theta_1 x$, $\\hat{y} = \\sigma(z)$, $L = \\frac{1}{2}(\\hat{y} - y)^2$',
    '$$\\frac{\\partial L}{\\partial \\theta_0} = 2(\\hat{y} - y)\\hat{y}(1 - \\hat{y})$$',
    '$$\\theta_1 \\leftarrow \\theta_1 + \\eta \\frac{\\partial L}{\\partial \\theta_1}$$',
  ].join('\n');
  const messages = checkDocument(text).diagnostics.map((d) => d.message).join('\n');
  assert.match(messages, /∂L\/∂θ_0: is 2 times/);
  assert.match(messages, /adds the gradient of the loss L to θ_1/);
  assert.doesNotMatch(messages, /\\theta|\\hat/);
});

test('a gradient N times too large under a mean loss: the suggestion averages the author\'s own sum', () => {
  const text = [
    '$z_i = \\theta_0 + \\theta_1 x_i$, $p_i = \\sigma(z_i)$,',
    '$$J = -\\frac{1}{N}\\sum_{i=1}^{N} \\left[ y_i \\log p_i + (1 - y_i)\\log(1 - p_i) \\right]$$',
    '$$\\frac{\\partial J}{\\partial \\theta_0} = \\sum_{i=1}^{N} (p_i - y_i)$$',
  ].join('\n');
  const report = checkDocument(text);
  const claim = report.claims[0];
  assert.deepEqual(claim.codes, ['constant-factor']);
  assert.equal(claim.suggestion, '\\frac{1}{N}\\sum_{i=1}^{N} (p_i - y_i)');
  // The suggestion is right: put in place of the claim, it verifies.
  const fixed = text.replace('= \\sum_{i=1}^{N} (p_i - y_i)', `= ${claim.suggestion}`);
  assert.equal(checkDocument(fixed).claims[0].status, 'verified');
});

test('an error term is named plainly in its message and in the convention it is read with', () => {
  const text = [
    '$$z^{(1)} = w^{(1)} x, \\quad a^{(1)} = \\tanh(z^{(1)}), \\quad z^{(2)} = w^{(2)} a^{(1)}, \\quad J = \\frac{1}{2}(z^{(2)} - y)^2$$',
    '$$\\delta^{(2)} = z^{(2)} - y, \\quad \\delta^{(1)} = \\delta^{(2)} (1 - \\tanh^2(z^{(1)}))$$',
  ].join('\n');
  const report = checkDocument(text);
  const wrong = report.diagnostics.find((d) => d.claim === 1);
  assert.ok(wrong, report.diagnostics.map((d) => d.message).join('\n'));
  assert.match(wrong.message, /^δ\^\(1\): /);
  assert.match(wrong.message, /δ\^\(1\) is read as the derivative of J with respect to z\^\(1\)/);
  assert.doesNotMatch(wrong.message, /\\delta/);
});

test('a claim\'s explanation reads as a sentence on its own; symbols keep their case', () => {
  const text = '$$h = \\max(0, w_1 x + b), \\quad \\hat{y} = w_2 h + b, \\quad L = (\\hat{y} - y)^2$$\n'
    + '$$\\frac{\\partial L}{\\partial w_2} = -2(\\hat{y} - y) h, \\quad \\frac{\\partial L}{\\partial b} = 2(\\hat{y} - y), \\quad \\frac{\\partial L}{\\partial h} = 2(\\hat{y} - y)$$';
  const explanations = checkDocument(text).claims.map((c) => c.explanation);
  assert.match(explanations[0], /^The claim has the wrong sign/);
  assert.match(explanations[1], /^b reaches L along 2 paths/);
  assert.match(explanations[2], /^The product is missing the factor /);
});

test('a check of a document seen before reports exactly what the first check did (caches change nothing)', () => {
  const root = join(__dirname, '..', '..', '..');
  for (const file of ['examples/question.md', 'test/fixtures/vectors/mlp-matrix-wrong.md', 'test/fixtures/layers/delta-two-layer-wrong.md']) {
    const text = readFileSync(join(root, file), 'utf8');
    const first = JSON.stringify(checkDocument(text, { fileName: file }));
    // Another document in between fills the caches with other entries.
    checkDocument(text.replace(/=/g, ' = '), { fileName: file });
    assert.equal(JSON.stringify(checkDocument(text, { fileName: file })), first, file);
  }
});

test('a sign error is fixed in the author\'s own words: the terms as written, swapped', () => {
  const text = [
    'Input $\\mathbf{x} \\in \\mathbb{R}^{d}$, one-hot target $\\mathbf{y} \\in \\{0, 1\\}^{K}$, $W \\in \\mathbb{R}^{K \\times d}$, $\\mathbf{b} \\in \\mathbb{R}^{K}$.',
    '$$\\mathbf{z} = W\\mathbf{x} + \\mathbf{b}, \\qquad \\hat{\\mathbf{y}} = \\operatorname{softmax}(\\mathbf{z}), \\qquad L = -\\sum_{k=1}^{K} y_k \\log \\hat{y}_k$$',
    '$$\\frac{\\partial L}{\\partial \\mathbf{z}} = \\mathbf{y} - \\hat{\\mathbf{y}}$$',
  ].join('\n');
  assert.equal(checkDocument(text).claims[0].suggestion, '\\hat{\\mathbf{y}} - \\mathbf{y}');
  const scalar = '$$z = wx, \\quad \\hat{y} = \\sigma(z), \\quad L = \\frac{1}{2}(\\hat{y} - y)^2$$ $$\\frac{\\partial L}{\\partial \\hat{y}} = y - \\hat{y}$$';
  assert.equal(checkDocument(scalar).claims[0].suggestion, '\\hat{y} - y');
});
