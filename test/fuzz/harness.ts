/**
 * Runs mutated documents through checkDocument in worker threads, each with a time limit: an
 * exception or an internal problem is a failure, and so is a check that outlives its limit (the
 * worker is ended and a new one takes the next document).
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DocumentKind } from '../../src/core/source/extract';
import type { FuzzDocument } from './corpus';
import type { CheckJob, CheckOutcome, CheckStarted } from './check-worker';
import { mutate } from './mutate';

export interface FuzzCase {
  name: string;
  text: string;
  kind: DocumentKind;
}

export interface FuzzFailure extends FuzzCase {
  problem: 'internal' | 'hang';
  message: string;
}

export interface FuzzResult {
  documents: number;
  failures: FuzzFailure[];
  ms: number;
  slowest: { name: string; ms: number };
}

/** `count` mutants of the documents, round robin, each from its own seed. */
export function* mutants(documents: FuzzDocument[], count: number, seed: number): Generator<FuzzCase> {
  for (let i = 0; i < count; i++) {
    const doc = documents[i % documents.length];
    const caseSeed = (seed * 1_000_003 + i) >>> 0;
    yield { name: `${doc.name} (mutation seed ${caseSeed})`, text: mutate(doc.text, doc.kind, caseSeed), kind: doc.kind };
  }
}

const WORKER = join(__dirname, 'check-worker.js');

/** One worker checking one document at a time, ended when a check outlives the limit. */
class Lane {
  private worker = new Worker(WORKER);

  constructor(private readonly timeoutMs: number) {}

  check(job: CheckJob): Promise<CheckOutcome | 'hang'> {
    return new Promise((resolve) => {
      const worker = this.worker;
      let timer: NodeJS.Timeout | undefined;
      const onMessage = (message: CheckOutcome | CheckStarted): void => {
        if (message.started) {
          timer = setTimeout(() => {
            worker.off('message', onMessage);
            void worker.terminate();
            this.worker = new Worker(WORKER);
            resolve('hang');
          }, this.timeoutMs);
          return;
        }
        clearTimeout(timer);
        worker.off('message', onMessage);
        resolve(message);
      };
      worker.on('message', onMessage);
      worker.postMessage(job);
    });
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }
}

export async function runFuzz(cases: Iterable<FuzzCase>, options: { timeoutMs: number; workers: number; onProgress?: (done: number) => void }): Promise<FuzzResult> {
  const start = performance.now();
  const failures: FuzzFailure[] = [];
  let slowest = { name: '', ms: 0 };
  let documents = 0;
  const iterator = cases[Symbol.iterator]();
  const lanes = Array.from({ length: Math.max(1, options.workers) }, () => new Lane(options.timeoutMs));
  // Each lane takes the next case when it is free: the iterator is shared, not split up front.
  await Promise.all(lanes.map(async (lane) => {
    for (let next = iterator.next(); !next.done; next = iterator.next()) {
      const fuzzCase = next.value;
      const outcome = await lane.check({ id: documents, text: fuzzCase.text, kind: fuzzCase.kind });
      documents++;
      options.onProgress?.(documents);
      if (outcome === 'hang') {
        failures.push({ ...fuzzCase, problem: 'hang', message: `no result within ${options.timeoutMs} ms` });
        continue;
      }
      if (outcome.ms > slowest.ms) slowest = { name: fuzzCase.name, ms: outcome.ms };
      if (outcome.internal !== undefined) failures.push({ ...fuzzCase, problem: 'internal', message: outcome.internal });
    }
    await lane.close();
  }));
  return { documents, failures, ms: performance.now() - start, slowest };
}
