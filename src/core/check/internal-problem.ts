/** What a finding says when the checker itself failed on part of a document; the fuzz tests look for it. */
export const INTERNAL_PROBLEM = 'an internal problem prevented the check';

/** An exception's message. */
export function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Why a claim could not be evaluated: what the exception says about the document (a function it
 * does not define, shapes that do not fit), or, for a programming error (a TypeError, a stack
 * overflow), that the checker failed.
 */
export function evaluationProblem(error: unknown): string {
  const internal = error instanceof TypeError || error instanceof RangeError || error instanceof ReferenceError;
  return internal ? `${INTERNAL_PROBLEM} (${reason(error)})` : reason(error);
}
