/**
 * What a new user meets: the example derivation (the question this project began with) opened
 * as an untitled document, so a finding shows within a minute of installing, and the
 * `gradcheck:` comment that tells the checker the roles it cannot guess. The Getting Started
 * walkthrough (contributes.walkthroughs) leads through both.
 */
import * as vscode from 'vscode';

/** Untitled, so nothing is saved over and the extension's own copy stays as shipped. */
async function openExample(extensionUri: vscode.Uri): Promise<vscode.TextEditor> {
  const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'examples', 'question.md'));
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: new TextDecoder().decode(bytes) });
  return vscode.window.showTextDocument(document);
}

/** The comment at the top of the document, its names as placeholders to type over. */
async function insertRolesComment(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('gradcheck: open a Markdown or LaTeX derivation first.');
    return;
  }
  const roles = 'params ${1:w_1 w_2 b}; data ${2:x y}; constants ${3:alpha}; loss ${4:L}';
  const comment = editor.document.languageId === 'markdown' ? `<!-- gradcheck: ${roles} -->\n` : `% gradcheck: ${roles}\n`;
  await editor.insertSnippet(new vscode.SnippetString(comment), new vscode.Position(0, 0));
}

export function registerFirstRun(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('gradcheck.openExample', () => openExample(context.extensionUri)),
    vscode.commands.registerCommand('gradcheck.insertRolesComment', insertRolesComment),
  );
}
