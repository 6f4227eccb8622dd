import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { INITIAL_VIEW_STATE, parseHostMessage, parseViewState, parseWebviewMessage } from '../../src/webview/messages';
import { hostileReport, QUESTION, reportOf } from './reports';

const doc = { uri: 'file:///q.md', version: 3 };

describe('messages from the webview', () => {
  test('well-formed messages pass, as new objects with only the known fields', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready', extra: 1 }), { type: 'ready' });
    assert.deepEqual(parseWebviewMessage({ type: 'reveal', ...doc, target: { kind: 'claim', index: 2, x: 'y' } }), { type: 'reveal', ...doc, target: { kind: 'claim', index: 2 } });
    assert.deepEqual(parseWebviewMessage({ type: 'applyFix', ...doc, diagnostic: 1, fix: 0, edits: ['evil'] }), { type: 'applyFix', ...doc, diagnostic: 1, fix: 0 });
    assert.deepEqual(parseWebviewMessage({ type: 'copyMarkdown', ...doc, onlyMismatches: true }), { type: 'copyMarkdown', ...doc, onlyMismatches: true });
  });

  test('anything else is dropped', () => {
    const rejected: unknown[] = [
      null, 'reveal', [], { type: 'unknown', ...doc },
      { type: 'reveal', ...doc, target: { kind: 'claim', index: -1 } },
      { type: 'reveal', ...doc, target: { kind: 'claim', index: 1.5 } },
      { type: 'reveal', ...doc, target: { kind: 'claim', index: '1' } },
      { type: 'reveal', ...doc, target: { kind: 'editor', index: 1 } },
      { type: 'reveal', uri: 'file:///q.md', target: { kind: 'claim', index: 1 } },
      { type: 'reveal', version: 1, target: { kind: 'claim', index: 1 } },
      { type: 'applyFix', ...doc, diagnostic: 1 },
      { type: 'applyFix', ...doc, diagnostic: Number.MAX_VALUE, fix: 0 },
      { type: 'copyMarkdown', ...doc, onlyMismatches: 'yes' },
    ];
    for (const message of rejected) assert.equal(parseWebviewMessage(message), undefined, JSON.stringify(message));
  });
});

describe('messages from the extension', () => {
  test('a report of a real document passes', () => {
    const wire: unknown = JSON.parse(JSON.stringify({ type: 'report', uri: doc.uri, fileName: 'q.md', version: 3, report: reportOf(QUESTION) }));
    assert.deepEqual(parseHostMessage(wire), wire);
    assert.ok(parseHostMessage({ type: 'report', uri: doc.uri, fileName: 'h', version: 1, report: hostileReport() }));
  });

  test('a sample value that crossed JSON as null (NaN) still passes', () => {
    const report = reportOf(QUESTION);
    report.claims[0].sample = { reference: 1, claimed: Number.NaN };
    const parsed = parseHostMessage(JSON.parse(JSON.stringify({ type: 'report', uri: doc.uri, fileName: 'q.md', version: 1, report })));
    assert.equal(parsed?.type, 'report');
  });

  test('a report of the wrong shape is dropped, whatever part is wrong', () => {
    const good = reportOf(QUESTION);
    const breakages: Array<(r: Record<string, unknown>) => void> = [
      (r) => { r.version = 2; },
      (r) => { (r.claims as Array<Record<string, unknown>>)[0].status = 'maybe'; },
      (r) => { (r.claims as Array<Record<string, unknown>>)[0].left = 3; },
      (r) => { (r.diagnostics as Array<Record<string, unknown>>)[0].fixes = [{ title: 't', edits: [{ newText: 'x' }], preferred: true }]; },
      (r) => { (r.diagnostics as Array<Record<string, unknown>>)[0].code = 'made-up'; },
      (r) => { (r.graph as Record<string, unknown>).nodes = [{ id: 'x', label: 'x', role: 'admin' }]; },
      (r) => { (r.claims as Array<Record<string, unknown>>)[0].span = { start: 5, end: 2 }; },
    ];
    for (const [i, breakIt] of breakages.entries()) {
      const report = JSON.parse(JSON.stringify(good)) as Record<string, unknown>;
      breakIt(report);
      assert.equal(parseHostMessage({ type: 'report', uri: doc.uri, fileName: 'q.md', version: 1, report }), undefined, `breakage ${i}`);
    }
    assert.deepEqual(parseHostMessage({ type: 'empty', reason: 'closed' }), { type: 'empty', reason: 'closed' });
    assert.equal(parseHostMessage({ type: 'empty' }), undefined);
  });
});

describe('saved view state', () => {
  test('missing or foreign state falls back field by field', () => {
    assert.deepEqual(parseViewState(undefined), INITIAL_VIEW_STATE);
    assert.deepEqual(parseViewState({ onlyMismatches: 'true', selectedClaim: -2, claimRows: 'all', last: { type: 'report' } }), INITIAL_VIEW_STATE);
    assert.deepEqual(parseViewState({ onlyMismatches: true, selectedClaim: 4, claimRows: 400 }), { onlyMismatches: true, selectedClaim: 4, claimRows: 400, last: null });
    assert.equal(parseViewState({ claimRows: 3 }).claimRows, INITIAL_VIEW_STATE.claimRows);
  });
});
