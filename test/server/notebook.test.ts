/** A Jupyter notebook over LSP 3.17 notebook sync: one derivation across its Markdown cells. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CodeAction, Hover, TextDocumentEdit } from 'vscode-languageserver/node';
import type { Report } from '../../src/core/report';
import { readNotebook } from '../../src/core/source/notebook';
import { applyWorkspaceEdit, LspSession, ROOT, textAt } from './lsp-session';

const read = readNotebook(readFileSync(join(ROOT, 'test', 'fixtures', 'notebooks', 'two-layer.ipynb'), 'utf8'));
assert.ok(read.ok);
const FIXTURE = read.cells;

interface Cell {
  uri: string;
  language: 'markdown' | 'python';
  text: string;
}

function cellsOf(notebookUri: string, cells: ReadonlyArray<{ kind: string; source: string }>): Cell[] {
  // Cell URIs as VS Code makes them: the notebook's path, one fragment per cell.
  const path = new URL(notebookUri).pathname;
  return cells.map((cell, index) => ({ uri: `vscode-notebook-cell:${path}#W${index}sZmlsZQ%3D%3D`, language: cell.kind === 'markdown' ? 'markdown' : 'python', text: cell.source }));
}

describe('notebooks over stdio', () => {
  let session: LspSession;
  before(async () => { session = await LspSession.start(); });
  after(async () => { await session.close(); });

  test('the server asks for Jupyter notebooks\' Markdown cells', () => {
    assert.deepEqual(session.capabilities.notebookDocumentSync, {
      notebookSelector: [{ notebook: { notebookType: 'jupyter-notebook' }, cells: [{ language: 'markdown' }] }],
    });
  });

  test('diagnostics go to the cell of the wrong claim; the cells before it define what it reads', async () => {
    const notebook = 'file:///nb/diagnostics.ipynb';
    const cells = cellsOf(notebook, FIXTURE);
    session.openNotebook(notebook, cells);
    const wrong = await session.waitForPublish(cells[4].uri);
    assert.deepEqual(wrong.diagnostics.map((d) => d.code), ['sign-error']);
    assert.equal(wrong.version, 1);
    assert.equal(textAt(cells[4].text, wrong.diagnostics[0].range), '(y - \\hat{y})\\, w_2\\, h(1 - h)');
    for (const index of [0, 2]) assert.deepEqual((await session.waitForPublish(cells[index].uri)).diagnostics, []);
    assert.ok(!session.publishes.some((p) => p.uri === cells[1].uri || p.uri === notebook), 'nothing on code cells or the notebook itself');

    // Hover in cell 3: its claim verified, with the definitions of cell 1.
    const hover = await session.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: cells[2].uri }, position: { line: 3, character: 5 } });
    assert.match((hover?.contents as { value: string }).value, /∂L\/∂w_2 · \*\*verified\*\*/);
    assert.equal(hover?.range?.start.line, 3);
    assert.equal(await session.connection.sendRequest('textDocument/hover', { textDocument: { uri: cells[4].uri }, position: { line: 3, character: 5 } }), null);

    // CodeLens above each block of a cell, counting that block's claims.
    const lenses = await session.connection.sendRequest<Array<{ range: { start: { line: number } }; command: { title: string } }>>('textDocument/codeLens', { textDocument: { uri: cells[4].uri } });
    assert.deepEqual(lenses.map((l) => [l.range.start.line, l.command.title]), [[4, '1 verified · 0 mismatch'], [8, '0 verified · 1 mismatch']]);
  });

  test('the report of a cell: its claims and findings, with offsets into its own text', async () => {
    const notebook = 'file:///nb/report.ipynb';
    const cells = cellsOf(notebook, FIXTURE);
    session.openNotebook(notebook, cells);
    await session.waitForPublish(cells[4].uri);
    const report = await session.connection.sendRequest<Report | null>('gradcheck/report', { uri: cells[4].uri });
    assert.ok(report);
    assert.deepEqual(report.claims.map((c) => [c.derivative?.wrt, c.status, c.range.start.line, c.block]), [['w_1', 'verified', 6, 1], ['b_1', 'mismatch', 10, 2]]);
    assert.equal(report.blocks.length, 3, '$w_2$ and the two displays');
    const [finding] = report.diagnostics;
    assert.equal(finding.claim, 1);
    assert.equal(cells[4].text.slice(finding.span.start, finding.span.end), '(y - \\hat{y})\\, w_2\\, h(1 - h)');
    const [edit] = finding.fixes.find((f) => f.preferred)!.edits;
    assert.equal(cells[4].text.slice(edit.span.start, edit.span.end), '(y - \\hat{y})\\, w_2\\, h(1 - h)');
    const first = await session.connection.sendRequest<Report | null>('gradcheck/report', { uri: cells[0].uri });
    assert.deepEqual([first?.claims.length, first?.diagnostics.length], [0, 0]);
  });

  test('the quick fix edits the cell of the finding, at its version, and the finding goes away', async () => {
    const notebook = 'file:///nb/quickfix.ipynb';
    const cells = cellsOf(notebook, FIXTURE);
    session.openNotebook(notebook, cells);
    const { diagnostics } = await session.waitForPublish(cells[4].uri);
    const actions = await session.codeActions(cells[4].uri, diagnostics[0], ['quickfix']);
    const [fix] = actions.filter((a) => a.isPreferred);
    assert.deepEqual(fix.edit?.documentChanges?.map((c) => (c as TextDocumentEdit).textDocument), [{ uri: cells[4].uri, version: 1 }]);
    const fixed = applyWorkspaceEdit(cells[4].text, cells[4].uri, fix.edit!);
    const since = session.publishes.length;
    session.changeCell(notebook, 2, cells[4].uri, 2, fixed);
    const after = await session.waitForPublish(cells[4].uri, (p) => p.version === 2, since);
    assert.deepEqual(after.diagnostics, []);
  });

  test('an edit in the first cell changes the findings of the last', async () => {
    const notebook = 'file:///nb/cross-cell.ipynb';
    const cells = cellsOf(notebook, FIXTURE);
    session.openNotebook(notebook, cells);
    await session.waitForPublish(cells[4].uri);
    const since = session.publishes.length;
    // A tanh unit: h(1 - h) in the last cell is now the wrong derivative.
    session.changeCell(notebook, 2, cells[0].uri, 2, cells[0].text.replace('\\sigma(z_1)', '\\tanh(z_1)'));
    const later = await session.waitForPublish(cells[4].uri, (p) => p.diagnostics.length === 2, since);
    assert.deepEqual(later.diagnostics.map((d) => d.range.start.line), [5, 9]);
    assert.equal(later.version, 1, 'the last cell itself did not change');
    assert.deepEqual((await session.waitForPublish(cells[0].uri, () => true, since)).diagnostics, []);
  });

  test('a fix that renames a shared bias edits both cells it appears in', async () => {
    const notebook = 'file:///nb/shared.ipynb';
    const cells = cellsOf(notebook, [
      { kind: 'markdown', source: 'Hidden layer: $$net_1 = xw_1 + b$$ $$h = \\sigma(net_1)$$' },
      { kind: 'code', source: 'print("not read")' },
      { kind: 'markdown', source: 'Output layer:\n\n$$net_2 = hw_2 + b$$\n$$\\hat{y} = \\sigma(net_2)$$\n$$L = \\frac{1}{2}(y - \\hat{y})^2$$' },
      { kind: 'markdown', source: '$$\\frac{\\partial L}{\\partial w_2} = (\\hat{y} - y)\\hat{y}(1 - \\hat{y}) h$$' },
    ]);
    session.openNotebook(notebook, cells);
    const shared = await session.waitForPublish(cells[2].uri, (p) => p.diagnostics.some((d) => d.code === 'shared-parameter'));
    const diagnostic = shared.diagnostics.find((d) => d.code === 'shared-parameter')!;
    assert.equal(textAt(cells[2].text, diagnostic.range), 'b');
    assert.deepEqual(diagnostic.relatedInformation?.map((r) => [r.location.uri, textAt(cells[0].text, r.location.range)]), [[cells[0].uri, 'b']]);
    const actions: CodeAction[] = await session.codeActions(cells[2].uri, diagnostic, ['quickfix']);
    const rename = actions.find((a) => a.diagnostics?.[0].code === 'shared-parameter' && a.isPreferred)!;
    const edited = rename.edit!.documentChanges!.map((c) => (c as TextDocumentEdit).textDocument.uri);
    assert.deepEqual(edited, [cells[0].uri, cells[2].uri]);
    assert.match(applyWorkspaceEdit(cells[0].text, cells[0].uri, rename.edit!), /net_1 = xw_1 \+ b_1\$\$/);
    assert.match(applyWorkspaceEdit(cells[2].text, cells[2].uri, rename.edit!), /net_2 = hw_2 \+ b_2\$\$/);
    // Asked about another cell, the finding is not offered there.
    assert.deepEqual(await session.codeActions(cells[0].uri, diagnostic, ['quickfix']), []);
  });

  test('closing the notebook clears its cells\' diagnostics', async () => {
    const notebook = 'file:///nb/close.ipynb';
    const cells = cellsOf(notebook, FIXTURE);
    session.openNotebook(notebook, cells);
    await session.waitForPublish(cells[4].uri, (p) => p.diagnostics.length > 0);
    const since = session.publishes.length;
    void session.connection.sendNotification('notebookDocument/didClose', { notebookDocument: { uri: notebook }, cellTextDocuments: cells.map((c) => ({ uri: c.uri })) });
    assert.deepEqual((await session.waitForPublish(cells[4].uri, () => true, since)).diagnostics, []);
  });
});
