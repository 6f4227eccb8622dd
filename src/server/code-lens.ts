/** One CodeLens above each math block that holds claims: "3 verified · 2 mismatch". */
import type { CodeLens } from 'vscode-languageserver/node';
import type { Report } from '../core/report';
import { SHOW_REPORT_COMMAND } from './protocol';
import { toRange } from './convert';

export function codeLensesFor(report: Report, uri: string): CodeLens[] {
  const lenses: CodeLens[] = [];
  report.blocks.forEach((block, index) => {
    const claims = report.claims.filter((c) => c.block === index);
    if (claims.length === 0) return;
    const count = (status: string): number => claims.filter((c) => c.status === status).length;
    const unchecked = count('unchecked');
    const title = [`${count('verified')} verified`, `${count('mismatch')} mismatch`, ...(unchecked > 0 ? [`${unchecked} unchecked`] : [])].join(' · ');
    const start = toRange(block.range).start;
    lenses.push({ range: { start, end: start }, command: { title, command: SHOW_REPORT_COMMAND, arguments: [uri] } });
  });
  return lenses;
}
