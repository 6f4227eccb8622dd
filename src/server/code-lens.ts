/** One CodeLens above each math block that holds claims: "3 verified · 2 mismatch". */
import type { CodeLens } from 'vscode-languageserver/node';
import type { Report } from '../core/report';
import { SHOW_REPORT_COMMAND } from './protocol';
import type { Placement } from './placement';

/** The lenses of the blocks shown in document `uri` (a notebook's blocks are spread over its cells). */
export function codeLensesFor(report: Report, placement: Placement, uri: string): CodeLens[] {
  const lenses: CodeLens[] = [];
  report.blocks.forEach((block, index) => {
    const claims = report.claims.filter((c) => c.block === index);
    const shown = placement.locate(block.span, block.range);
    if (claims.length === 0 || shown.uri !== uri) return;
    const count = (status: string): number => claims.filter((c) => c.status === status).length;
    const unchecked = count('unchecked');
    const title = [`${count('verified')} verified`, `${count('mismatch')} mismatch`, ...(unchecked > 0 ? [`${unchecked} unchecked`] : [])].join(' · ');
    const { start } = shown.range;
    lenses.push({ range: { start, end: start }, command: { title, command: SHOW_REPORT_COMMAND, arguments: [uri] } });
  });
  return lenses;
}
