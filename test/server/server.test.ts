/** The language server over stdio, as an editor drives it (DESIGN.md section 7). */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CodeAction, Diagnostic, Hover } from 'vscode-languageserver/node';
import { applyWorkspaceEdit, LspSession, ROOT, textAt } from './lsp-session';

const QUESTION = readFileSync(join(ROOT, 'examples', 'question.md'), 'utf8');
const README = 'https://github.com/gradcheck/gradcheck/blob/main/README.md#';

const codesOf = (diagnostics: Diagnostic[]): string[] => diagnostics.map((d) => String(d.code)).sort();

describe('language server over stdio', () => {
  let session: LspSession;
  before(async () => { session = await LspSession.start(); });
  after(async () => { await session.close(); });

  test('publishes the question\'s findings with codes, exact ranges, links and related places', async () => {
    const uri = 'file:///question/diagnostics.md';
    session.open(uri, QUESTION);
    const { diagnostics, version } = await session.waitForPublish(uri);
    assert.equal(version, 1);
    assert.deepEqual(codesOf(diagnostics), ['missing-gradient', 'missing-summation', 'missing-summation', 'missing-summation', 'missing-summation', 'shared-parameter']);
    for (const d of diagnostics) {
      assert.equal(d.source, 'gradcheck');
      assert.equal(d.codeDescription?.href, README + String(d.code));
    }
    const sums = diagnostics.filter((d) => d.code === 'missing-summation');
    // Each squiggle covers exactly the claimed right side, as written.
    assert.deepEqual(sums.map((d) => textAt(QUESTION, d.range)), [
      "\\frac{\\partial net_2}{\\partial w_2}\\frac{\\partial {y}' }{\\partial net_2}\\frac{\\partial L }{\\partial {y}'}",
      "\\frac{\\partial net_1}{\\partial w_{1}} \\frac{\\partial h}{\\partial net_1}\\frac{\\partial net_2}{\\partial h}\\frac{\\partial {y}' }{\\partial net_2}\\frac{\\partial L }{\\partial {y}'}",
      "h\\times {y}'(1-{y}')\\times ({y}'-y)",
      "x\\times h(1-h)\\times w_2 \\times {y}'(1-{y}')\\times ({y}'-y)",
    ]);
    assert.deepEqual(sums.map((d) => d.range.start.line), [12, 12, 20, 20]);
    assert.equal(sums[0].severity, 2);
    const shared = diagnostics.find((d) => d.code === 'shared-parameter')!;
    assert.deepEqual(shared.range, { start: { line: 6, character: 74 }, end: { line: 6, character: 75 } });
    assert.equal(textAt(QUESTION, shared.range), 'b');
    // The other b, in net_1, is the related place.
    assert.deepEqual(shared.relatedInformation?.map((r) => [r.location.uri, r.location.range.start]), [[uri, { line: 6, character: 30 }]]);
  });

  test('the preferred quick fix at a missing sum removes that finding', async () => {
    const uri = 'file:///question/quickfix.md';
    session.open(uri, QUESTION);
    const first = await session.waitForPublish(uri);
    const target = first.diagnostics.find((d) => d.code === 'missing-summation' && d.range.start.line === 20)!;
    const actions = await session.codeActions(uri, target);
    const preferred = actions.filter((a) => a.isPreferred);
    assert.equal(preferred.length, 1);
    assert.equal(preferred[0].kind, 'quickfix');
    assert.deepEqual(preferred[0].diagnostics?.map((d) => d.code), ['missing-summation']);
    const fixed = applyWorkspaceEdit(QUESTION, uri, preferred[0].edit!);
    assert.match(fixed, /&=\\sum h\\times \{y\}'\(1-\{y\}'\)\\times \(\{y\}'-y\)/);
    const since = session.publishes.length;
    session.change(uri, 2, fixed);
    const after = await session.waitForPublish(uri, (p) => p.version === 2, since);
    const remaining = after.diagnostics.filter((d) => d.code === 'missing-summation');
    assert.equal(remaining.length, 3);
    assert.ok(!remaining.some((d) => d.range.start.line === 20 && d.range.start.character === target.range.start.character));
    // The claim the fix touched is now verified.
    const report = await session.connection.sendRequest<{ claims: Array<{ range: { start: { line: number } }; expression: string; status: string }> }>('gradcheck/report', { uri });
    const claim = report.claims.find((c) => c.expression.startsWith('\\sum h'));
    assert.equal(claim?.status, 'verified');
  });

  test('applying every missing-sum fix in turn leaves no missing sum', async () => {
    const uri = 'file:///question/every-sum.md';
    session.open(uri, QUESTION);
    let text = QUESTION;
    let version = 1;
    let publish = await session.waitForPublish(uri);
    for (;;) {
      const target = publish.diagnostics.find((d) => d.code === 'missing-summation');
      if (!target) break;
      const [fix] = (await session.codeActions(uri, target, ['quickfix'])).filter((a) => a.isPreferred && a.diagnostics?.[0].code === 'missing-summation');
      text = applyWorkspaceEdit(text, uri, fix.edit!);
      const since = session.publishes.length;
      session.change(uri, ++version, text);
      publish = await session.waitForPublish(uri, (p) => p.version === version, since);
      assert.ok(version <= 5, 'each fix must remove one finding');
    }
    assert.equal(version, 5);
    assert.deepEqual(codesOf(publish.diagnostics), ['missing-gradient', 'shared-parameter']);
  });

  test('fix-all applies every preferred fix at once', async () => {
    const uri = 'file:///question/fix-all.md';
    session.open(uri, QUESTION);
    const { diagnostics } = await session.waitForPublish(uri);
    const preferredEdits = (await Promise.all(diagnostics.map((d) => session.codeActions(uri, d, ['quickfix']))))
      .flatMap((actions) => actions.filter((a) => a.isPreferred))
      .flatMap((a) => (a.edit!.documentChanges![0] as { edits: unknown[] }).edits);
    const all: CodeAction[] = await session.codeActions(uri, diagnostics[0], ['source.fixAll']);
    assert.equal(all.length, 1);
    assert.equal(all[0].kind, 'source.fixAll.gradcheck');
    const combined = (all[0].edit!.documentChanges![0] as { edits: unknown[] }).edits;
    // The gradient of the shared b is not inserted: once b is split per layer, b_1 and b_2 need theirs.
    assert.equal(combined.length, 4 + 5, 'four sums and the bias renamed in five places');
    assert.deepEqual(new Set(combined.map((e) => JSON.stringify(e))), new Set(preferredEdits.map((e) => JSON.stringify(e))));
    // Only what the user asked for: no fix-all in a quick-fix request.
    assert.ok(!(await session.codeActions(uri, diagnostics[0], ['quickfix'])).some((a) => a.kind === 'source.fixAll.gradcheck'));
    const since = session.publishes.length;
    session.change(uri, 2, applyWorkspaceEdit(QUESTION, uri, all[0].edit!));
    const fixed = await session.waitForPublish(uri, (p) => p.version === 2, since);
    const left = codesOf(fixed.diagnostics);
    assert.ok(!left.includes('missing-summation') && !left.includes('shared-parameter'), left.join(', '));
    assert.ok(!left.includes('undefined-symbol'), `fix-all must not leave a symbol it removed behind: ${left.join(', ')}`);
    assert.deepEqual(left.filter((c) => c === 'missing-gradient').length, 2, 'b_1 and b_2 now each need a gradient');
  });

  test('hover on a claim shows status, values at a sample point and the corrected expression', async () => {
    const uri = 'file:///question/hover.md';
    session.open(uri, QUESTION);
    const { diagnostics } = await session.waitForPublish(uri);
    const sum = diagnostics.find((d) => d.code === 'missing-summation' && d.range.start.line === 20)!;
    const hover = await session.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: sum.range.start });
    assert.ok(hover);
    const value = (hover.contents as { kind: string; value: string }).value;
    assert.match(value, /∂L\/∂w_2 · \*\*mismatch\*\* \(`missing-summation`\)/);
    assert.match(value, /\| claimed \| -?\d/);
    assert.match(value, /\| reference \| -?\d/);
    assert.match(value, /```math\n\\sum h\\times/);
    const nothing = await session.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 3 } });
    assert.equal(nothing, null);
  });

  test('a CodeLens above each block with claims counts them and opens the report', async () => {
    const uri = 'file:///question/lens.md';
    session.open(uri, QUESTION);
    await session.waitForPublish(uri);
    const lenses = await session.connection.sendRequest<Array<{ range: { start: { line: number } }; command: { title: string; command: string; arguments: unknown[] } }>>('textDocument/codeLens', { textDocument: { uri } });
    assert.deepEqual(lenses.map((l) => [l.range.start.line, l.command.title]), [
      [12, '0 verified · 2 mismatch'],
      [16, '10 verified · 0 mismatch'],
      [20, '0 verified · 2 mismatch'],
    ]);
    assert.deepEqual(lenses[0].command.arguments, [uri]);
    assert.equal(lenses[0].command.command, 'gradcheck.showReport');
  });
});
