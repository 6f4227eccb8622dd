/// <reference types="mocha" />
/**
 * The report panel in a real extension host: the command opens it beside the editor, it receives
 * the report, and the webview's messages (a row clicked, a fix applied) act on the editor. The
 * page itself is tested in Chromium (test/webview/browser.test.ts); here the test stands in for it
 * through `gradcheck.reportPanelMessage`, which takes the same path as a message from the webview.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Report } from '../../src/core/report';
import type { HostMessage } from '../../src/webview/messages';

const EXTENSION_ID = 'gradcheck.gradcheck';

type ShownReport = Extract<HostMessage, { type: 'report' }>;

/** The suite's own copy of the question: the editor suite edits derivation.md. */
function derivation(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the runner opens a workspace folder');
  return vscode.Uri.joinPath(folder.uri, 'panel.md');
}

const panelState = (): Thenable<HostMessage | undefined> => vscode.commands.executeCommand<HostMessage | undefined>('gradcheck.reportPanelState');

/** Polls the panel until what it last sent the webview satisfies `accept`. */
async function panelShows(accept: (shown: ShownReport) => boolean, timeoutMs = 20_000): Promise<ShownReport> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await panelState();
    if (state?.type === 'report' && accept(state)) return state;
    if (Date.now() > deadline) throw new Error(`the panel never showed the expected report; last: ${JSON.stringify(state)?.slice(0, 300)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function reportTab(): vscode.Tab | undefined {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs)
    .find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('gradcheck.report'));
}

const firstMismatchOnLine21 = (report: Report): number => report.claims.findIndex((c) => c.range.start.line === 21 && c.status === 'mismatch');

suite('gradcheck report panel', () => {
  let document: vscode.TextDocument;

  suiteSetup(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    document = await vscode.workspace.openTextDocument(derivation());
    await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
  });

  test('Show Report opens the panel beside the editor and it receives the report', async () => {
    await vscode.commands.executeCommand('gradcheck.showReport');
    const shown = await panelShows((s) => s.uri === document.uri.toString() && s.version === document.version);
    assert.equal(shown.report.claims.length, 14);
    assert.equal(shown.report.claims.filter((c) => c.status === 'mismatch').length, 4);
    assert.equal(shown.version, document.version);
    const tab = reportTab();
    assert.ok(tab, 'a report tab is open');
    assert.equal(tab.label, 'gradcheck: panel.md');
    assert.notEqual(tab.group.viewColumn, vscode.ViewColumn.One, 'beside the editor');
  });

  test('a click on a row selects the claim in the editor', async () => {
    const shown = await panelShows(() => true);
    const index = firstMismatchOnLine21(shown.report);
    await vscode.commands.executeCommand('gradcheck.reportPanelMessage', { type: 'reveal', uri: shown.uri, version: shown.version, target: { kind: 'claim', index } });
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor && editor.document === document, 'the derivation is the active editor');
    const claim = shown.report.claims[index];
    assert.equal(editor.document.getText(editor.selection), document.getText().slice(claim.span.start, claim.span.end));
    assert.equal(editor.selection.start.line, 20);
  });

  test('the apply-fix button applies that fix, and the panel follows the edit', async () => {
    const shown = await panelShows(() => true);
    const claim = firstMismatchOnLine21(shown.report);
    const diagnostic = shown.report.diagnostics.findIndex((d) => d.claim === claim);
    await vscode.commands.executeCommand('gradcheck.reportPanelMessage', { type: 'applyFix', uri: shown.uri, version: shown.version, diagnostic, fix: 0 });
    assert.match(document.lineAt(20).text, /&=\\sum h\\times \{y\}'\(1-\{y\}'\)\\times \(\{y\}'-y\)/);
    const updated = await panelShows((s) => s.version === document.version);
    assert.equal(updated.report.claims[claim].status, 'verified');
  });

  test('a message about an older version, or malformed, changes nothing', async () => {
    const shown = await panelShows((s) => s.version === document.version);
    const before = document.getText();
    const diagnostic = shown.report.diagnostics.findIndex((d) => d.fixes.length > 0);
    const applyFix = { type: 'applyFix', uri: shown.uri, version: shown.version, diagnostic, fix: 0 };
    await vscode.commands.executeCommand('gradcheck.reportPanelMessage', { ...applyFix, version: shown.version - 1 });
    await vscode.commands.executeCommand('gradcheck.reportPanelMessage', { ...applyFix, diagnostic: -1 });
    await vscode.commands.executeCommand('gradcheck.reportPanelMessage', { ...applyFix, fix: '0' });
    assert.equal(document.getText(), before);
    // The same message, well formed and current, does apply: the three above were refused.
    await vscode.commands.executeCommand('gradcheck.reportPanelMessage', applyFix);
    assert.notEqual(document.getText(), before);
  });
});
