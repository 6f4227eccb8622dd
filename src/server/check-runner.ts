/**
 * Runs the checker in a worker thread, one document at a time, so a pathological document can
 * neither block the server's message loop nor hang it: past the time limit the worker is
 * replaced and the document gets one diagnostic saying so. Any failure becomes a report.
 */
import { Worker } from 'node:worker_threads';
import type { ConfiguredCheckOptions } from '../config';
import type { Report } from '../core/report';

export interface CheckRequest {
  id: number;
  text: string;
  options: ConfiguredCheckOptions;
}

export type CheckResponse = { id: number; report: Report } | { id: number; error: string };

interface Job {
  request: CheckRequest;
  resolve: (report: Report) => void;
}

/** A report whose only finding is that the document could not be checked. */
export function failureReport(reason: string): Report {
  const at = { line: 1, column: 1 };
  return {
    version: 1,
    claims: [],
    diagnostics: [{ code: 'unchecked', severity: 'warning', message: `gradcheck could not check this document: ${reason}`, span: { start: 0, end: 0 }, range: { start: at, end: at }, related: [], fixes: [] }],
    unread: [],
    graph: { nodes: [], edges: [] },
    blocks: [],
    examples: 1,
  };
}

export class CheckRunner {
  private worker: Worker | undefined;
  private readonly queue: Job[] = [];
  private current: { job: Job; timer: NodeJS.Timeout } | undefined;
  private nextId = 1;

  constructor(
    private readonly workerPath: string,
    private readonly timeoutMs: number,
    // The checker's own limits keep memory small; this only stops a runaway from taking the machine.
    private readonly memoryLimitMb = 1024,
  ) {}

  check(text: string, options: ConfiguredCheckOptions): Promise<Report> {
    return new Promise((resolve) => {
      this.queue.push({ request: { id: this.nextId++, text, options }, resolve });
      this.pump();
    });
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private pump(): void {
    if (this.current) return;
    const job = this.queue.shift();
    if (!job) return;
    const timer = setTimeout(() => this.fail(`checking took longer than ${this.timeoutMs / 1000} s and was stopped`), this.timeoutMs);
    this.current = { job, timer };
    this.ensureWorker().postMessage(job.request);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerPath, { resourceLimits: { maxOldGenerationSizeMb: this.memoryLimitMb } });
    worker.on('message', (response: CheckResponse) => {
      if (response.id !== this.current?.job.request.id) return;
      this.finish('report' in response ? response.report : failureReport(response.error));
    });
    worker.on('error', (error) => { if (this.worker === worker) this.fail(error.message); });
    worker.on('exit', (code) => { if (this.worker === worker) this.fail(`the checker stopped (exit code ${code})`); });
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private fail(reason: string): void {
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
    this.finish(failureReport(reason));
  }

  private finish(report: Report): void {
    if (!this.current) return;
    clearTimeout(this.current.timer);
    const { job } = this.current;
    this.current = undefined;
    job.resolve(report);
    this.pump();
  }
}
