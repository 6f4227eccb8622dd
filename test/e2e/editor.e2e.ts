/// <reference types="mocha" />
/**
 * The extension in a real VS Code extension host: diagnostics, quick fixes, hover, status bar,
 * commands. The runner opens a workspace holding `derivation.md` (the question's derivation)
 * and `e2e-mode.json`, which says whether the extension under test is the installed .vsix and
 * which extension host runs it (Node, or the web worker of VS Code for the Web).
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { questionCopies } from '../server/question-copies';
import type { GradcheckExtensionApi } from '../../src/extension/client';
import type { MarkdownIt } from '../../src/extension/preview-badges';
import { codeOf, diagnosticsWhere, gradcheckDiagnostics, workspaceFile } from './diagnostics';

const EXTENSION_ID = 'gradcheck.gradcheck';
const SUM_ON_LINE_21 = "h\\times {y}'(1-{y}')\\times ({y}'-y)";

/** Polls `holds` until it is true; the workbench updates tabs a moment after a command returns. */
async function eventually(holds: () => boolean, describe: () => string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!holds()) {
    if (Date.now() > deadline) assert.fail(`still not the case after ${timeoutMs} ms: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function report(measure: string, value: string): void {
  console.log(`[gradcheck-e2e measure] ${measure}: ${value}`);
}

suite('gradcheck in VS Code', () => {
  let uri: vscode.Uri;
  let editor: vscode.TextEditor;

  suiteSetup(async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is loaded`);
    const mode = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile('e2e-mode.json')))) as { installed: boolean; host: 'node' | 'web' };
    // Against the .vsix the extension must come from the extensions folder, not this checkout.
    assert.equal(extension.extensionUri.fsPath.includes('/extensions/gradcheck.gradcheck-'), mode.installed, extension.extensionUri.fsPath);
    // The web worker extension host has no Node: no `process`, and a browser's UI.
    assert.equal(typeof process === 'undefined', mode.host === 'web', `typeof process is ${typeof process}`);
    if (mode.host === 'web') assert.equal(vscode.env.uiKind, vscode.UIKind.Web);
    report('extension host', mode.host === 'web' ? 'web worker' : 'Node');
    assert.equal(extension.isActive, false, 'nothing has activated the extension yet');
    const start = performance.now();
    await extension.activate();
    report('activation', `${(performance.now() - start).toFixed(0)} ms`);
    uri = workspaceFile('derivation.md');
    editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  });

  test('diagnostics: the question\'s codes and exact ranges', async () => {
    const start = performance.now();
    const diagnostics = await diagnosticsWhere(uri, (ds) => ds.length >= 6);
    report('open to first diagnostics (server start included)', `${(performance.now() - start).toFixed(0)} ms`);
    assert.deepEqual(diagnostics.map(codeOf).sort(), ['missing-gradient', 'missing-summation', 'missing-summation', 'missing-summation', 'missing-summation', 'shared-parameter']);
    const sum = diagnostics.find((d) => codeOf(d) === 'missing-summation' && d.range.start.line === 20);
    assert.ok(sum);
    assert.equal(editor.document.getText(sum.range), SUM_ON_LINE_21);
    assert.equal(sum.severity, vscode.DiagnosticSeverity.Warning);
    const shared = diagnostics.find((d) => codeOf(d) === 'shared-parameter')!;
    assert.deepEqual([shared.range.start.line, shared.range.start.character, shared.range.end.character], [6, 74, 75]);
    assert.equal(shared.relatedInformation?.[0].location.range.start.character, 30);
    assert.equal(typeof shared.code === 'object' && shared.code.target.toString(), 'https://github.com/gradcheck/gradcheck/blob/main/README.md#shared-parameter');
  });

  test('hover on a claim: status, values at a sample point, the corrected expression', async () => {
    const sum = gradcheckDiagnostics(uri).find((d) => codeOf(d) === 'missing-summation' && d.range.start.line === 20)!;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, sum.range.start);
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /\*\*mismatch\*\* \(`missing-summation`\)/);
    assert.match(text, /\| claimed \| -?\d/);
    assert.match(text, /```math\n\\sum h\\times/);
  });

  test('status bar shows the counts of the active file', async () => {
    const text = await vscode.commands.executeCommand<string>('gradcheck.statusBarText');
    assert.match(text, /10 verified · 4 mismatch/);
  });

  test('the preferred quick fix wraps the sum, and the finding goes away', async () => {
    const sum = gradcheckDiagnostics(uri).find((d) => codeOf(d) === 'missing-summation' && d.range.start.line === 20)!;
    // Asked again while the answer is empty, as the light bulb asks again: once, on a loaded CI
    // machine, the first request came back with no actions at all and the rest of the suite failed.
    let actions: vscode.CodeAction[] = [];
    for (const deadline = Date.now() + 10_000; actions.length === 0 && Date.now() < deadline;) {
      actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, sum.range, vscode.CodeActionKind.QuickFix.value);
      if (actions.length === 0) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    // The command does not hand back each action's diagnostics; the range picks the finding.
    const preferred = actions.filter((a) => a.isPreferred);
    assert.equal(preferred.length, 1, actions.map((a) => a.title).join('; '));
    assert.equal(preferred[0].title, 'Wrap in a sum over the examples');
    assert.ok(await vscode.workspace.applyEdit(preferred[0].edit!));
    assert.equal(editor.document.getText(new vscode.Range(sum.range.start, sum.range.start.translate(0, 5))), '\\sum ');
    const after = await diagnosticsWhere(uri, (ds) => ds.filter((d) => codeOf(d) === 'missing-summation').length === 3);
    assert.ok(!after.some((d) => codeOf(d) === 'missing-summation' && d.range.start.line === 20 && d.range.start.character === sum.range.start.character));
    assert.match(await vscode.commands.executeCommand<string>('gradcheck.statusBarText'), /11 verified · 3 mismatch/);
  });

  test('fix-all is offered as a source action', async () => {
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, new vscode.Range(0, 0, 0, 0), vscode.CodeActionKind.SourceFixAll.value);
    assert.deepEqual(actions.map((a) => a.kind?.value), ['source.fixAll.gradcheck']);
  });

  test('CodeLens above each derivation block', async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    assert.deepEqual(lenses.map((l) => l.command?.title), ['0 verified · 2 mismatch', '10 verified · 0 mismatch', '1 verified · 1 mismatch']);
  });

  test('commands: check file, show report, restart server', async () => {
    const summary = await vscode.commands.executeCommand<{ verified: number; mismatch: number }>('gradcheck.checkFile');
    assert.deepEqual([summary.verified, summary.mismatch], [11, 3]);

    await vscode.commands.executeCommand('gradcheck.showReport');
    const reportTab = (): boolean => vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.input instanceof vscode.TabInputWebview && t.label.startsWith('gradcheck'));
    await eventually(reportTab, () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label).join(', '));
    // Closed again, so the timings below measure the diagnostics alone.
    await vscode.window.tabGroups.close(vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview));
    editor = await vscode.window.showTextDocument(editor.document);

    await vscode.commands.executeCommand('gradcheck.restartServer');
    // After a restart the server has re-read the document and answers again.
    const again = await vscode.commands.executeCommand<{ verified: number }>('gradcheck.checkFile');
    assert.equal(again.verified, 11);
  });

  test('keystroke to diagnostics: the question and a 1,000-claim document', async () => {
    const long = workspaceFile('long.md');
    await vscode.workspace.fs.writeFile(long, new TextEncoder().encode(questionCopies(editor.document.getText(), 72)));
    const documents: Array<[string, vscode.TextDocument]> = [['question', editor.document], ['1,000 claims', await vscode.workspace.openTextDocument(long)]];
    for (const [name, document] of documents) {
      const target = await vscode.window.showTextDocument(document);
      await diagnosticsWhere(target.document.uri, (ds) => ds.length > 0);
      const times: number[] = [];
      // A keystroke that changes a finding: a minus typed before a right claim makes it wrong,
      // deleting it makes it right again. Timed until the diagnostics show that.
      const claim = /=\(\{(y|o_\{1\})\}'-y\)/.exec(document.getText());
      assert.ok(claim, 'the first local derivative of the loss');
      const at = document.positionAt(claim.index + 1);
      for (let k = 0; k < 6; k++) {
        const wrong = k % 2 === 0;
        const start = performance.now();
        await target.edit((b) => (wrong ? b.insert(at, '-') : b.delete(new vscode.Range(at, at.translate(0, 1)))));
        await diagnosticsWhere(document.uri, (ds) => ds.some((d) => d.range.start.isEqual(at)) === wrong);
        times.push(performance.now() - start);
      }
      const median = [...times].sort((a, b) => a - b)[3];
      report(`keystroke to diagnostics, ${name}`, `${median.toFixed(0)} ms (median of 6, the wait after an edit included: 25 to 150 ms, three times the last check)`);
    }
  });

  test('first run: Open Example Derivation shows the question untitled, with its findings; the walkthrough ships its pages', async () => {
    await vscode.commands.executeCommand('gradcheck.openExample');
    const example = vscode.window.activeTextEditor?.document;
    assert.ok(example?.isUntitled && example.languageId === 'markdown', example?.uri.toString());
    const diagnostics = await diagnosticsWhere(example.uri, (ds) => ds.length >= 6);
    assert.deepEqual(diagnostics.map(codeOf).sort(), ['missing-gradient', 'missing-summation', 'missing-summation', 'missing-summation', 'missing-summation', 'shared-parameter']);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    const [walkthrough] = (extension.packageJSON as { contributes: { walkthroughs: Array<{ steps: Array<{ media: { markdown: string } }> }> } }).contributes.walkthroughs;
    assert.equal(walkthrough.steps.length, 5);
    for (const step of walkthrough.steps) await vscode.workspace.fs.stat(vscode.Uri.joinPath(extension.extensionUri, step.media.markdown));
  });

  test('the Markdown preview plugin this host gives the preview: the question typeset, a badge per claim', async () => {
    // The plugin VS Code's Markdown preview asks for, here applied to a markdown-it of the test's
    // own: in code-server the preview itself runs in the Node host, where the web build is not.
    const markdownIt = require('markdown-it') as () => MarkdownIt & { render(src: string): string };
    const { extendMarkdownIt } = vscode.extensions.getExtension(EXTENSION_ID)!.exports as GradcheckExtensionApi;
    const question = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile('panel.md')));
    const html = extendMarkdownIt(markdownIt()).render(question);
    assert.equal([...html.matchAll(/<table class="gradcheck-math/g)].length, 5);
    assert.equal([...html.matchAll(/class="gradcheck-badge gradcheck-/g)].length, 14);
  });
});

