/**
 * Runs the checker in a worker (a Node worker thread, or a web worker in the browser), one
 * document at a time, so a pathological document can neither block the server's message loop
 * nor hang it: past the time limit the worker is replaced and the document gets one diagnostic
 * saying so. Any failure becomes a report. A check still waiting when a newer one of the same
 * document comes is dropped: its result would be stale before it was made.
 */
import type { ConfiguredCheckOptions } from '../config/check';
import { type Report, uncheckedDocumentReport } from '../core/report';

export interface CheckRequest {
  id: number;
  text: string;
  options: ConfiguredCheckOptions;
}

export type CheckResponse = { id: number; report: Report } | { id: number; error: string };

/** What the runner hears from a worker it started. */
export interface CheckThreadEvents {
  message(response: CheckResponse): void;
  /** The worker died or cannot run; `reason` is for people. */
  failed(reason: string): void;
}

/** A worker that checks: each host starts it its own way (see node/ and browser/). */
export interface CheckThread {
  post(request: CheckRequest): void;
  terminate(): void;
}

export type StartCheckThread = (events: CheckThreadEvents) => CheckThread;

interface Job {
  request: CheckRequest;
  /** Undefined when a newer check of the same document replaced this one before it ran. */
  resolve: (report: Report | undefined) => void;
}

/** A report whose only finding is that the document could not be checked. */
export function failureReport(reason: string): Report {
  return uncheckedDocumentReport('warning', `gradcheck could not check this document: ${reason}`);
}

export class CheckRunner {
  private thread: CheckThread | undefined;
  private readonly queue: Job[] = [];
  private current: { job: Job; timer: ReturnType<typeof setTimeout> } | undefined;
  private nextId = 1;

  constructor(
    private readonly startThread: StartCheckThread,
    private readonly timeoutMs: number,
  ) {}

  /** The report of `text`, or undefined when a newer check of the same document (`options.fileName`) replaced this one. */
  check(text: string, options: ConfiguredCheckOptions): Promise<Report | undefined> {
    return new Promise((resolve) => {
      const stale = options.fileName === undefined ? -1 : this.queue.findIndex((job) => job.request.options.fileName === options.fileName);
      if (stale >= 0) this.queue.splice(stale, 1)[0].resolve(undefined);
      this.queue.push({ request: { id: this.nextId++, text, options }, resolve });
      this.pump();
    });
  }

  dispose(): void {
    this.thread?.terminate();
    this.thread = undefined;
  }

  private pump(): void {
    if (this.current) return;
    const job = this.queue.shift();
    if (!job) return;
    const timer = setTimeout(() => this.fail(`checking took longer than ${this.timeoutMs / 1000} s and was stopped`), this.timeoutMs);
    this.current = { job, timer };
    this.ensureThread().post(job.request);
  }

  private ensureThread(): CheckThread {
    if (this.thread) return this.thread;
    const thread: CheckThread = this.startThread({
      message: (response) => {
        if (this.thread !== thread || response.id !== this.current?.job.request.id) return;
        this.finish('report' in response ? response.report : failureReport(response.error));
      },
      failed: (reason) => { if (this.thread === thread) this.fail(reason); },
    });
    this.thread = thread;
    return thread;
  }

  private fail(reason: string): void {
    const thread = this.thread;
    this.thread = undefined;
    thread?.terminate();
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
