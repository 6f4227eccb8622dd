/** rc files in the browser: the web worker has no file system, so the client reads them. */
import type { Connection } from 'vscode-languageserver';
import { NO_RC_FILE, parseRcText } from '../../config/rc-text';
import { RC_FILE_REQUEST, type RcFileParams, type RcFileResult } from '../protocol';
import type { RcFiles } from '../settings';

/** The folder URI of a document's URI, ending in `/`; none for a document that has no folder (untitled). */
export function folderUriOf(uri: string): string | undefined {
  const bare = uri.replace(/[?#].*$/, '');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(bare)?.[1];
  // A cell's settings are its notebook's, which the server looks up by the notebook's URI.
  if (scheme === undefined || scheme === 'untitled' || scheme === 'vscode-notebook-cell') return undefined;
  const slash = bare.lastIndexOf('/');
  return slash > scheme.length ? bare.slice(0, slash + 1) : undefined;
}

export function clientRcFiles(connection: Connection): RcFiles {
  return {
    folderOf: folderUriOf,
    load: async (folder) => {
      const found = await connection.sendRequest<RcFileResult>(RC_FILE_REQUEST, { folder } satisfies RcFileParams);
      return found ? parseRcText(found.uri, found.text) : NO_RC_FILE;
    },
  };
}
