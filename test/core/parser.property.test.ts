/** Random text never makes the reader throw, hang or lose its place. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { checkDocument } from '../../src/core/check';

const pieces = [
  '$', '$$', '\\[', '\\]', '\\(', '\\)', '{', '}', '(', ')', '[', ']', '^', '_', "'", '=', '+', '-', '*', '/', '&', '\\\\',
  '\\frac', '\\partial', '\\sum', '\\sigma', '\\left', '\\right', '\\begin{align}', '\\end{align}', '\\begin{cases}',
  '\\end{cases}', '\\text{where}', '\\nabla_', '\\hat', '\\mathrm{net}', 'net_1', 'w_2', 'x', 'y', "{y}'", 'L', 'h', 'b',
  '1', '2', '0.5', ' ', '\n', '\\leftarrow', ':=', '\\log', '\\exp', '|', ',', '.', '%', '<!--', '-->', '\\foo', '\\infty',
];

test('random LaTeX-like text gives a report, never an exception', () => {
  fc.assert(fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 60 }), fc.boolean(), (parts, tex) => {
    const text = parts.join('');
    const report = checkDocument(text, { kind: tex ? 'tex' : 'markdown', samples: 2 });
    for (const d of report.diagnostics) {
      assert.ok(d.span.start >= 0 && d.span.end <= text.length && d.span.start <= d.span.end, `span ${JSON.stringify(d.span)} in ${JSON.stringify(text)}`);
    }
    return true;
  }), { numRuns: 400, seed: 7 });
});

const vectorPieces = [
  '$', '$$', '\\[', '\\]', '{', '}', '(', ')', '[', ']', '^', '_', '=', '+', '-', ',', '\\\\', '&', ' ', '\n',
  '\\in', '\\mathbb{R}', '^{n \\times m}', '^{n}', '^{3}', '\\{0, 1\\}^{K}', '\\{1, \\dots, n\\}', '\\mathbf{x}', '\\mathbf{y}',
  'W', 'W^{(l)}', 'n_l', '^\\top', '^T', '\\odot', '\\circ', '\\otimes', '\\cdot', '\\mathbf{1}', '\\mathbb{1}[', '>', '0',
  '\\|', '\\|_2', '\\operatorname{softmax}', '\\operatorname{tr}', '\\operatorname{diag}', 'w_{jk}', 'x_k', 'k', 'j',
  '\\sum_{k=1}^{n}', '\\sum_j', '\\frac{\\partial L}{\\partial W}', '\\frac{\\partial L}{\\partial w_{jk}}', '\\delta_j', 'L', '\\sigma', '\\log', 'e^{',
  '<!-- gradcheck: shape W 3x2; onehot y -->',
];

test('random vector and index notation gives a report, never an exception', () => {
  fc.assert(fc.property(fc.array(fc.constantFrom(...vectorPieces), { maxLength: 50 }), (parts) => {
    const text = parts.join('');
    const report = checkDocument(text, { samples: 2 });
    for (const d of report.diagnostics) {
      assert.ok(d.span.start >= 0 && d.span.end <= text.length && d.span.start <= d.span.end, `span ${JSON.stringify(d.span)} in ${JSON.stringify(text)}`);
    }
    return true;
  }), { numRuns: 400, seed: 13 });
});

test('arbitrary unicode never throws', () => {
  fc.assert(fc.property(fc.string({ maxLength: 200, unit: 'grapheme' }), (text) => {
    checkDocument(`$$${text}$$ and $${text}$`, { samples: 1 });
    return true;
  }), { numRuns: 300, seed: 11 });
});

test('deep nesting is counted as not read, not a stack overflow; broken deep nesting is a parse error', () => {
  const deep = `$$a = ${'('.repeat(5000)}x${')'.repeat(5000)}$$`;
  const report = checkDocument(deep);
  assert.ok(report.unread.some((u) => /nest/.test(u.reason)), JSON.stringify(report.unread));
  const broken = checkDocument(`$$a = ${'{'.repeat(5000)}x$$`);
  assert.ok(broken.diagnostics.some((d) => d.code === 'parse-error'));
});

test('a large document stays bounded', () => {
  const text = '$$x = 1$$\n'.repeat(30000);
  const t0 = performance.now();
  checkDocument(text);
  assert.ok(performance.now() - t0 < 5000);
});
