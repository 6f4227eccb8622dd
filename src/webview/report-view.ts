import type { EmptyMessage, ReportMessage } from './messages';
import { claimsTable } from './claims-table';
import { findingsList } from './findings-list';
import { graphView } from './graph-view';
import { h, type Markup } from './markup';
import { summaryView } from './summary';

export interface ReportViewInput {
  shown: ReportMessage | EmptyMessage | null;
  onlyMismatches: boolean;
  selectedClaim: number | null;
  claimRows: number;
}

function toolbar(onlyMismatches: boolean): Markup {
  return h('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Report' },
    h('label', { class: 'filter' },
      h('input', { type: 'checkbox', id: 'only-mismatches', checked: onlyMismatches }),
      ' Only mismatches'),
    h('button', { type: 'button', id: 'copy-markdown', class: 'secondary' }, 'Copy as Markdown'));
}

/**
 * The whole panel for one state: what the webview draws and what the tests read. The graph comes
 * before the claims: it is the derivation at a glance, and short enough not to push them far.
 */
export function reportView(input: ReportViewInput): Markup {
  const { shown } = input;
  if (!shown) return h('p', { class: 'note placeholder' }, 'Waiting for the report…');
  if (shown.type === 'empty') return h('p', { class: 'note placeholder' }, shown.reason);
  const { report } = shown;
  return h('div', { class: 'report' },
    summaryView(shown.fileName, report),
    toolbar(input.onlyMismatches),
    h('section', { 'aria-labelledby': 'findings-heading', class: 'findings-section' },
      h('h2', { id: 'findings-heading' }, 'About the document'),
      findingsList(report)),
    h('section', { 'aria-labelledby': 'graph-heading', class: 'graph-section' },
      h('h2', { id: 'graph-heading' }, 'Computation graph'),
      graphView(report, input.selectedClaim)),
    h('section', { 'aria-labelledby': 'claims-heading', class: 'claims-section' },
      h('h2', { id: 'claims-heading' }, 'Claims'),
      claimsTable(report, input)));
}
