/** Report -> LSP shapes: positions, diagnostics. Core's ranges are 1-based; LSP's are 0-based. */
import {
  type Diagnostic as LspDiagnostic,
  DiagnosticSeverity,
  type Position as LspPosition,
  type Range as LspRange,
} from 'vscode-languageserver/node';
import type { Diagnostic, FindingCode, Position, Range, Severity } from '../core/report';
import type { Placement } from './placement';

export const SOURCE = 'gradcheck';

// Each code has a README heading of the same name (as the CLI's SARIF help links do).
export function codeHref(code: FindingCode): string {
  return `https://github.com/gradcheck/gradcheck/blob/main/README.md#${code}`;
}

export function toPosition(position: Position): LspPosition {
  return { line: position.line - 1, character: position.column - 1 };
}

export function toRange(range: Range): LspRange {
  return { start: toPosition(range.start), end: toPosition(range.end) };
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The diagnostic as shown in the document `placement` puts it in (the related places may lie elsewhere). */
export function toLspDiagnostic(diagnostic: Diagnostic, placement: Placement): LspDiagnostic {
  return {
    range: placement.locate(diagnostic.span, diagnostic.range).range,
    severity: SEVERITY[diagnostic.severity],
    code: diagnostic.code,
    codeDescription: { href: codeHref(diagnostic.code) },
    source: SOURCE,
    message: diagnostic.message,
    relatedInformation: diagnostic.related.map((r) => ({ location: placement.locate(r.span, r.range), message: r.message })),
  };
}

function before(a: LspPosition, b: LspPosition): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** Ranges that share a point count as overlapping, so a cursor at a squiggle's end still finds it. */
export function rangesTouch(a: LspRange, b: LspRange): boolean {
  return !before(a.end, b.start) && !before(b.end, a.start);
}

export function containsPosition(range: LspRange, position: LspPosition): boolean {
  return !before(position, range.start) && !before(range.end, position);
}
