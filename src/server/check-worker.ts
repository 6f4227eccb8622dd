/** Worker thread entry (Node): checks one document per message. */
import { parentPort } from 'node:worker_threads';
import { answerCheck } from './check-answer';
import type { CheckRequest } from './check-runner';

const port = parentPort;
if (!port) throw new Error('check-worker must run in a worker thread');

port.on('message', (request: CheckRequest) => port.postMessage(answerCheck(request)));
