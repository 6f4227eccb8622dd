/// <reference types="mocha" />
/**
 * A Jupyter notebook in a real extension host, opened with VS Code's built-in ipynb serializer
 * (no Jupyter extension needed): the workspace's `two-layer.ipynb` (test/fixtures/notebooks)
 * defines the network in its first cell and claims the gradients in cells 3 and 5.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, diagnosticsWhere, gradcheckDiagnostics, workspaceFile } from './diagnostics';

const WRONG_RIGHT_SIDE = '(y - \\hat{y})\\, w_2\\, h(1 - h)';

suite('gradcheck in a Jupyter notebook', () => {
  let notebook: vscode.NotebookDocument;

  suiteSetup(async () => {
    notebook = await vscode.workspace.openNotebookDocument(workspaceFile('two-layer.ipynb'));
    await vscode.window.showNotebookDocument(notebook);
  });

  test('the wrong claim\'s diagnostic is on its own cell, and the definitions it reads are two cells up', async () => {
    assert.equal(notebook.notebookType, 'jupyter-notebook');
    const { Markup, Code } = vscode.NotebookCellKind;
    assert.deepEqual(notebook.getCells().map((c) => c.kind), [Markup, Code, Markup, Code, Markup]);
    const cell = notebook.cellAt(4);
    const diagnostics = await diagnosticsWhere(cell.document.uri, (ds) => ds.length > 0);
    assert.deepEqual(diagnostics.map(codeOf), ['sign-error']);
    assert.equal(cell.document.getText(diagnostics[0].range), WRONG_RIGHT_SIDE);
    // Its verified neighbours in cells 3 and 5 could only verify with cell 1's definitions.
    for (const index of [0, 1, 2, 3]) assert.deepEqual(gradcheckDiagnostics(notebook.cellAt(index).document.uri), [], `cell ${index + 1}`);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', notebook.cellAt(2).document.uri, new vscode.Position(3, 5));
    assert.match(hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n'), /∂L\/∂w_2 · \*\*verified\*\*/);
  });

  test('the quick fix edits that cell, and the finding goes away', async () => {
    const cell = notebook.cellAt(4);
    const [diagnostic] = gradcheckDiagnostics(cell.document.uri);
    // A Markdown cell shows its rendering until edited; the workbench asks code actions of the
    // text model an edited cell has, as the light bulb does.
    await vscode.window.showNotebookDocument(notebook, { selections: [new vscode.NotebookRange(4, 5)] });
    await vscode.commands.executeCommand('notebook.cell.edit');
    let actions: vscode.CodeAction[] = [];
    for (const deadline = Date.now() + 10_000; actions.length === 0 && Date.now() < deadline;) {
      actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', cell.document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
      if (actions.length === 0) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const preferred = actions.find((a) => a.isPreferred);
    assert.ok(preferred?.edit, actions.map((a) => a.title).join('; '));
    assert.deepEqual(preferred.edit.entries().map(([uri]) => uri.toString()), [cell.document.uri.toString()]);
    assert.ok(await vscode.workspace.applyEdit(preferred.edit));
    await diagnosticsWhere(cell.document.uri, (ds) => ds.length === 0);
    assert.ok(!cell.document.getText().includes(WRONG_RIGHT_SIDE));
  });
});
