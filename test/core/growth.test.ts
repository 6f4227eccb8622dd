/**
 * The check's cost grows linearly with the document: per-claim costs that grew with the length
 * (a key spelling out the whole symbol table per equation, a scan of every definition per
 * parameter) made 4,000 claims take 7 times as long as 1,000, and 8,000 over 20 times. Both sizes are timed in the same
 * process, one after the other, so a busy machine slows both alike.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateDerivation } from '../../bench/generate';
import { checkDocument } from '../../src/core/check';

function medianMs(text: string, runs: number): number {
  checkDocument(text);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    checkDocument(text);
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

test('eight times the claims take about eight times as long, not sixty-four', () => {
  const small = medianMs(generateDerivation(100), 5);
  const large = medianMs(generateDerivation(800), 3);
  // Linear is 8x; the quadratic parts made it over 20x. The margin is for a busy machine.
  assert.ok(large / small < 14, `1,000 claims: ${small.toFixed(0)} ms; 8,000 claims: ${large.toFixed(0)} ms (${(large / small).toFixed(1)}x)`);
});
