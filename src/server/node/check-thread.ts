/** The checker's worker in Node: a worker thread running out/server/check-worker.js. */
import { Worker } from 'node:worker_threads';
import type { StartCheckThread } from '../check-runner';

// The checker's own limits keep memory small; this only stops a runaway from taking the machine.
const MEMORY_LIMIT_MB = 1024;

export function nodeCheckThreads(workerPath: string): StartCheckThread {
  return (events) => {
    const worker = new Worker(workerPath, { resourceLimits: { maxOldGenerationSizeMb: MEMORY_LIMIT_MB } });
    worker.on('message', events.message);
    worker.on('error', (error) => events.failed(error.message));
    worker.on('exit', (code) => events.failed(`the checker stopped (exit code ${code})`));
    // A worker waiting for work must not keep a server that is shutting down alive.
    worker.unref();
    return { post: (request) => worker.postMessage(request), terminate: () => void worker.terminate() };
  };
}
