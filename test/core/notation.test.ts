/** The notation rules of DESIGN.md section 2, one by one, read from real snippets. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exprKey } from '../../src/core/latex/ast';
import { readDerivation } from '../../src/core/model/derivation';
import { extractMath } from '../../src/core/source/extract';
import { checkDocument } from '../../src/core/check';

/** The definition of `name` in `text`, as a structural key. */
function definition(text: string, name: string): string {
  const def = readDerivation(text, 'markdown').definitions.get(name);
  assert.ok(def, `${name} is defined in ${text}`);
  return exprKey(def.expr);
}

test('a defined multi-letter name is one symbol; undefined letters multiply', () => {
  const text = '$$net_1 = xw_{1} + b$$ $$h = \\sigma(net_1)$$';
  assert.equal(definition(text, 'net_1'), "(+ (* 'x' 'w_1') 'b')");
  assert.equal(definition(text, 'h'), "(sigma 'net_1')");
});

test('upright names are one symbol and the same as their plain spelling', () => {
  const text = '$$\\mathrm{net}_1 = w x$$ $$o = \\sigma(\\text{net}_1) + \\operatorname{net}_1$$';
  assert.equal(definition(text, 'o'), "(+ (sigma 'net_1') 'net_1')");
});

test("decorations are part of a name: {y}', y', \\hat{y}, y^{\\prime}", () => {
  const text = "$${y}' = \\sigma(z)$$ $$L = (y - {y}')^2 + (y - y')^2 + \\hat{y} + y^{\\prime}$$";
  assert.equal(definition(text, 'L'), "(+ (^ (+ 'y' -'y'') 2) (^ (+ 'y' -'y'') 2) '\\hat{y}' 'y'')");
});

test("y'(1 - y') is a product, but \\sigma'(z) is the derivative function", () => {
  const text = "$$y' = \\sigma(z)$$ $$g = y'(1-y') \\sigma'(z)$$";
  assert.equal(definition(text, 'g'), "(* 'y'' (+ 1 -'y'') (sigma' 'z'))");
});

test('superscripts: layer index, time step, transpose, power', () => {
  const text = '$$z^{(2)} = w^{[2]} a^{(1)} + v^{T} c^{2}$$';
  assert.equal(definition(text, 'z^(2)'), "(+ (* 'w^[2]' 'a^(1)') (* (T 'v') (^ 'c' 2)))");
  const update = readDerivation('$$w^{t+1} = w^{t} - \\alpha g$$', 'markdown').updates[0];
  assert.equal(update.target.name, 'w');
  assert.equal(update.target.time, 't+1');
});

test('e^{..} is the exponential and \\frac12 is one half', () => {
  assert.equal(definition('$$s = \\frac{1}{1+e^{-x}} + \\frac12$$', 's'), "(+ (/ 1 (+ 1 (^ e (- 'x')))) (/ 1 2))");
});

test('every derivative notation reads the same derivative', () => {
  const forms = [
    '\\frac{\\partial L}{\\partial w}', '\\frac{dL}{dw}', '\\frac{d}{dw} L', '\\partial L/\\partial w', '\\partial_w L',
    '\\nabla_w L', '\\frac{\\mathrm{d}L}{\\mathrm{d}w}', '\\frac{\\partial}{\\partial w}\\left(L\\right)',
  ];
  for (const form of forms) {
    const report = checkDocument(`$$z = w x$$ $$L = (z - y)^2$$ $$${form} = 2(z - y) x$$`);
    assert.equal(report.claims.length, 1, form);
    assert.equal(report.claims[0].status, 'verified', `${form}: ${report.claims[0].explanation}`);
    assert.deepEqual(report.claims[0].derivative, { of: 'L', wrt: 'w' }, form);
  }
});

test('the question\'s sigma without an argument is a function of its dummy x, not of the data x', () => {
  const derivation = readDerivation('$$h = \\sigma(w x)$$ where $\\sigma = \\frac{1}{1 + e^{-x}}$', 'markdown');
  assert.deepEqual(derivation.functions.get('\\sigma')?.dummies, ['x']);
  assert.equal(definition('$$h = \\sigma(w x)$$ where $\\sigma = \\frac{1}{1 + e^{-x}}$', 'h'), "(\\sigma (* 'w' 'x'))");
});

test('a loss written as a function of its parameters is the loss, not a function', () => {
  const text = "$$h = w x$$ $$J(w) = \\frac{1}{2}(h - y)^2$$ $$\\nabla_w J(w) = (h - y) x$$";
  const report = checkDocument(text);
  assert.equal(report.claims[0].status, 'verified');
});

test('an align continuation row (&= ...) extends the chain of the row above', () => {
  const text = '\\begin{align} z &= w x \\\\ L &= z^2 \\\\ \\frac{\\partial L}{\\partial w} &= 2 z \\frac{\\partial z}{\\partial w} \\\\ &= 2 z x \\end{align}';
  const report = checkDocument(text);
  assert.deepEqual(report.claims.map((c) => c.status), ['verified', 'verified']);
  assert.equal(report.claims[1].expression, '2 z x');
});

test('math is found with exact offsets in Markdown and TeX, code is skipped', () => {
  const md = 'a $x$ b\n\n```\n$not math$\n```\n\n```math\ny = 1\n```\n\\[z\\] \\(w\\) $$v$$ <!-- gradcheck: params w -->';
  const found = extractMath(md, 'markdown');
  assert.deepEqual(found.blocks.map((b) => md.slice(b.content.start, b.content.end)), ['x', 'y = 1\n', 'z', 'w', 'v']);
  assert.equal(found.directives[0].body, ': params w');
  const tex = '\\newcommand{\\R}{\\mathbb{R}}\n\\begin{document}\n% gradcheck: loss E\n\\begin{equation} E = t \\end{equation} \\% not $math$ \\end{document}';
  const inTex = extractMath(tex, 'tex');
  assert.deepEqual(inTex.blocks.map((b) => tex.slice(b.content.start, b.content.end).trim()), ['E = t', 'math']);
  assert.equal(inTex.directives[0].body, ': loss E');
});

test('prose inside math separates equations', () => {
  const report = checkDocument('$$z = w x, \\quad L = z^2 \\text{ where } \\frac{\\partial L}{\\partial z} = 2z$$');
  assert.equal(report.claims.length, 1);
  assert.equal(report.claims[0].status, 'verified');
});

test('a superscript after juxtaposed letters is the last letter\'s: ax^{2} is a times x squared', () => {
  assert.equal(definition('$$g = ax^{2} + bx$$', 'g'), "(+ (* 'a' (^ 'x' 2)) (* 'b' 'x'))");
});

test('textbook derivatives: at a point, and operators over the product written in their variable', () => {
  const report = checkDocument(`
Consider $g(x) = ax^{2} + bx + c$. Then $$\\frac{dg}{dx}(x) = 2ax + b.$$

$$\\nabla_{\\mathbf{x}} \\|\\mathbf{x}\\|^2 = \\nabla_{\\mathbf{x}} \\mathbf{x}^\\top \\mathbf{x} = 2\\mathbf{x}$$

$$z = w x, \\quad L = z^2, \\quad \\frac{\\partial L}{\\partial w} = \\partial_z L \\, x$$
`);
  assert.deepEqual(report.claims.map((c) => `${c.expression}: ${c.status}`), [
    '2ax + b: verified',
    '\\nabla_{\\mathbf{x}} \\mathbf{x}^\\top \\mathbf{x}: verified',
    '2\\mathbf{x}: verified',
    '\\partial_z L \\, x: verified',
  ]);
});

test('a subscript written as a command takes its braced argument: x_\\mathrm{A} is x_{\\mathrm{A}}, not x_\\mathrm times A', () => {
  assert.equal(definition('$$y = x_\\mathrm{A} + W_\\textrm{hx}$$ $$z = x_{\\mathrm{A}} W_{\\textrm{hx}}$$', 'z'), "(* 'x_\\mathrm{A}' 'W_\\textrm{hx}')");
  assert.equal(definition('$$y = x_\\mathrm{A} + W_\\textrm{hx}$$', 'y'), "(+ 'x_\\mathrm{A}' 'W_\\textrm{hx}')");
});

test('textbook framing: \\boxed claims, definitions with \\stackrel{def}{=}, \\coloneqq, \\triangleq, \\overset{def}{=}, a claim in \\mathbb{R}, \\underbrace notes', () => {
  const report = checkDocument(`
$$z \\stackrel{\\textrm{def}}{=} w x, \\quad \\mu_{\\mathcal{B}} \\coloneqq z^2, \\quad M \\triangleq 3\\mu_{\\mathcal{B}}, \\quad L \\overset{\\text{def}}{=} \\underbrace{M + w}_{\\textrm{total}}$$
$$\\boxed{\\frac{\\partial L}{\\partial w} = 6 z x + 1 \\in \\mathbb{R}}$$
$$\\frac{\\partial \\mu_{\\mathcal{B}}}{\\partial w} = \\boxed{2 z x}$$
$$w := w - \\eta \\frac{\\partial L}{\\partial w}$$
`);
  assert.deepEqual(report.claims.map((c) => `${c.expression}: ${c.status}`), ['6 z x + 1: verified', '2 z x: verified']);
  assert.deepEqual(report.diagnostics.filter((d) => d.severity !== 'hint'), []);
});

test(':= defines a name unless its right side reads the name (then it is an update)', () => {
  const derivation = readDerivation('$$L \\coloneqq z^2$$ $$w := w - \\eta g$$', 'markdown');
  assert.ok(derivation.definitions.has('L'));
  assert.deepEqual(derivation.updates.map((u) => u.target.name), ['w']);
});

test('one equality of a chain that cannot be read leaves the others checked: A = prod(B, C) = D', () => {
  const report = checkDocument(`
$$z = w x, \\quad L = z^2$$
$$\\frac{\\partial L}{\\partial w} = \\textrm{prod}\\left(\\frac{\\partial L}{\\partial z}, \\frac{\\partial z}{\\partial w}\\right) = 2 z x = 3 z x$$
`);
  assert.deepEqual(report.claims.map((c) => `${c.expression}: ${c.status} ${c.codes.join()}`), ['2 z x: verified ', '3 z x: mismatch constant-factor']);
  assert.equal(report.unread.length, 1);
});

test('the Frobenius norm with its F in any font, and a vector written by its entries is not a failed definition', () => {
  const report = checkDocument(`
With $\\mathbf{W} \\in \\mathbb{R}^{2 \\times 3}$ and $\\mathbf{x} = [x_1, x_2, \\ldots, x_n]^\\top$, let $L = \\|\\mathbf{W}\\|_\\textrm{F}^2 + \\mathbf{x}^\\top \\mathbf{x}$.
$$\\frac{\\partial L}{\\partial \\mathbf{W}} = 2\\mathbf{W}, \\qquad \\nabla_{\\mathbf{x}} L = 2 \\mathbf{x}$$

## Exercises

1. What happens for $\\mathbf{x} = \\mathbf{0}$?
`);
  assert.deepEqual(report.claims.map((c) => c.status), ['verified', 'verified']);
});

test('\\nabla f(\\mathbf{x}) without a subscript is the gradient with respect to the one argument', () => {
  const report = checkDocument('Let $f(\\mathbf{x}) = \\mathbf{x}^\\top \\mathbf{x}$ with $\\mathbf{x} \\in \\mathbb{R}^3$. Then $\\nabla f(\\mathbf{x}) = 2\\mathbf{x}$ and $\\nabla f(\\mathbf{x}) = 3\\mathbf{x}$.');
  assert.deepEqual(report.claims.map((c) => `${c.status} ${c.codes.join()}`), ['verified ', 'mismatch constant-factor']);
});

test("f'(x) after the name of a function is its derivative function, and d/dx[2] x^2 differentiates the bracket only", () => {
  const report = checkDocument(`
Let $f(x) = x^3 + 2x$ and $v(x) = 2x^2$.

$$ f'(x) = 3x^2 + 2 $$

$$ v'(x) = 2\\dfrac{\\mathrm{d}}{\\mathrm{d}x}[x^2] + \\dfrac{\\mathrm{d}}{\\mathrm{d}x}[2]\\,x^2 $$
`);
  assert.deepEqual(report.claims.map((c) => c.status), ['verified', 'verified']);
});

test('\\frac{\\partial l(o, y)}{T \\cdot \\partial o} is the derivative over T (d2l\'s BPTT)', () => {
  const report = checkDocument(`
$$o = w h, \\qquad L = \\frac{1}{T} l(o, y)$$

$$\\frac{\\partial L}{\\partial o} = \\frac{\\partial l(o, y)}{T \\cdot \\partial o}, \\qquad \\frac{\\partial L}{\\partial w} = \\frac{\\partial l(o, y)}{T \\partial o} h, \\qquad \\frac{\\partial L}{\\partial h} = \\frac{\\partial l(o, y)}{\\partial o} w$$
`);
  assert.deepEqual(report.claims.map((c) => c.status), ['verified', 'verified', 'mismatch']);
  assert.deepEqual(report.claims[2].codes, ['wrong-factor']);
});

test('a summand may open with its sign: \\sum_{i=1}^{m} -2 (x_i - \\mu) (the batch-norm paper)', () => {
  const text = '$$\\mu = \\frac{1}{m} \\sum_{i=1}^{m} x_i$$ $$s = \\sum_{i=1}^{m} -2 (x_i - \\mu)$$';
  assert.equal(definition(text, 's'), "(sum (- (* 2 (+ 'x' -'\\mu'))))");
});

test('\\mathbf{1} \\in \\mathbb{R}^{H} gives the ones vectors a length where nothing else does', () => {
  const claim = '$\\mathbf{x} \\in \\mathbb{R}^{H}$ $$L = \\frac{1}{2} \\|\\mathbf{x}\\|^2\\, \\mathbf{1}^\\top \\mathbf{1}$$ $$\\frac{\\partial L}{\\partial \\mathbf{x}} = (\\mathbf{1}^\\top \\mathbf{1})\\, \\mathbf{x}$$';
  assert.deepEqual(checkDocument(claim).claims.map((c) => c.status), ['unchecked']);
  assert.deepEqual(checkDocument(`${claim} with $\\mathbf{1} \\in \\mathbb{R}^{H}$ the vector of ones`).claims.map((c) => c.status), ['verified']);
});

test('a summand may be a norm: \\sum_{t=1}^{\\tau} \\|x_t - y_t\\|^2', () => {
  assert.equal(definition('$$L = \\frac{1}{2} \\sum_{t=1}^{\\tau} \\|x_t - y_t\\|^2$$', 'L'), "(* (/ 1 2) (sum (^ (norm (+ 'x' -'y')) 2)))");
});
