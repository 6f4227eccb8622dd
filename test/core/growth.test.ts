/**
 * The check's cost grows linearly with the document: per-claim costs that grew with the length
 * (a key spelling out the whole symbol table per equation, a scan of every definition per
 * parameter) made 4,000 claims take 7 times as long as 1,000, and 8,000 over 20 times. Both sizes are timed in the same
 * process, one after the other, so a busy machine slows both alike.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chainDerivation, generateDerivation } from '../../bench/generate';
import { checkDocument } from '../../src/core/check';

/**
 * The least processor time each document's check took over `rounds` rounds, after two checks of
 * each for the compiler to settle. Processor time, not wall time: other work on the machine
 * slows the clock, not the check; the rounds alternate so that a busy moment slows both alike.
 */
function leastCpuMs(texts: string[], rounds: number): number[] {
  for (const text of texts) { checkDocument(text); checkDocument(text); }
  const least = texts.map(() => Infinity);
  for (let round = 0; round < rounds; round++) {
    texts.forEach((text, k) => {
      const start = process.cpuUsage();
      checkDocument(text);
      const used = process.cpuUsage(start);
      least[k] = Math.min(least[k], (used.user + used.system) / 1000);
    });
  }
  return least;
}

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

test('a deep chain: eight times the layers take about eight times as long, not sixty-four', () => {
  // Each claim is local (da_k/dz_k, dz_k/dw_k, ...), yet each once swept every node below it at
  // every sample point, and the loss's dependence on each parameter was a walk of the chain:
  // 400 layers (1,600 claims) took 34 times as long as 50 (200 claims).
  const [small, large] = leastCpuMs([chainDerivation(50), chainDerivation(400)], 4);
  assert.ok(large / small < 14, `200 claims: ${small.toFixed(0)} ms; 1,600 claims: ${large.toFixed(0)} ms (${(large / small).toFixed(1)}x)`);
});
