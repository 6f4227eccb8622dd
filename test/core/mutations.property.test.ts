/**
 * A right claim is never reported wrong and a wrong one never reported right: correct
 * derivations verify completely, and each of their claims, mutated the ways people get them
 * wrong (sign, constant factor, a dropped term), is reported as a mismatch.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { checkDocument } from '../../src/core/check';

const root = join(__dirname, '..', '..', '..');

const correct: Record<string, string> = {
  'question, corrected': readFileSync(join(root, 'examples', 'question-corrected.md'), 'utf8'),
  'layer superscripts with deltas': `
$$z^{(1)} = w^{(1)} x + b^{(1)}, \\quad a^{(1)} = \\tanh(z^{(1)})$$
$$z^{(2)} = w^{(2)} a^{(1)} + b^{(2)}, \\quad \\hat{y} = \\sigma(z^{(2)})$$
$$J = -\\left(y \\log \\hat{y} + (1 - y)\\log(1 - \\hat{y})\\right)$$
$$\\delta^{(2)} = \\hat{y} - y$$
$$\\delta^{(1)} = \\delta^{(2)} w^{(2)} (1 - (a^{(1)})^2)$$
$$\\frac{\\partial J}{\\partial w^{(2)}} = \\delta^{(2)} a^{(1)} + 0, \\quad \\frac{\\partial J}{\\partial b^{(2)}} = \\delta^{(2)}$$
$$\\frac{\\partial J}{\\partial w^{(1)}} = \\delta^{(1)} x, \\quad \\frac{\\partial J}{\\partial b^{(1)}} = \\delta^{(1)}$$
`,
  'mean squared error with two inputs': `
$$\\hat{y}_i = \\tanh(a x_i + c t_i + d)$$
$$L = \\frac{1}{N}\\sum_{i=1}^{N} (\\hat{y}_i - y_i)^2$$
$$\\frac{\\partial L}{\\partial a} = \\frac{2}{N}\\sum_{i=1}^{N} (\\hat{y}_i - y_i)(1 - \\hat{y}_i^2) x_i$$
$$\\frac{\\partial L}{\\partial c} = \\frac{2}{N}\\sum_{i=1}^{N} (\\hat{y}_i - y_i)(1 - \\hat{y}_i^2) t_i$$
$$\\frac{\\partial L}{\\partial d} = \\frac{2}{N}\\sum_{i=1}^{N} (\\hat{y}_i - y_i)(1 - \\hat{y}_i^2)$$
$$\\frac{\\partial L}{\\partial \\hat{y}_i} = \\frac{2}{N}(\\hat{y}_i - y_i) + \\frac{1}{N}(\\hat{y}_i - y_i) - \\frac{1}{N}(\\hat{y}_i - y_i)$$
`,
};

for (const [name, text] of Object.entries(correct)) {
  test(`${name}: every claim verifies`, () => {
    const report = checkDocument(text);
    assert.ok(report.claims.length >= 4);
    for (const c of report.claims) assert.equal(c.status, 'verified', `${c.left} = ${c.expression}: ${c.explanation}`);
    assert.deepEqual(report.diagnostics.filter((d) => d.severity === 'error'), []);
  });

  test(`${name}: mutated claims are caught`, () => {
    const report = checkDocument(text);
    const claims = report.claims;
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('sign' as const), claim: fc.nat({ max: claims.length - 1 }) }),
      fc.record({ kind: fc.constant('factor' as const), claim: fc.nat({ max: claims.length - 1 }), k: fc.constantFrom('2', '3', '\\frac{1}{2}', '-2') }),
      fc.record({ kind: fc.constant('drop' as const), claim: fc.nat({ max: claims.length - 1 }) }),
    );
    fc.assert(fc.property(mutation, (m) => {
      const claim = claims[m.claim];
      const right = text.slice(claim.rightSpan.start, claim.rightSpan.end);
      let mutated: string;
      if (m.kind === 'sign') mutated = `-\\left(${right}\\right)`;
      else if (m.kind === 'factor') mutated = `${m.k}\\left(${right}\\right)`;
      else {
        // Drop the last top-level term, when there are several.
        const cut = topLevelPlus(right);
        if (cut < 0) return true;
        mutated = right.slice(0, cut);
      }
      const result = checkDocument(text.slice(0, claim.rightSpan.start) + mutated + text.slice(claim.rightSpan.end));
      const after = result.claims.find((c) => c.rightSpan.start === claim.rightSpan.start);
      assert.ok(after, 'the mutated claim is still read');
      // Dropping a `+ 0` changes nothing: that mutation is not a wrong claim.
      if (m.kind === 'drop' && right.slice(topLevelPlus(right) + 1).trim() === '0') return true;
      assert.equal(after.status, 'mismatch', `${m.kind} on ${claim.left} = ${right} -> ${mutated}: ${after.explanation}`);
      if (m.kind === 'sign') assert.deepEqual(after.codes, ['sign-error']);
      if (m.kind === 'factor') assert.deepEqual(after.codes, ['constant-factor']);
      return true;
    }), { numRuns: 40, seed: 3 });
  });
}

/** Index of the last + or - outside any group, past the first character, or -1. */
function topLevelPlus(text: string): number {
  let depth = 0;
  let found = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if ('({['.includes(c)) depth++;
    else if (')}]'.includes(c)) depth--;
    else if ((c === '+' || c === '-') && depth === 0 && i > 0 && text[i - 1] !== '\\') found = i;
  }
  return found;
}
