/**
 * What earns a squiggle: a claim found wrong, a document-level finding, or LaTeX that KaTeX
 * cannot parse either. Valid math gradcheck does not read is counted, with its reason on request.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkDocument } from '../../src/core/check';

const GENERAL_MATH = `
# Probability and calculus

The likelihood is $P(\\mathbf{y} \\mid \\mathbf{x}) = \\prod_{i=1}^{n} P(y^{(i)} \\mid \\mathbf{x}^{(i)})$ and the
prediction is $\\hat{y} = \\operatorname*{argmax}_j \\hat{y}_j$.

$$\\int_0^1 x^2 \\, dx = \\frac{1}{3}, \\qquad \\lim_{h \\rightarrow 0} \\frac{f(x+h) - f(x)}{h}$$

$$\\mathcal{B} = \\{x_1, \\dots, x_m\\}, \\quad A \\cup B, \\quad \\underbrace{a + \\cdots + a}_{n}$$
`;

test('valid LaTeX that is not a derivation gets no squiggle and is counted', () => {
  const report = checkDocument(GENERAL_MATH);
  const loud = report.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning' || d.severity === 'information');
  assert.deepEqual(loud.map((d) => `${d.code}: ${d.message}`), []);
  assert.ok(report.unread.length >= 2, JSON.stringify(report.unread));
  assert.ok(report.unread.every((u) => u.reason.length > 0 && u.range.start.line >= 1));
});

test('formulas not read are listed as hints only when asked', () => {
  const quiet = checkDocument(GENERAL_MATH);
  assert.equal(quiet.diagnostics.filter((d) => d.code === 'unread').length, 0);
  const asked = checkDocument(GENERAL_MATH, { showUnread: true });
  const hints = asked.diagnostics.filter((d) => d.code === 'unread');
  assert.equal(hints.length, quiet.unread.length);
  assert.ok(hints.every((d) => d.severity === 'hint' && d.message.startsWith('Not read: ')));
});

test('structurally broken LaTeX is still a parse error', () => {
  const report = checkDocument('$$z = \\frac{1}{2 x$$\n\n$$a = \\left( b + c$$');
  assert.deepEqual(report.diagnostics.map((d) => `${d.code} ${d.severity}`), ['parse-error error', 'parse-error error']);
});

test('an undefined name warns only when it looks like a slip for a defined one', () => {
  const slip = checkDocument(`
$$net_2 = h w_2 + b, \\quad o = \\sigma(net_2), \\quad L = \\frac{1}{2}(o - y)^2$$
$$\\frac{\\partial L}{\\partial w_2} = (o - y) o (1 - o) h, \\quad \\frac{\\partial net2}{\\partial w_2} = h$$
`);
  const warning = slip.diagnostics.find((d) => d.code === 'undefined-symbol');
  assert.ok(warning, JSON.stringify(slip.diagnostics));
  assert.equal(warning.severity, 'warning');
  assert.match(warning.message, /defines net_2/);

  const general = checkDocument(`
$$z = w x, \\quad L = z^2$$
$$\\frac{\\partial L}{\\partial w} = 2 z x, \\qquad \\frac{df}{dx} = \\frac{df}{dg}\\frac{dg}{dx}$$
`);
  assert.deepEqual(general.diagnostics.filter((d) => d.severity !== 'hint').map((d) => d.message), []);
  assert.equal(general.claims[0].status, 'verified');
});

test('a claim about a derivative that nothing connects is unchecked, never verified', () => {
  const report = checkDocument(`
$$z = w x, \\quad L = z^2, \\quad u = 3 v$$
$$\\frac{\\partial L}{\\partial w} = 2 z x, \\qquad \\frac{\\partial u}{\\partial w} = 3, \\qquad \\frac{\\partial L}{\\partial v} = 7 \\frac{\\partial u}{\\partial v}$$
`);
  assert.deepEqual(report.claims.map((c) => c.status), ['verified', 'unchecked', 'unchecked']);
  assert.match(report.claims[1].explanation, /u does not depend on w/);
  assert.deepEqual(report.diagnostics.filter((d) => d.severity !== 'hint'), []);
});

test('a statement about an open function at a point the right side does not name is counted, not checked', () => {
  const report = checkDocument(`
By the mean value theorem there is an $\\alpha \\in [a, x]$ such that

$$f'(\\alpha) = \\frac{f(x) - f(a)}{x - a}$$
`);
  assert.deepEqual(report.claims, []);
  assert.ok(report.unread.some((u) => /f'/.test(u.reason)), JSON.stringify(report.unread));
  assert.deepEqual(report.diagnostics, []);
});

test('a table of rules that redefines f row by row checks each row with its own f (g, h left open), and a row it cannot read with none', () => {
  const report = checkDocument(`
| rule | function | derivative |
|---|---|---|
| constant | $f(x) = c$ | $f'(x) = 0$ |
| product | $f(x) = g(x) h(x)$ | $f'(x) = g(x)h'(x) + g'(x)h(x)$ |
| cosine | $f(x) = \\cos(x)$ | $f'(x) = -\\sin(x)$ |
| tangent | $f(x) = \\tan(x)$ | $f'(x) = \\dfrac{1}{\\cos^2(x)}$ |
| chain | $f(x) = g(h(x))$ | $f'(x) = g'(h(x))\\,h'(x)$ |
`);
  // The constant row's `f'(x) = 0` states a condition, as `\nabla_w L = 0` does: not a claim.
  assert.deepEqual(report.claims.map((c) => c.status), ['verified', 'verified', 'unchecked', 'verified']);
  assert.match(report.claims[0].explanation, /g taken as a random smooth function/);
  assert.deepEqual(report.diagnostics.filter((d) => d.severity !== 'hint'), []);
});

test('e defined as a limit stays the constant e', () => {
  const report = checkDocument(`
$$\\frac{1}{x}\\ln(e) = \\frac{1}{x} \\quad \\text{since } e = \\lim_{u \\to 0} (1 + u)^{1/u}$$

Let $g(x) = e^x$. Then $g'(x) = e^x$.
`);
  assert.deepEqual(report.claims.map((c) => c.status), ['verified']);
});

test('a claim through a recursion over time steps that drops the future is a mismatch, never verified', () => {
  const report = checkDocument(`
$$\\mathbf{h}_t = \\mathbf{W}_\\textrm{hx} \\mathbf{x}_t + \\mathbf{W}_\\textrm{hh} \\mathbf{h}_{t-1}, \\qquad \\mathbf{o}_t = \\mathbf{W}_\\textrm{qh} \\mathbf{h}_{t}, \\qquad L = \\frac{1}{T} \\sum_{t=1}^T l(\\mathbf{o}_t, y_t)$$

with $\\mathbf{W}_\\textrm{hx} \\in \\mathbb{R}^{h \\times d}$, $\\mathbf{W}_\\textrm{hh} \\in \\mathbb{R}^{h \\times h}$, $\\mathbf{W}_\\textrm{qh} \\in \\mathbb{R}^{q \\times h}$, $\\mathbf{x}_t \\in \\mathbb{R}^d$.

$$\\frac{\\partial L}{\\partial \\mathbf{h}_t} = \\mathbf{W}_\\textrm{qh}^\\top \\frac{\\partial L}{\\partial \\mathbf{o}_t}$$
`);
  assert.deepEqual(report.claims.map((c) => c.status), ['mismatch']);
  assert.match(report.claims[0].explanation, /^At t = 1 \(of 4 steps unrolled\): h_1 reaches L along 2 paths; the claim leaves out the path h_1 → h_2 → o_2 → L/);
  assert.deepEqual(report.diagnostics.map((d) => [d.code, d.fixes.length]), [['missing-path', 0]]);
});
