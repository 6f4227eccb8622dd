/** When a document is checked after an edit: the wait follows how long its last check took. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Report } from '../../src/core/report';
import { DocumentChecks, MIN_DELAY_MS } from '../../src/server/document-checks';

interface Doc { uri: string; version: number }

function checks(checkMs: number): { checks: DocumentChecks<Doc>; doc: Doc } {
  const doc: Doc = { uri: 'file:///a.md', version: 1 };
  const report = {} as Report;
  return {
    doc,
    checks: new DocumentChecks<Doc>({
      documents: { get: (uri) => (uri === doc.uri ? doc : undefined), all: () => [doc] },
      check: () => new Promise((resolve) => setTimeout(() => resolve(report), checkMs)),
      publish: () => undefined,
      delayMs: 150,
    }),
  };
}

test('the first edit waits the longest; after a fast check the wait is short, after a slow one long', async () => {
  const fast = checks(1);
  assert.equal(fast.checks.delayFor(fast.doc.uri), 150);
  await fast.checks.reportFor(fast.doc.uri);
  assert.ok(fast.checks.delayFor(fast.doc.uri) < 150, `${fast.checks.delayFor(fast.doc.uri)} ms`);
  assert.ok(fast.checks.delayFor(fast.doc.uri) >= MIN_DELAY_MS);

  const slow = checks(80);
  await slow.checks.reportFor(slow.doc.uri);
  assert.equal(slow.checks.delayFor(slow.doc.uri), 150);

  fast.checks.forget(fast.doc.uri);
  assert.equal(fast.checks.delayFor(fast.doc.uri), 150);
});
