/** ŷ - y verifies for a cross-entropy over a softmax because its target is sampled one-hot, and the claim says so. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkDocument } from '../../src/core/check';

const fixture = (name: string): string => readFileSync(join(__dirname, '..', '..', '..', 'test', 'fixtures', 'vectors', 'softmax', name), 'utf8');

test('the one-hot condition is stated on each claim that uses it', () => {
  const report = checkDocument(fixture('single-example.md'));
  assert.deepEqual(report.claims.map((c) => c.status), ['verified', 'verified', 'verified']);
  for (const claim of report.claims) {
    assert.deepEqual(claim.conditions, ['y sampled one-hot (a single 1, as the target of a cross-entropy over a softmax)']);
    assert.match(claim.explanation, /one-hot/);
  }
  assert.equal(report.diagnostics.length, 0);
});

test('targets the document calls multi-label are not made one-hot', () => {
  const report = checkDocument(fixture('multi-label-not-one-hot.md'));
  assert.equal(report.claims[0].status, 'mismatch');
  assert.ok(report.claims.every((c) => c.conditions === undefined));
});

test('a gradcheck comment makes a target one-hot', () => {
  const text = [
    '<!-- gradcheck: onehot t -->',
    '$\\mathbf{z} \\in \\mathbb{R}^{K}$, $\\mathbf{t} \\in \\mathbb{R}^{K}$',
    '$$\\mathbf{p} = \\operatorname{softmax}(\\mathbf{z}), \\quad E = -\\mathbf{t}^\\top \\log \\mathbf{p}$$',
    '$$\\frac{\\partial E}{\\partial \\mathbf{z}} = \\mathbf{p} - \\mathbf{t}$$',
  ].join('\n');
  const [claim] = checkDocument(text).claims;
  assert.equal(claim.status, 'verified');
  assert.ok(claim.conditions?.[0].startsWith('t sampled one-hot'));
});
