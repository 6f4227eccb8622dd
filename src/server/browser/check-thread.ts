/** The checker's worker in the browser: a web worker started from the bundled check worker's text. */
import CHECK_WORKER_SOURCE from 'gradcheck:check-worker-source';
import type { CheckResponse, StartCheckThread } from '../check-runner';

let workerUrl: string | undefined;

export const webCheckThreads: StartCheckThread = (events) => {
  // A blob has the server worker's own origin, wherever the extension's files are served from.
  workerUrl ??= URL.createObjectURL(new Blob([CHECK_WORKER_SOURCE], { type: 'text/javascript' }));
  const worker = new Worker(workerUrl, { name: 'gradcheck check' });
  worker.onmessage = (event: MessageEvent<CheckResponse>) => events.message(event.data);
  worker.onerror = (event) => {
    event.preventDefault();
    events.failed(event.message || 'the checker failed to start');
  };
  worker.onmessageerror = () => events.failed('the checker sent a report that could not be read');
  return { post: (request) => worker.postMessage(request), terminate: () => worker.terminate() };
};
