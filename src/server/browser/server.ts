/**
 * The language server in a web worker (VS Code for the Web: vscode.dev, github.dev, code-server's
 * web worker extension host): the same server as in Node, talking to the client by messages,
 * its checks in a nested web worker, rc files read by the client.
 */
import { BrowserMessageReader, BrowserMessageWriter, createConnection, ProposedFeatures } from 'vscode-languageserver/browser';
import { serve } from '../serve';
import { webCheckThreads } from './check-thread';
import { clientRcFiles } from './rc-files';

const connection = createConnection(ProposedFeatures.all, new BrowserMessageReader(self), new BrowserMessageWriter(self));

serve(connection, { checkThreads: webCheckThreads, rcFiles: clientRcFiles(connection) });
