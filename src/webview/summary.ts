import type { ClaimStatus, Report } from '../core/report';
import { h, type Markup } from './markup';
import { plural, STATUS_TEXT } from './report-text';

export function statusCounts(report: Report): Record<ClaimStatus, number> {
  const counts: Record<ClaimStatus, number> = { verified: 0, mismatch: 0, unchecked: 0 };
  for (const claim of report.claims) counts[claim.status]++;
  return counts;
}

const COUNT_WORDS: Record<ClaimStatus, [string, string]> = {
  verified: ['verified', 'verified'],
  mismatch: ['mismatch', 'mismatches'],
  unchecked: ['unchecked', 'unchecked'],
};

export function summaryView(fileName: string, report: Report): Markup {
  const counts = statusCounts(report);
  const statuses: ClaimStatus[] = ['verified', 'mismatch', 'unchecked'];
  return h('header', { class: 'summary' },
    h('h1', {}, fileName),
    h('p', { class: 'counts', role: 'status' },
      statuses.map((s) => h('span', { class: `count status-${s}${counts[s] === 0 ? ' zero' : ''}` },
        h('span', { 'aria-hidden': 'true' }, STATUS_TEXT[s].icon), ` ${plural(counts[s], ...COUNT_WORDS[s])}`)),
      report.unread.length > 0 && h('span', { class: 'count unread', title: 'Valid LaTeX that is not a derivation, or notation gradcheck does not read: counted, not flagged.' },
        ` ${plural(report.unread.length, 'formula', 'formulas')} not read`)),
    report.examples > 1 && h('p', { class: 'note' },
      `The loss ranges over the training examples; each claim was checked on ${plural(report.examples, 'sampled example')}.`));
}
