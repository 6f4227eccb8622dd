import type { Diagnostic, Report, Severity } from '../core/report';
import type { CheckedFile } from './checked-file';
import { type Place, placeOf } from './places';

type Tint = 'bold' | 'red' | 'yellow' | 'green' | 'cyan' | 'gray';

const ANSI_CODES: Record<Tint, number> = { bold: 1, red: 31, green: 32, yellow: 33, cyan: 36, gray: 90 };

type Paint = (text: string, ...tints: Tint[]) => string;

const plain: Paint = (text) => text;
const ansi: Paint = (text, ...tints) => `\x1b[${tints.map((tint) => ANSI_CODES[tint]).join(';')}m${text}\x1b[0m`;

const SEVERITY_TINTS: Record<Severity, Tint[]> = {
  error: ['red', 'bold'],
  warning: ['yellow'],
  information: ['cyan'],
  hint: ['gray'],
};

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };

export interface ColorContext {
  noColorFlag: boolean;
  isTTY: boolean;
  env: Readonly<Record<string, string | undefined>>;
}

/** Colour only for a person at a terminal; https://no-color.org counts an empty NO_COLOR as unset. */
export function shouldColor({ noColorFlag, isTTY, env }: ColorContext): boolean {
  return !noColorFlag && isTTY && !env.NO_COLOR;
}

/** One line per diagnostic (`file:line:col  severity  message  [code]`), per-file claim counts, a total. */
export function formatText(files: readonly CheckedFile[], color: boolean): string {
  const paint = color ? ansi : plain;
  const lines: string[] = [];
  for (const checked of files) {
    const { file, report } = checked;
    for (const { diagnostic, place } of sortedByPlace(report.diagnostics.map((d) => ({ diagnostic: d, place: placeOf(checked, d.span, d.range) })))) {
      lines.push(diagnosticLine(file, diagnostic, place, paint));
      const remedy = remedyLine(report, diagnostic, paint);
      if (remedy) lines.push(remedy);
    }
    lines.push(`${paint(file, 'bold')}: ${fileClaimSummary(report)}`);
  }
  lines.push(totalSummary(files, paint));
  return `${lines.join('\n')}\n`;
}

interface PlacedDiagnostic {
  diagnostic: Diagnostic;
  place: Place;
}

function sortedByPlace(placed: readonly PlacedDiagnostic[]): PlacedDiagnostic[] {
  return [...placed].sort((a, b) =>
    (a.place.cell ?? 0) - (b.place.cell ?? 0)
    || a.place.start.line - b.place.start.line
    || a.place.start.column - b.place.start.column
    || SEVERITY_RANK[a.diagnostic.severity] - SEVERITY_RANK[b.diagnostic.severity]);
}

function diagnosticLine(file: string, diagnostic: Diagnostic, place: Place, paint: Paint): string {
  const { line, column } = place.start;
  // Tools that read this output (grep, editor problem matchers) expect exactly one line per finding.
  const message = diagnostic.message.replace(/\s*\n\s*/g, ' ');
  const severity = paint(diagnostic.severity, ...SEVERITY_TINTS[diagnostic.severity]);
  // A notebook's cell is part of the file name (`nb.ipynb#cell3`), so `file:line:column` still parses.
  const where = place.cell === undefined ? file : `${file}#cell${place.cell}`;
  return `${where}:${line}:${column}  ${severity}  ${message}  ${paint(`[${diagnostic.code}]`, 'gray')}`;
}

/**
 * The way out, indented under its finding so line-based tools still see one line per finding:
 * the corrected claim when there is one, else the title of the preferred fix.
 */
function remedyLine(report: Report, diagnostic: Diagnostic, paint: Paint): string | undefined {
  const suggestion = diagnostic.claim === undefined ? undefined : report.claims[diagnostic.claim]?.suggestion;
  if (suggestion) return `    ${paint('suggestion:', 'green')} ${suggestion}`;
  const fix = diagnostic.fixes.find((f) => f.preferred) ?? diagnostic.fixes[0];
  if (!fix) return undefined;
  // A fix that only inserts lines (a missing derivation) shows them: the terminal cannot apply it.
  const [edit] = fix.edits;
  const inserted = fix.edits.length === 1 && edit.span.start === edit.span.end
    ? edit.newText.replace(/^\s*(\\\\)?\s*(\$\$)?/, '').replace(/(\$\$)?\s*$/, '').replace(/\s*&=\s*/, ' = ')
    : '';
  return `    ${paint('fix:', 'green')} ${fix.title}${inserted ? `: ${inserted}` : ''}`;
}

interface ClaimCounts {
  verified: number;
  mismatch: number;
  unchecked: number;
}

function countClaims(reports: readonly Report[]): ClaimCounts {
  const counts: ClaimCounts = { verified: 0, mismatch: 0, unchecked: 0 };
  for (const report of reports) for (const claim of report.claims) counts[claim.status]++;
  return counts;
}

function fileClaimSummary(report: Report): string {
  const claims = report.claims.length === 0 ? 'no claims found' : (() => {
    const { verified, mismatch, unchecked } = countClaims([report]);
    return `${plural(report.claims.length, 'claim')}: ${verified} verified, ${mismatch} mismatch, ${unchecked} unchecked`;
  })();
  return `${claims}${unreadSummary(report.unread.length)}`;
}

/** "; 12 formulas not read" (valid LaTeX that is not a derivation is counted, not flagged). */
function unreadSummary(count: number): string {
  return count > 0 ? `; ${plural(count, 'formula')} not read` : '';
}

function totalSummary(files: readonly CheckedFile[], paint: Paint): string {
  const reports = files.map((file) => file.report);
  const { verified, mismatch, unchecked } = countClaims(reports);
  const severities = reports.flatMap((report) => report.diagnostics.map((diagnostic) => diagnostic.severity));
  const errors = severities.filter((severity) => severity === 'error').length;
  const warnings = severities.filter((severity) => severity === 'warning').length;
  const notes = severities.length - errors - warnings;
  const findings = [plural(errors, 'error'), plural(warnings, 'warning')];
  if (notes > 0) findings.push(plural(notes, 'note'));
  const summary = `${plural(verified, 'claim')} verified, ${mismatch} mismatch, ${unchecked} unchecked; `
    + `${findings.join(', ')} in ${plural(files.length, 'file')}${unreadSummary(reports.reduce((n, r) => n + r.unread.length, 0))}`;
  if (errors > 0) return paint(summary, 'red', 'bold');
  return paint(summary, warnings > 0 ? 'yellow' : 'green');
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
