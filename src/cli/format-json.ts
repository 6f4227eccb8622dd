import type { ClaimStatus, FindingCode, Severity } from '../core/report';
import type { CheckedFile } from './checked-file';
import { placeOf } from './places';

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
  /** In a notebook: the cell (1-based, all cells counted); line and column are then within it. */
  cell?: number;
  line: number;
  column: number;
  reason: string;
}

export interface JsonClaim {
  /** In a notebook: the cell (1-based, all cells counted); line and column are then within it. */
  cell?: number;
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
  /** In a notebook: the cell (1-based, all cells counted); lines and columns are then within it. */
  cell?: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  code: FindingCode;
  message: string;
}

export function toJsonOutput(files: readonly CheckedFile[]): JsonOutput {
  return { version: 1, files: files.map((checked) => ({ file: checked.file, ...jsonFindings(checked) })) };
}

/** Exactly one JSON object, whatever the number of files. */
export function formatJson(files: readonly CheckedFile[]): string {
  return `${JSON.stringify(toJsonOutput(files), null, 2)}\n`;
}

function jsonFindings(checked: CheckedFile): Omit<JsonFile, 'file'> {
  const { report } = checked;
  const claims = report.claims.map((claim): JsonClaim => {
    const { cell, start } = placeOf(checked, claim.span, claim.range);
    return {
      ...(cell !== undefined && { cell }),
      line: start.line,
      column: start.column,
      ...(claim.derivative && { derivative: { of: claim.derivative.of, wrt: claim.derivative.wrt } }),
      expression: claim.expression,
      status: claim.status,
      codes: [...claim.codes],
      ...(claim.suggestion !== undefined && { suggestion: claim.suggestion }),
      ...(claim.conditions && { conditions: claim.conditions }),
    };
  });
  const diagnostics = report.diagnostics.map((diagnostic): JsonDiagnostic => {
    const { cell, start, end } = placeOf(checked, diagnostic.span, diagnostic.range);
    return {
      ...(cell !== undefined && { cell }),
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      severity: diagnostic.severity,
      code: diagnostic.code,
      message: diagnostic.message,
    };
  });
  const unread = report.unread.map((u): JsonUnread => {
    const { cell, start } = placeOf(checked, u.span, u.range);
    return { ...(cell !== undefined && { cell }), line: start.line, column: start.column, reason: u.reason };
  });
  return { claims, diagnostics, unread };
}
