/** What a check worker does with one request, in Node and in the browser alike. */
import { checkWithSettings } from '../config/check';
import type { CheckRequest, CheckResponse } from './check-runner';

/** Checks one document; an exception becomes an error reply, never a dead worker. */
export function answerCheck({ id, text, options }: CheckRequest): CheckResponse {
  try {
    return { id, report: checkWithSettings(text, options) };
  } catch (error) {
    return { id, error: error instanceof Error ? error.message : String(error) };
  }
}
