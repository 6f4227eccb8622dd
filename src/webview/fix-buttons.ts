import type { Diagnostic, Report } from '../core/report';
import { h, type Markup } from './markup';

/** A fix as the webview names it: its diagnostic and its place among that diagnostic's fixes. */
export interface FixRef {
  diagnostic: number;
  fix: number;
  title: string;
}

function refsOf(d: Diagnostic, diagnostic: number): FixRef[] {
  return d.fixes.flatMap((f, fix) => (f.edits.length > 0 ? [{ diagnostic, fix, title: f.title }] : []));
}

export function fixesOfFinding(report: Report, diagnostic: number): FixRef[] {
  return refsOf(report.diagnostics[diagnostic], diagnostic);
}

/** The fixes of every claim, by claim index: looked up per row, so built once per report. */
export function fixesByClaim(report: Report): Map<number, FixRef[]> {
  const byClaim = new Map<number, FixRef[]>();
  report.diagnostics.forEach((d, diagnostic) => {
    if (d.claim !== undefined) byClaim.set(d.claim, [...(byClaim.get(d.claim) ?? []), ...refsOf(d, diagnostic)]);
  });
  return byClaim;
}

/**
 * One button per fix. A single fix reads "Apply fix" (its title, often LaTeX, is the tooltip and
 * the accessible name); several are told apart by their titles.
 */
export function fixButtons(fixes: FixRef[]): Markup | null {
  if (fixes.length === 0) return null;
  return h('div', { class: 'fixes' }, fixes.map((f) => h('button', {
    type: 'button',
    class: 'apply-fix',
    'data-diagnostic': f.diagnostic,
    'data-fix': f.fix,
    title: f.title,
    'aria-label': `Apply fix: ${f.title}`,
  }, fixes.length === 1 ? 'Apply fix' : f.title)));
}
