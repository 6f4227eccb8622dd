/** What a check worker does with one request, in Node and in the browser alike. */
import { checkWithSettings } from '../config/check';
import { CheckMemory } from '../core/check/check-memory';
import type { CheckRequest, CheckResponse } from './check-runner';

/** Documents whose last check the worker remembers: the ones being edited, a few at a time. */
const REMEMBERED_DOCUMENTS = 16;
const memories = new Map<string, CheckMemory>();

/** The memory of a document's last check (a new one for a document not checked lately), most recent last. */
function memoryOf(document: string): CheckMemory {
  const memory = memories.get(document) ?? new CheckMemory();
  memories.delete(document);
  if (memories.size >= REMEMBERED_DOCUMENTS) memories.delete(memories.keys().next().value!);
  memories.set(document, memory);
  return memory;
}

/**
 * Checks one document, reusing what its last check evaluated (the report is the same as a full
 * check's); an exception becomes an error reply, never a dead worker.
 */
export function answerCheck({ id, text, options }: CheckRequest): CheckResponse {
  try {
    return { id, report: checkWithSettings(text, options, options.fileName === undefined ? undefined : memoryOf(options.fileName)) };
  } catch (error) {
    return { id, error: error instanceof Error ? error.message : String(error) };
  }
}
