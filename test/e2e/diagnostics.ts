/** What the editor suites share: the workspace's files and gradcheck's diagnostics on them. */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';

export function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the runner opens a workspace folder');
  return vscode.Uri.joinPath(folder.uri, name);
}

export function gradcheckDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'gradcheck');
}

export const codeOf = (d: vscode.Diagnostic): string => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));

/** Resolves when `accept` holds for the document's diagnostics (checked now and on each change). */
export function diagnosticsWhere(uri: vscode.Uri, accept: (ds: vscode.Diagnostic[]) => boolean, timeoutMs = 20_000): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const done = (): boolean => {
      const ds = gradcheckDiagnostics(uri);
      if (!accept(ds)) return false;
      clearTimeout(timer);
      listener.dispose();
      resolve(ds);
      return true;
    };
    const timer = setTimeout(() => { listener.dispose(); reject(new Error(`diagnostics never matched; last: ${gradcheckDiagnostics(uri).map(codeOf).join(', ')}`)); }, timeoutMs);
    const listener = vscode.languages.onDidChangeDiagnostics((e) => { if (e.uris.some((u) => u.toString() === uri.toString())) done(); });
    done();
  });
}
