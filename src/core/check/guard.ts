import type { ClaimStatus } from '../report';
import { GraphError } from '../engine/graph';
import type { PreparedClaim } from './claims';
import { type ClaimDiagnosis, claimTitle, type diagnoseClaim, type DiagnoseContext, derivativeNames } from './diagnose';
import type { Finding } from './finding';
import { INTERNAL_PROBLEM, reason } from './internal-problem';

/**
 * A failure of the checker on one part of a document (a claim's diagnosis, one document-level
 * check) costs that part alone: it becomes a quiet `unchecked` finding saying so, and the rest of
 * the document is reported as usual.
 */

/** A claim's diagnosis; one that throws leaves the claim unchecked, with the reason. */
export function diagnoseSafely(diagnose: typeof diagnoseClaim, claim: PreparedClaim, status: ClaimStatus, ctx: DiagnoseContext): ClaimDiagnosis {
  try {
    return diagnose(claim, status, ctx);
  } catch (error) {
    const message = `${INTERNAL_PROBLEM} (${reason(error)})`;
    return {
      status: 'unchecked',
      derivative: derivativeNames(claim, ctx.text, ctx.graph.derivation.aliases),
      explanation: `Not checked: ${message}.`,
      findings: [{ code: 'unchecked', message: `${claimTitle(claim, ctx.text)} is not checked: ${message}`, span: claim.model.leftSpan }],
      codes: [],
    };
  }
}

/** Why a definition has no reference value: what the engine says, or that the engine failed. */
export function definitionProblem(error: unknown): string {
  return error instanceof GraphError ? error.message : `${INTERNAL_PROBLEM} (${reason(error)})`;
}

/** One document-level check, by what it looks for. */
export interface DocumentCheck<C> {
  name: string;
  find(ctx: C): Finding[];
}

/** Runs each check; one that throws gives one finding saying which check is missing, at the top. */
export function runChecks<C>(checks: ReadonlyArray<DocumentCheck<C>>, ctx: C): Finding[] {
  return checks.flatMap((check) => {
    try {
      return check.find(ctx);
    } catch (error) {
      return [{ code: 'unchecked', message: `${INTERNAL_PROBLEM} of ${check.name} (${reason(error)})`, span: { start: 0, end: 0 } }];
    }
  });
}
