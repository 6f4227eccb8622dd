/**
 * Scopes: a name means its latest meaning before the place it is read, in its section or an
 * enclosing one; a later section may give it a new meaning without touching the earlier claims.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkDocument } from '../../src/core/check';
import { readSections, Scopes } from '../../src/core/model/scopes';

test('a name redefined in a later section means the new definition there and the old one before', () => {
  const report = checkDocument(`
# A network

$$z = w x, \\quad y = z^2$$

$$\\frac{\\partial y}{\\partial w} = 2 z x$$

# The chain rule

Take $u = 3x^2$ and $y = 2u + 1$. Then $\\frac{dy}{dx} = \\frac{dy}{du} \\frac{du}{dx} = 12 x$.
`);
  assert.deepEqual(report.claims.map((c) => `${c.left} = ${c.expression}: ${c.status}`), [
    '\\frac{\\partial y}{\\partial w} = 2 z x: verified',
    '\\frac{dy}{dx} = \\frac{dy}{du} \\frac{du}{dx}: verified',
    '\\frac{dy}{dx} = 12 x: verified',
  ]);
  assert.deepEqual(report.diagnostics.filter((d) => d.severity !== 'hint'), []);
});

test('a definition written after its claims in the same section is the one in force ("where")', () => {
  const report = checkDocument(`
## Gradient

$$\\frac{\\partial L}{\\partial w} = 2 (z - t) x$$ where $z = w x$ and $L = (z - t)^2$.

## Another model

$$z = w x^2$$
`);
  assert.equal(report.claims[0].status, 'verified');
});

test('a definition in a later section does not reach back into an earlier one, when the name has several', () => {
  const report = checkDocument(`
## First

$$\\frac{\\partial L}{\\partial w} = 3$$

## Second

$$L = 3 w$$

## Third

$$L = 5 w$$
`);
  assert.equal(report.claims[0].status, 'unchecked');
  assert.deepEqual(report.diagnostics.filter((d) => d.severity !== 'hint'), []);
});

test('a forward pass in one section and its gradients in the next read as one derivation', () => {
  const report = checkDocument(`
## Forward pass

$$z = w x + b, \\quad a = \\sigma(z), \\quad L = \\frac{1}{2}(a - y)^2$$

## Backward pass

$$\\frac{\\partial L}{\\partial w} = (a - y) a (1 - a) x, \\quad \\frac{\\partial L}{\\partial b} = (a - y) a (1 - a)$$
`);
  assert.deepEqual(report.claims.map((c) => c.status), ['verified', 'verified']);
});

test('sections: Markdown headings outside code, LaTeX sectioning commands, nested by level', () => {
  const md = '# A\ntext\n```python\n# not a heading\n```\n## B\n### C\n## D\n';
  assert.deepEqual(readSections(md, 'markdown').map((s) => s.level), [1, 2, 3, 2]);
  const tex = '\\section{A} x \\subsection*{B} y \\section{C}';
  assert.deepEqual(readSections(tex, 'tex').map((s) => s.level), [2, 3, 2]);
  const scopes = new Scopes(readSections(md, 'markdown'));
  const inB = md.indexOf('### C') - 1;
  const inC = md.indexOf('### C') + 3;
  const inD = md.length - 1;
  const meanings = [{ at: inB }, { at: md.indexOf('## D') + 1 }];
  assert.equal(scopes.inForce(meanings, inC), meanings[0], 'a subsection reads its parent section');
  assert.equal(scopes.inForce(meanings, inD), meanings[1], 'the latest before, in the same section');
  assert.equal(scopes.inForce([{ at: inB, local: true }], inD), undefined, "a local meaning (a function's value) stays in its section");
  const only = { at: inB };
  assert.equal(scopes.inForce([only], inD), only, 'one meaning holds everywhere');
});

test('a definition that could not be read spoils only the claims where it is in force', () => {
  const report = checkDocument(`
## Gradients

$$L = \\|\\mathbf{x}\\|^2, \\quad \\nabla_{\\mathbf{x}} L = 2 \\mathbf{x}$$

## Exercises

1. Take $\\mathbf{x} = \\mathbf{0}$ and check $\\nabla_{\\mathbf{x}} L = 2 \\mathbf{x}$ again.
`);
  assert.deepEqual(report.claims.map((c) => c.status), ['verified', 'unchecked']);
});
