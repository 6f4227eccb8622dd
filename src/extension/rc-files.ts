/**
 * Finds a document's `.gradcheckrc.json` for a language server that has no file system of its
 * own (the web worker one): through `vscode.workspace.fs`, so github.dev's virtual file system
 * and code-server's remote one work alike.
 */
import * as vscode from 'vscode';
import { RC_FILE_NAME } from '../config/rc-text';
import type { RcFileParams, RcFileResult } from '../server/protocol';

async function readIfFile(uri: vscode.Uri): Promise<string | undefined> {
  try {
    if (((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.File) === 0) return undefined;
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

/**
 * The nearest rc file in `folder` or above it, up to the root of its workspace folder: above
 * that, a virtual file system is someone else's repository (or a network request per folder).
 */
export async function findRcFile({ folder }: RcFileParams): Promise<RcFileResult> {
  const start = vscode.Uri.parse(folder);
  const root = vscode.workspace.getWorkspaceFolder(start)?.uri;
  for (let dir = start; ;) {
    const candidate = vscode.Uri.joinPath(dir, RC_FILE_NAME);
    const text = await readIfFile(candidate);
    if (text !== undefined) return { uri: candidate.toString(), text };
    const parent = vscode.Uri.joinPath(dir, '..');
    if (!root || parent.path === dir.path || !parent.path.startsWith(root.path)) return null;
    dir = parent;
  }
}
