/** Vectors and matrices the text defines entry by entry, and the claims that read them whole or by entry. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkDocument } from '../../src/core/check';
import { readDerivation } from '../../src/core/model/derivation';
import { statesSoftmaxOfRows } from '../../src/core/model/shapes';

const statuses = (text: string): string[] => checkDocument(text, { fileName: 'entries.md' }).claims.map((c) => c.status);
const squiggles = (text: string): string[] => checkDocument(text, { fileName: 'entries.md' }).diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning').map((d) => d.code);

const HEAD = [
  '$Q \\in \\mathbb{R}^{n \\times d}$, $K \\in \\mathbb{R}^{m \\times d}$, $V \\in \\mathbb{R}^{m \\times p}$, the softmax on each row:',
  '$$S = Q K^\\top, \\qquad A_{ij} = \\frac{\\exp(S_{ij})}{\\sum_{k} \\exp(S_{ik})}, \\qquad O = A V$$',
  '$$G = \\frac{\\partial L}{\\partial O}$$',
].join('\n\n');

test('an entry definition A_{ij} defines the matrix A, its indices running over the rows and columns of S', () => {
  const derivation = readDerivation(HEAD, 'markdown');
  assert.ok(derivation.definitions.has('A'), 'A is defined');
  assert.ok(!derivation.definitions.has('A_ij'), 'no separate name A_ij');
  const text = `${HEAD}\n\n$$\\frac{\\partial L}{\\partial A} = G V^\\top, \\qquad \\frac{\\partial L}{\\partial S_{ij}} = A_{ij} \\left( \\frac{\\partial L}{\\partial A_{ij}} - \\sum_{k} A_{ik} \\frac{\\partial L}{\\partial A_{ik}} \\right)$$`;
  assert.deepEqual(statuses(text), ['verified', 'verified']);
});

test('a claim that forgets the row term of an entry-defined softmax is a mismatch', () => {
  const text = `${HEAD}\n\n$$\\frac{\\partial L}{\\partial S_{ij}} = A_{ij} \\frac{\\partial L}{\\partial A_{ij}}$$`;
  assert.deepEqual(statuses(text), ['mismatch']);
});

const SOFTMAX = [
  'Logits $\\mathbf{o} \\in \\mathbb{R}^{q}$, a one-hot label $\\mathbf{y}$:',
  '$$\\hat{\\mathbf{y}} = \\mathrm{softmax}(\\mathbf{o}) \\quad \\textrm{where}\\quad \\hat{y}_i = \\frac{\\exp(o_i)}{\\sum_j \\exp(o_j)}$$',
  '$$L = -\\sum_{j=1}^{q} y_j \\log \\hat{y}_j$$',
].join('\n\n');

test('a vector defined whole and by its entries is one vector; a sum without bounds runs over its entries', () => {
  assert.deepEqual(statuses(`${SOFTMAX}\n\n$$\\frac{\\partial L}{\\partial o_j} = \\hat{y}_j - y_j$$`), ['verified']);
  assert.deepEqual(squiggles(SOFTMAX), []);
  assert.deepEqual(statuses(`${SOFTMAX}\n\n$$\\frac{\\partial L}{\\partial o_j} = \\hat{y}_j$$`), ['mismatch']);
});

test('a letter that counts the examples somewhere keeps counting them where it indexes a vector elsewhere', () => {
  const text = [
    '$\\mathbf{x} \\in \\mathbb{R}^d$, $\\mathbf{w} \\in \\mathbb{R}^d$, $\\mathbf{X} \\in \\mathbb{R}^{n \\times d}$',
    '$$L = \\frac{1}{n} \\sum_{i=1}^{n} l^{(i)}$$',
    'A neuron computes $y = \\sum_i x_i w_i + b$.',
  ].join('\n\n');
  assert.ok(readDerivation(text, 'markdown').exampleCounts.has('n'));
});

test('the text says the softmax acts on each row', () => {
  assert.ok(statesSoftmaxOfRows('with the softmax applied row-wise:'));
  assert.ok(statesSoftmaxOfRows('The softmax acts on each row of the scores.'));
  assert.ok(statesSoftmaxOfRows('the row-wise softmax of the logits'));
  assert.ok(!statesSoftmaxOfRows('The softmax normalizes the output. Each row of X is an example.'));
});

test('a vector spelled out entry by entry where it is defined is one meaning, read in the sections after it', () => {
  const text = [
    '## Softmax',
    'For $q$ classes, the logits $\\mathbf{o}$ give $\\hat{\\mathbf{y}} = \\mathrm{softmax}(\\mathbf{o}) \\quad \\textrm{where}\\quad \\hat{y}_i = \\frac{\\exp(o_i)}{\\sum_j \\exp(o_j)}$.',
    '## Loss',
    'The label $\\mathbf{y}$ is a one-hot vector and $$l(\\mathbf{y}, \\hat{\\mathbf{y}}) = - \\sum_{j=1}^q y_j \\log \\hat{y}_j.$$',
    '## Derivative',
    '$$\\partial_{o_j} l(\\mathbf{y}, \\hat{\\mathbf{y}}) = \\frac{\\exp(o_j)}{\\sum_{k=1}^q \\exp(o_k)} - y_j$$',
  ].join('\n\n');
  assert.deepEqual(statuses(text), ['verified']);
});

test('l(y, ŷ) = 0 where a loss l is defined says where it vanishes, and leaves l its definition', () => {
  const text = [
    '## Loss',
    'For $q$ classes, $\\hat{\\mathbf{y}} = \\mathrm{softmax}(\\mathbf{o})$; the label $\\mathbf{y}$ is a one-hot vector and $$l(\\mathbf{y}, \\hat{\\mathbf{y}}) = - \\sum_{j=1}^q y_j \\log \\hat{y}_j.$$',
    'Note that $l(\\mathbf{y}, \\hat{\\mathbf{y}}) = 0$ only if the prediction is certain.',
    '## Derivative',
    '$$\\partial_{o_j} l(\\mathbf{y}, \\hat{\\mathbf{y}}) = \\mathrm{softmax}(\\mathbf{o})_j - y_j$$',
  ].join('\n\n');
  assert.deepEqual(statuses(text), ['verified']);
});

test('a vector sampled because its definition does not fit the declared shapes serves claims that cut it, and no claim through its definition', () => {
  const chapter = readFileSync(join(__dirname, '..', '..', '..', 'test', 'fixtures', 'textbook', 'softmax-regression-chapter.md'), 'utf8');
  assert.deepEqual(statuses(chapter), ['verified', 'verified']);
  const throughW = `${chapter}\n\n$$\\frac{\\partial l(\\mathbf{y}, \\hat{\\mathbf{y}})}{\\partial \\mathbf{b}} = \\mathrm{softmax}(\\mathbf{o}) - \\mathbf{y}$$`;
  assert.deepEqual(statuses(throughW), ['verified', 'verified', 'unchecked']);
});
