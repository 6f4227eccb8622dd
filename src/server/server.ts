/**
 * The language server in Node (stdio, IPC or a socket, as the client asks): checks run in a
 * worker thread, rc files are read from the disk.
 */
import { join } from 'node:path';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { nodeCheckThreads } from './node/check-thread';
import { diskRcFiles } from './node/rc-files';
import { serve } from './serve';

const connection = createConnection(ProposedFeatures.all);

// A bug in a handler must cost one answer, not every open document's diagnostics.
process.on('uncaughtException', (error) => connection.console.error(`gradcheck: ${error.stack ?? error.message}`));

serve(connection, { checkThreads: nodeCheckThreads(join(__dirname, 'check-worker.js')), rcFiles: diskRcFiles });
