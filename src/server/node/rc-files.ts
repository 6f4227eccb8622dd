/** rc files in Node: read from the disk, in the document's folder or above it. */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRcFor } from '../../config/rc-file';
import type { RcFiles } from '../settings';

/** The folder whose rc file applies: a file's folder, or a notebook's for its cells. */
export function directoryOf(uri: string): string | undefined {
  try {
    const url = new URL(uri);
    if (url.protocol !== 'file:' && url.protocol !== 'vscode-notebook-cell:') return undefined;
    url.protocol = 'file:';
    url.hash = '';
    return dirname(fileURLToPath(url));
  } catch {
    return undefined;
  }
}

export const diskRcFiles: RcFiles = {
  folderOf: directoryOf,
  load: (folder) => Promise.resolve(loadRcFor(folder)),
};
