/** Worker thread of the fuzzer: checks each document it is sent and says how it went. */
import { parentPort } from 'node:worker_threads';
import { checkDocument } from '../../src/core/check';
import { INTERNAL_PROBLEM } from '../../src/core/check/internal-problem';
import type { DocumentKind } from '../../src/core/source/extract';

export interface CheckJob {
  id: number;
  text: string;
  kind: DocumentKind;
}

/** Sent when a check starts: the time limit runs from here, not from the worker's start-up. */
export interface CheckStarted {
  id: number;
  started: true;
}

export interface CheckOutcome {
  id: number;
  started?: undefined;
  /** The exception out of checkDocument, or the internal problem a finding reports. */
  internal?: string;
  ms: number;
}

const port = parentPort;
if (!port) throw new Error('the fuzz check worker runs in a worker thread');

port.on('message', ({ id, text, kind }: CheckJob) => {
  const started: CheckStarted = { id, started: true };
  port.postMessage(started);
  const start = performance.now();
  let internal: string | undefined;
  try {
    const report = checkDocument(text, { kind });
    internal = report.diagnostics.find((d) => d.message.includes(INTERNAL_PROBLEM))?.message;
  } catch (error) {
    internal = error instanceof Error ? error.stack ?? error.message : String(error);
  }
  const outcome: CheckOutcome = { id, internal, ms: performance.now() - start };
  port.postMessage(outcome);
});
