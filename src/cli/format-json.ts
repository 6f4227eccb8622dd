import type { ClaimStatus, FindingCode, Report, Severity } from '../core/report';
import type { CheckedFile } from './checked-file';

/** The `--format json` contract (DESIGN.md section 5); changing a field name breaks its users. */
export interface JsonOutput {
  version: 1;
  files: JsonFile[];
}

export interface JsonFile {
  file: string;
  claims: JsonClaim[];
  diagnostics: JsonDiagnostic[];
  /** Valid LaTeX not read (not a derivation, or notation gradcheck does not know). */
  unread: JsonUnread[];
}

export interface JsonUnread {
  line: number;
  column: number;
  reason: string;
}

export interface JsonClaim {
  line: number;
  column: number;
  derivative?: { of: string; wrt: string };
  expression: string;
  status: ClaimStatus;
  codes: FindingCode[];
  suggestion?: string;
  /** Conditions the check assumed (one-hot targets); absent when none. */
  conditions?: string[];
}

export interface JsonDiagnostic {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  code: FindingCode;
  message: string;
}

export function toJsonOutput(files: readonly CheckedFile[]): JsonOutput {
  return { version: 1, files: files.map(({ file, report }) => ({ file, ...jsonFindings(report) })) };
}

/** Exactly one JSON object, whatever the number of files. */
export function formatJson(files: readonly CheckedFile[]): string {
  return `${JSON.stringify(toJsonOutput(files), null, 2)}\n`;
}

function jsonFindings(report: Report): Omit<JsonFile, 'file'> {
  const claims = report.claims.map((claim): JsonClaim => ({
    line: claim.range.start.line,
    column: claim.range.start.column,
    ...(claim.derivative && { derivative: { of: claim.derivative.of, wrt: claim.derivative.wrt } }),
    expression: claim.expression,
    status: claim.status,
    codes: [...claim.codes],
    ...(claim.suggestion !== undefined && { suggestion: claim.suggestion }),
    ...(claim.conditions && { conditions: claim.conditions }),
  }));
  const diagnostics = report.diagnostics.map((diagnostic): JsonDiagnostic => ({
    line: diagnostic.range.start.line,
    column: diagnostic.range.start.column,
    endLine: diagnostic.range.end.line,
    endColumn: diagnostic.range.end.column,
    severity: diagnostic.severity,
    code: diagnostic.code,
    message: diagnostic.message,
  }));
  const unread = report.unread.map((u): JsonUnread => ({ line: u.range.start.line, column: u.range.start.column, reason: u.reason }));
  return { claims, diagnostics, unread };
}
