/** The check worker remembers each document's last check and reuses it: its reports are a full check's. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkWithSettings, type ConfiguredCheckOptions } from '../../src/config/check';
import { answerCheck } from '../../src/server/check-answer';
import { ROOT } from './lsp-session';

const question = readFileSync(join(ROOT, 'examples', 'question.md'), 'utf8');
const options = (fileName: string): ConfiguredCheckOptions => ({ fileName, kind: 'markdown', settings: {} });

function answered(id: number, text: string, fileName: string): unknown {
  const response = answerCheck({ id, text, options: options(fileName) });
  assert.ok('report' in response, JSON.stringify(response));
  return response.report;
}

test('checks of an edited document, of others between them, and of more documents than are remembered, are full checks', () => {
  const claim = question.indexOf("=({y}'-y)") + 1;
  const edited = `${question.slice(0, claim)}-${question.slice(claim)}`;
  const full = (text: string): unknown => checkWithSettings(text, options('doc-0.md'));
  let id = 0;
  assert.deepEqual(answered(++id, question, 'doc-0.md'), full(question));
  assert.deepEqual(answered(++id, edited, 'doc-0.md'), full(edited));
  // Seventeen other documents: the first is forgotten, then checked afresh.
  for (let k = 1; k <= 17; k++) answered(++id, k % 2 ? edited : question, `doc-${k}.md`);
  assert.deepEqual(answered(++id, question, 'doc-0.md'), full(question));
  assert.deepEqual(answered(++id, edited, 'doc-1.md'), full(edited));
});
