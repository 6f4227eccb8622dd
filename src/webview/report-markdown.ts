import type { Report } from '../core/report';
import { visibleClaims } from './claims-table';
import { documentFindings } from './findings-list';
import { statusCounts } from './summary';
import { claimLatex, formatValue, plural, SEVERITY_TEXT, STATUS_TEXT } from './report-text';

/** A table cell: no line breaks, and a `|` (absolute values in LaTeX) must not end the cell. */
function cell(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');
}

/** Inline math that survives any Markdown renderer with math: `$` inside is escaped. */
function inlineMath(latex: string): string {
  return `$${latex.replace(/\s*\n\s*/g, ' ').replace(/\$/g, '\\$').trim()}$`;
}

/** The report as Markdown, for an issue, a review comment or a student's notes. */
export function reportMarkdown(fileName: string, report: Report, onlyMismatches: boolean): string {
  const counts = statusCounts(report);
  const lines = [
    `# gradcheck report: ${fileName}`,
    '',
    `${STATUS_TEXT.verified.icon} ${counts.verified} verified · ${STATUS_TEXT.mismatch.icon} ${plural(counts.mismatch, 'mismatch', 'mismatches')} · ${STATUS_TEXT.unchecked.icon} ${counts.unchecked} unchecked`,
    '',
  ];
  const findings = documentFindings(report);
  if (findings.length > 0) {
    lines.push('## About the document', '');
    for (const i of findings) {
      const d = report.diagnostics[i];
      lines.push(`- ${SEVERITY_TEXT[d.severity].icon} **${d.code}** (line ${d.range.start.line}): ${d.message.replace(/\s*\n\s*/g, ' ')}`);
    }
    lines.push('');
  }
  const shown = visibleClaims(report, onlyMismatches);
  lines.push(onlyMismatches ? '## Mismatches' : '## Claims', '');
  if (shown.length === 0) {
    lines.push(report.claims.length === 0 ? 'No claimed derivatives found.' : 'No mismatches.');
  } else {
    lines.push('| Line | Status | Claim | Why | Suggested | Reference / claimed |', '| ---: | --- | --- | --- | --- | --- |');
    for (const i of shown) {
      const c = report.claims[i];
      const status = `${STATUS_TEXT[c.status].icon} ${c.status}${c.codes.length > 0 ? ` (${c.codes.join(', ')})` : ''}`;
      const suggested = c.suggestion === undefined ? '' : inlineMath(c.suggestion);
      const values = c.sample ? `${formatValue(c.sample.reference)} / ${formatValue(c.sample.claimed)}` : '';
      lines.push(`| ${c.range.start.line} | ${status} | ${cell(inlineMath(claimLatex(c.left, c.expression)))} | ${cell(c.explanation)} | ${cell(suggested)} | ${values} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}
