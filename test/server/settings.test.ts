/** Editor settings, `.gradcheckrc.json` and inline comments, as the server applies them. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { LspSession, ROOT } from './lsp-session';

const QUESTION = readFileSync(join(ROOT, 'examples', 'question.md'), 'utf8');
const codes = (ds: Array<{ code?: string | number }>): string[] => [...new Set(ds.map((d) => String(d.code)))].sort();

test('severity overrides from the editor: off hides a code, a level replaces the default', async () => {
  const session = await LspSession.start({ settings: { severity: { 'missing-summation': 'off', 'shared-parameter': 'error' } } });
  try {
    session.open('file:///s/severity.md', QUESTION);
    const { diagnostics } = await session.waitForPublish('file:///s/severity.md');
    assert.deepEqual(codes(diagnostics), ['missing-gradient', 'shared-parameter']);
    assert.equal(diagnostics.find((d) => d.code === 'shared-parameter')?.severity, 1);
  } finally {
    await session.close();
  }
});

test('a language left out of enabledLanguages is not checked; codeLens can be turned off', async () => {
  const session = await LspSession.start({ settings: { enabledLanguages: ['latex'], codeLens: false } });
  try {
    session.open('file:///s/off.md', QUESTION);
    assert.deepEqual((await session.waitForPublish('file:///s/off.md')).diagnostics, []);
    assert.equal(await session.connection.sendRequest('gradcheck/report', { uri: 'file:///s/off.md' }), null);
    session.open('file:///s/on.tex', QUESTION, 'latex');
    assert.ok((await session.waitForPublish('file:///s/on.tex')).diagnostics.length > 0);
    assert.deepEqual(await session.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: 'file:///s/on.tex' } }), []);
  } finally {
    await session.close();
  }
});

test('.gradcheckrc.json above the document applies, and a change to it re-checks', async () => {
  const root = mkdtempSync(join(tmpdir(), 'gradcheck-rc-'));
  const rc = join(root, '.gradcheckrc.json');
  writeFileSync(rc, JSON.stringify({ severity: { 'missing-gradient': 'off', 'missing-summation': 'hint' } }));
  const { mkdirSync } = await import('node:fs');
  mkdirSync(join(root, 'notes'));
  const uri = pathToFileURL(join(root, 'notes', 'question.md')).href;
  // The editor's own setting loses to the project's file.
  const session = await LspSession.start({ settings: { severity: { 'missing-summation': 'error' } } });
  try {
    session.open(uri, QUESTION);
    const first = await session.waitForPublish(uri);
    assert.deepEqual(codes(first.diagnostics), ['missing-summation', 'shared-parameter']);
    assert.equal(first.diagnostics.find((d) => d.code === 'missing-summation')?.severity, 4);

    writeFileSync(rc, JSON.stringify({ samples: 'many' }));
    const since = session.publishes.length;
    void session.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(rc).href, type: 2 }] });
    const second = await session.waitForPublish(uri, () => true, since);
    assert.ok(codes(second.diagnostics).includes('missing-gradient'));
    // A bad value is reported where the user will see it, naming the file.
    const problem = second.diagnostics.find((d) => d.message.includes(".gradcheckrc.json: 'samples' must be a positive integer"));
    assert.ok(problem, second.diagnostics.map((d) => d.message).join('\n'));
  } finally {
    await session.close();
  }
});

test('an inline comment disables a finding on the next line', async () => {
  const session = await LspSession.start();
  try {
    const text = QUESTION.replace('Forward pass:\n\n', 'Forward pass:\n\n<!-- gradcheck-disable-next-line shared-parameter missing-gradient -->\n');
    session.open('file:///s/inline.md', text);
    const { diagnostics } = await session.waitForPublish('file:///s/inline.md');
    assert.deepEqual(codes(diagnostics), ['missing-summation']);
  } finally {
    await session.close();
  }
});
