import type { Diagnostic, FindingCode, Severity, Span } from '../report';
import type { LineIndex } from '../source/lines';

/** A finding before it is placed in lines and columns. */
export interface Finding {
  code: FindingCode;
  message: string;
  span: Span;
  related?: Array<{ span: Span; message: string }>;
  fixes?: Array<{ title: string; edits: Array<{ span: Span; newText: string }>; preferred: boolean }>;
  claim?: number;
}

/**
 * A mismatch is an error, except a missing sum and a shared parameter (DESIGN.md section 5).
 * What was not checked is a hint, never a squiggle: a squiggle means something checked is wrong.
 */
export const DEFAULT_SEVERITY: Record<FindingCode, Severity> = {
  'missing-summation': 'warning',
  'sign-error': 'error',
  'constant-factor': 'error',
  'missing-path': 'error',
  'wrong-factor': 'error',
  'gradient-mismatch': 'error',
  'shared-parameter': 'warning',
  'missing-gradient': 'warning',
  'update-sign': 'error',
  'undefined-symbol': 'warning',
  'parse-error': 'error',
  unchecked: 'hint',
  'shape-mismatch': 'error',
  'missing-transpose': 'error',
  'elementwise-vs-matrix': 'error',
  'index-mismatch': 'error',
  unread: 'hint',
};

export function toDiagnostic(finding: Finding, lines: LineIndex): Diagnostic {
  return {
    code: finding.code,
    severity: DEFAULT_SEVERITY[finding.code],
    message: finding.message,
    span: finding.span,
    range: lines.range(finding.span),
    related: (finding.related ?? []).map((r) => ({ ...r, range: lines.range(r.span) })),
    fixes: (finding.fixes ?? []).map((fix) => ({
      title: fix.title,
      preferred: fix.preferred,
      edits: fix.edits.map((e) => ({ ...e, range: lines.range(e.span) })),
    })),
    claim: finding.claim,
  };
}
