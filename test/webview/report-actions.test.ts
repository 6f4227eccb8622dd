import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fixToApply, type ShownReport, spanToReveal } from '../../src/extension/report-actions';
import { QUESTION, reportOf } from './reports';

describe('what the webview asks of the editor', () => {
  const report = reportOf(QUESTION);
  const shown: ShownReport = { uri: 'file:///q.md', fileName: 'q.md', version: 4, report };
  const at = { uri: 'file:///q.md', version: 4 };

  test('a claim or a finding is revealed at the span of the extension’s own report', () => {
    assert.deepEqual(spanToReveal(shown, { type: 'reveal', ...at, target: { kind: 'claim', index: 3 } }, 4), { ok: true, value: report.claims[3].span });
    assert.deepEqual(spanToReveal(shown, { type: 'reveal', ...at, target: { kind: 'finding', index: 0 } }, 4), { ok: true, value: report.diagnostics[0].span });
    assert.deepEqual(spanToReveal(shown, { type: 'reveal', ...at, target: { kind: 'claim', index: 99 } }, 4), { ok: false, reason: 'unknown' });
  });

  test('the edits of a fix come from the report, by index', () => {
    const diagnostic = report.diagnostics.findIndex((d) => d.claim === 0);
    const resolved = fixToApply(shown, { type: 'applyFix', ...at, diagnostic, fix: 0 }, 4);
    assert.deepEqual(resolved, { ok: true, value: { title: report.diagnostics[diagnostic].fixes[0].title, edits: report.diagnostics[diagnostic].fixes[0].edits } });
    assert.deepEqual(fixToApply(shown, { type: 'applyFix', ...at, diagnostic, fix: 5 }, 4), { ok: false, reason: 'unknown' });
  });

  test('a message about an older version, another document, or a document edited since, is stale', () => {
    const message = { type: 'applyFix' as const, ...at, diagnostic: 0, fix: 0 };
    assert.deepEqual(fixToApply(shown, { ...message, version: 3 }, 4), { ok: false, reason: 'stale' });
    assert.deepEqual(fixToApply(shown, { ...message, uri: 'file:///other.md' }, 4), { ok: false, reason: 'stale' });
    assert.deepEqual(fixToApply(shown, message, 5), { ok: false, reason: 'stale' });
    assert.deepEqual(fixToApply(undefined, message, 4), { ok: false, reason: 'stale' });
  });
});
