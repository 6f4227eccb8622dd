/** Hover on a claim: its status, why, the values at one sample point and the right expression. */
import { type Hover, MarkupKind, type Position as LspPosition, type Range as LspRange } from 'vscode-languageserver/node';
import type { Claim, Report } from '../core/report';
import { containsPosition } from './convert';
import type { Placement } from './placement';

function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Number(value.toPrecision(6)).toString();
}

function subject(claim: Claim): string {
  return claim.derivative ? `∂${claim.derivative.of}/∂${claim.derivative.wrt}` : claim.left;
}

function statusLine(claim: Claim): string {
  const codes = claim.codes.length > 0 ? ` (${claim.codes.map((c) => `\`${c}\``).join(', ')})` : '';
  return `**gradcheck** · ${subject(claim)} · **${claim.status}**${codes}`;
}

/** A claim's hover text in Markdown; the expression is LaTeX in a math fence. */
export function claimHoverMarkdown(claim: Claim): string {
  const parts = [statusLine(claim), claim.explanation];
  if (claim.sample) {
    parts.push(['| at one sample point | value |', '| --- | ---: |', `| claimed | ${formatValue(claim.sample.claimed)} |`, `| reference | ${formatValue(claim.sample.reference)} |`].join('\n'));
  }
  if (claim.suggestion) parts.push(`Correct expression:\n\n\`\`\`math\n${claim.suggestion}\n\`\`\``);
  return parts.join('\n\n');
}

/** The innermost claim under the cursor: in a chain `A = B = C` the left side starts two claims. */
export function hoverAt(report: Report, placement: Placement, uri: string, position: LspPosition): Hover | undefined {
  let best: { claim: Claim; range: LspRange } | undefined;
  for (const claim of report.claims) {
    const shown = placement.locate(claim.span, claim.range);
    if (shown.uri !== uri || !containsPosition(shown.range, position)) continue;
    if (!best || claim.span.end - claim.span.start < best.claim.span.end - best.claim.span.start) best = { claim, range: shown.range };
  }
  if (!best) return undefined;
  return { contents: { kind: MarkupKind.Markdown, value: claimHoverMarkdown(best.claim) }, range: best.range };
}
