/**
 * When each open document is checked: debounced per document, the latest version wins, and a
 * result is published only while it is still the latest for a document still open. The wait
 * follows the document: a check that takes a few milliseconds can follow every keystroke, a slow
 * one waits for a pause in the typing.
 */
import type { Report } from '../core/report';

/** What is checked: a text document, or a notebook's Markdown cells taken together. */
export interface Checkable {
  uri: string;
  version: number;
}

export interface DocumentChecksDeps<D extends Checkable> {
  /** The open documents as they are now; a document's version changes with each edit. */
  documents: { get(uri: string): D | undefined; all(): D[] };
  /** Resolves to undefined when the document's language is not enabled; never rejects. */
  check: (document: D) => Promise<Report | undefined>;
  /** Called with the document as it was checked, and only while that is still its version. */
  publish: (document: D, report: Report | undefined) => void;
  /** The longest wait after an edit (and the first one, before a document's check time is known). */
  delayMs: number;
}

/** The shortest wait after an edit: keystrokes typed together still make one check. */
export const MIN_DELAY_MS = 25;

interface Entry {
  version: number;
  report: Promise<Report | undefined>;
}

export class DocumentChecks<D extends Checkable> {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly latest = new Map<string, Entry>();
  /** How long each document's last check took. */
  private readonly lastMs = new Map<string, number>();

  constructor(private readonly deps: DocumentChecksDeps<D>) {}

  /** Checks after a quiet wait (three times the last check, within bounds); each new call restarts it. */
  schedule(uri: string, delayMs = this.delayFor(uri)): void {
    clearTimeout(this.timers.get(uri));
    this.timers.set(uri, setTimeout(() => {
      this.timers.delete(uri);
      const document = this.deps.documents.get(uri);
      if (document) void this.run(document);
    }, delayMs));
  }

  /** The report of the document's current version, checking now if there is none yet. */
  reportFor(uri: string): Promise<Report | undefined> {
    const document = this.deps.documents.get(uri);
    return document ? this.run(document) : Promise.resolve(undefined);
  }

  forget(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.latest.delete(uri);
    this.lastMs.delete(uri);
  }

  /** The wait before checking a document after an edit. */
  delayFor(uri: string): number {
    const last = this.lastMs.get(uri);
    return last === undefined ? this.deps.delayMs : Math.min(this.deps.delayMs, Math.max(MIN_DELAY_MS, 3 * last));
  }

  /** After a settings change every open document is stale, whatever its version. */
  recheckAll(): void {
    this.latest.clear();
    for (const document of this.deps.documents.all()) this.schedule(document.uri, 0);
  }

  private run(document: D): Promise<Report | undefined> {
    const { uri, version } = document;
    const known = this.latest.get(uri);
    if (known?.version === version) return known.report;
    const started = performance.now();
    const entry: Entry = {
      version,
      report: this.deps.check(document).then((report) => {
        this.lastMs.set(uri, performance.now() - started);
        if (this.latest.get(uri) === entry && this.deps.documents.get(uri)?.version === version) this.deps.publish(document, report);
        return report;
      }),
    };
    this.latest.set(uri, entry);
    return entry.report;
  }
}
