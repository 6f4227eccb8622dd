import type { Diagnostic, Report } from '../core/report';
import { h, type Markup } from './markup';

/** A fix as the webview names it: its diagnostic and its place among that diagnostic's fixes. */
export interface FixRef {
  diagnostic: number;
  fix: number;
  title: string;
}

export function fixesWhere(report: Report, keep: (d: Diagnostic) => boolean): FixRef[] {
  const refs: FixRef[] = [];
  report.diagnostics.forEach((d, diagnostic) => {
    if (!keep(d)) return;
    d.fixes.forEach((f, fix) => { if (f.edits.length > 0) refs.push({ diagnostic, fix, title: f.title }); });
  });
  return refs;
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
