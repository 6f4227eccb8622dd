/** Which documents the report panel shows, and how it names and finds them. */
import * as vscode from 'vscode';

/** Documents of the languages the user has the checker on for (the setting the server reads too). */
export function isDerivation(document: vscode.TextDocument): boolean {
  const languages = vscode.workspace.getConfiguration('gradcheck', document).get<unknown>('enabledLanguages');
  return Array.isArray(languages) && languages.includes(document.languageId);
}

/** The file name; a notebook cell is named after its notebook. */
export function displayName(document: vscode.TextDocument): string {
  const name = document.uri.path.split('/').pop() || document.uri.toString();
  return document.uri.scheme === 'vscode-notebook-cell' ? `${name} (cell)` : name;
}

export function openDocument(uri: string): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
}

export function spanRange(document: vscode.TextDocument, span: { start: number; end: number }): vscode.Range {
  return new vscode.Range(document.positionAt(span.start), document.positionAt(span.end));
}
