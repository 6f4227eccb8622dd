/** The worker that runs checks: a throw or a hang becomes one diagnostic, and the next check runs. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CheckRunner } from '../../src/server/check-runner';
import { nodeCheckThreads } from '../../src/server/node/check-thread';
import { ROOT } from './lsp-session';

const OPTIONS = { kind: 'markdown' as const, settings: {} };

// A stand-in worker whose behaviour the text chooses; the real one never sees such text.
function fakeWorker(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'gradcheck-worker-')), 'worker.js');
  writeFileSync(path, `
    const { parentPort } = require('node:worker_threads');
    parentPort.on('message', ({ id, text }) => {
      if (text === 'hang') for (;;) {}
      if (text === 'slow') for (const until = Date.now() + 300; Date.now() < until;) {}
      if (text === 'throw') parentPort.postMessage({ id, error: 'boom' });
      else if (text === 'crash') process.exit(3);
      else parentPort.postMessage({ id, report: { version: 1, claims: [], diagnostics: [], unread: [], graph: { nodes: [], edges: [] }, blocks: [], examples: 1 } });
    });`);
  return path;
}

test('a failed check becomes one diagnostic and the runner carries on', async () => {
  const runner = new CheckRunner(nodeCheckThreads(fakeWorker()), 500);
  try {
    const hung = runner.check('hang', OPTIONS);
    const queued = runner.check('fine', OPTIONS);
    const timedOut = (await hung)!;
    assert.equal(timedOut.diagnostics.length, 1);
    assert.equal(timedOut.diagnostics[0].code, 'unchecked');
    assert.match(timedOut.diagnostics[0].message, /longer than 0\.5 s/);
    assert.deepEqual((await queued)?.diagnostics, []);
    assert.match((await runner.check('throw', OPTIONS))!.diagnostics[0].message, /could not check this document: boom/);
    assert.match((await runner.check('crash', OPTIONS))!.diagnostics[0].message, /exit code 3/);
    assert.deepEqual((await runner.check('fine', OPTIONS))?.diagnostics, []);
  } finally {
    runner.dispose();
  }
});

test('a check still waiting when a newer one of the same document comes is dropped; other documents wait their turn', async () => {
  const runner = new CheckRunner(nodeCheckThreads(fakeWorker()), 5_000);
  try {
    const of = (fileName: string) => ({ ...OPTIONS, fileName });
    const running = runner.check('slow', of('a.md'));
    const stale = runner.check('fine', of('a.md'));
    const other = runner.check('fine', of('b.md'));
    const latest = runner.check('fine', of('a.md'));
    assert.equal(await stale, undefined);
    assert.deepEqual(await Promise.all([running, other, latest].map(async (r) => (await r)?.diagnostics)), [[], [], []]);
  } finally {
    runner.dispose();
  }
});

test('the real worker checks the question', async () => {
  const runner = new CheckRunner(nodeCheckThreads(join(ROOT, 'out', 'server', 'check-worker.js')), 10_000);
  try {
    const report = await runner.check('$$ L = \\frac{1}{2}(y - wx)^2 $$\n$$ \\frac{\\partial L}{\\partial w} = -(y - wx)x $$', OPTIONS);
    assert.deepEqual(report?.claims.map((c) => c.status), ['verified']);
  } finally {
    runner.dispose();
  }
});
