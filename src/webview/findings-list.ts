import type { Fix, Report } from '../core/report';
import { fixButtons, fixesOfFinding } from './fix-buttons';
import { h, type Markup, math } from './markup';
import { SEVERITY_TEXT } from './report-text';

/** Findings about the document as a whole (shared parameters, missing gradients, updates, parsing). */
export function documentFindings(report: Report): number[] {
  return report.diagnostics.flatMap((d, i) => (d.claim === undefined ? [i] : []));
}

/**
 * What a fix that inserts a formula (a missing gradient) would add, typeset: the message spells
 * it in raw LaTeX. Alignment marks and line breaks belong to the surrounding block, not to it.
 */
function insertedFormula(fix: Fix | undefined): Markup | null {
  if (!fix || fix.edits.length !== 1) return null;
  const text = fix.edits[0].newText.replace(/^\s*\\\\\s*/, '').replace(/&/g, '').trim();
  if (!text.startsWith('\\')) return null;
  return h('div', { class: 'suggestion' }, h('span', { class: 'suggestion-label' }, 'The fix adds'), h('div', { class: 'math-scroll' }, math(text, true)));
}

export function findingsList(report: Report): Markup {
  const shown = documentFindings(report);
  if (shown.length === 0) return h('p', { class: 'note' }, 'No findings about the document as a whole.');
  return h('ul', { class: 'findings' }, shown.map((index) => {
    const d = report.diagnostics[index];
    const { icon, label } = SEVERITY_TEXT[d.severity];
    return h('li', { class: `finding severity-${d.severity}`, 'data-finding': index, tabindex: 0, title: `Line ${d.range.start.line}: select in the editor (Enter)` },
      h('span', { class: 'severity', title: label }, h('span', { 'aria-hidden': 'true' }, icon), h('span', { class: 'visually-hidden' }, label)),
      h('div', { class: 'finding-body' },
        h('p', {}, h('code', {}, d.code), ` line ${d.range.start.line}: `, d.message),
        insertedFormula(d.fixes.find((f) => f.preferred) ?? d.fixes[0]),
        d.related.length > 0 && h('ul', { class: 'related' }, d.related.map((r) => h('li', {}, `line ${r.range.start.line}: ${r.message}`))),
        fixButtons(fixesOfFinding(report, index))));
  }));
}
