/**
 * A sample of the fuzzer (`npm run fuzz` runs 10,000 and more): the fixtures and examples, and
 * the documents under GRADCHECK_CORPUS when it is set, with tokens and characters of their math
 * inserted, deleted and copied. Every check ends within its time limit without an internal error.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { corpusDocuments, fixtureDocuments } from '../fuzz/corpus';
import { type FuzzFailure, mutants, runFuzz } from '../fuzz/harness';

const LIMIT_MS = 2_000;

function describe(failures: FuzzFailure[]): string {
  return failures.slice(0, 5).map((f) => `${f.problem} in ${f.name}: ${f.message.split('\n')[0]}\n${f.text.slice(0, 2000)}`).join('\n---\n');
}

test('300 mutated fixtures: no internal error, no hang', async () => {
  const result = await runFuzz(mutants(fixtureDocuments(), 300, 7), { timeoutMs: LIMIT_MS, workers: 2 });
  assert.equal(result.documents, 300);
  assert.deepEqual(result.failures.map((f) => `${f.problem}: ${f.name}`), [], describe(result.failures));
});

const corpus = corpusDocuments(process.env.GRADCHECK_CORPUS);

test(`the corpus under GRADCHECK_CORPUS, as written and mutated: no internal error, no hang`, { skip: corpus.length === 0 && 'GRADCHECK_CORPUS is not set' }, async () => {
  const cases = [...corpus, ...mutants(corpus, 300, 7)];
  const result = await runFuzz(cases, { timeoutMs: LIMIT_MS, workers: 2 });
  assert.deepEqual(result.failures.map((f) => `${f.problem}: ${f.name}`), [], describe(result.failures));
});
