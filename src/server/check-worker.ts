/** Worker thread entry: checks one document per message; an exception becomes an error reply. */
import { parentPort } from 'node:worker_threads';
import { checkWithSettings } from '../config';
import type { CheckRequest, CheckResponse } from './check-runner';

const port = parentPort;
if (!port) throw new Error('check-worker must run in a worker thread');

port.on('message', ({ id, text, options }: CheckRequest) => {
  let response: CheckResponse;
  try {
    response = { id, report: checkWithSettings(text, options) };
  } catch (error) {
    response = { id, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(response);
});
