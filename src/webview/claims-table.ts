import type { Claim, Report } from '../core/report';
import { fixButtons, fixesByClaim, type FixRef } from './fix-buttons';
import { h, type Markup, math } from './markup';
import { CLAIM_ROWS_STEP } from './messages';
import { claimLatex, formatValue, STATUS_TEXT } from './report-text';

export interface ClaimsView {
  onlyMismatches: boolean;
  selectedClaim: number | null;
  /** At most this many rows are drawn. */
  claimRows: number;
}

export function visibleClaims(report: Report, onlyMismatches: boolean): number[] {
  return report.claims.flatMap((c, i) => (!onlyMismatches || c.status === 'mismatch' ? [i] : []));
}

export function statusBadge(claim: Claim): Markup {
  const { icon, label } = STATUS_TEXT[claim.status];
  return h('span', { class: `badge status-${claim.status}` }, h('span', { 'aria-hidden': 'true' }, icon), ` ${label}`);
}

function values(claim: Claim): Markup {
  if (!claim.sample) return h('span', { class: 'note' }, '—');
  return h('dl', { class: 'values' },
    h('dt', {}, 'reference'), h('dd', {}, formatValue(claim.sample.reference)),
    h('dt', {}, 'claimed'), h('dd', { class: claim.status === 'mismatch' ? 'differs' : undefined }, formatValue(claim.sample.claimed)));
}

function claimRow(report: Report, index: number, fixes: FixRef[], focusable: boolean, selected: boolean): Markup {
  const claim = report.claims[index];
  return h('tr', {
    class: `claim status-${claim.status}${selected ? ' selected' : ''}`,
    'data-claim': index,
    tabindex: focusable ? 0 : -1,
    'aria-current': selected ? 'true' : undefined,
    title: `Line ${claim.range.start.line}: select in the editor (Enter)`,
  },
  h('td', { class: 'status' }, statusBadge(claim), h('div', { class: 'line' }, `line ${claim.range.start.line}`)),
  h('td', { class: 'claim-math' },
    h('div', { class: 'math-scroll' }, math(claimLatex(claim.left, claim.expression), true)),
    claim.suggestion !== undefined && h('div', { class: 'suggestion' },
      h('span', { class: 'suggestion-label' }, 'Suggested'),
      h('div', { class: 'math-scroll' }, math(claimLatex(claim.left, claim.suggestion), true)))),
  h('td', { class: 'why' },
    h('p', { class: 'explanation' }, claim.explanation),
    claim.codes.length > 0 && h('p', { class: 'codes' }, claim.codes.map((code) => h('code', {}, code))),
    fixButtons(fixes)),
  h('td', { class: 'sample' }, values(claim)));
}

export function claimsTable(report: Report, view: ClaimsView): Markup | Markup[] {
  if (report.claims.length === 0) {
    return h('p', { class: 'note' }, 'No claimed derivatives found. gradcheck checks equations whose left side is a derivative, such as ∂L/∂w = …');
  }
  const visible = visibleClaims(report, view.onlyMismatches);
  if (visible.length === 0) return h('p', { class: 'note' }, 'No mismatches: every claim is verified or could not be checked.');
  const shown = visible.slice(0, view.claimRows);
  const rest = visible.length - shown.length;
  // One row is in the tab order (the selected one, else the first); arrows move between rows.
  const focusable = view.selectedClaim !== null && shown.includes(view.selectedClaim) ? view.selectedClaim : shown[0];
  const fixes = fixesByClaim(report);
  const table = h('table', { class: 'claims' },
    shown.length === report.claims.length
      ? h('caption', { class: 'visually-hidden' }, 'Claims')
      : h('caption', {}, `${shown.length} of ${report.claims.length} claims shown`),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'Status'),
      h('th', { scope: 'col' }, 'Claim'),
      h('th', { scope: 'col' }, 'Why'),
      h('th', { scope: 'col' }, 'At a sample point'))),
    h('tbody', {}, shown.map((i) => claimRow(report, i, fixes.get(i) ?? [], i === focusable, i === view.selectedClaim))));
  if (rest === 0) return table;
  return [table, h('p', { class: 'more' },
    h('button', { type: 'button', id: 'show-more-claims', class: 'secondary' }, `Show ${Math.min(rest, CLAIM_ROWS_STEP)} more`),
    ` ${rest} more ${rest === 1 ? 'claim is' : 'claims are'} not drawn yet.`)];
}
