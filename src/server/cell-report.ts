/**
 * The part of a notebook's report that lies in one of its cells, with offsets and ranges of that
 * cell's text. The editor treats each cell as a document of its own, so this is what a request
 * about a cell (the report panel, `Check Current File`) reads: what the cell shows, where it shows it.
 */
import type { Claim, Diagnostic, Fix, GraphNode, MathBlockInfo, Range, Report, Span, TextEdit } from '../core/report';
import { LineIndex } from '../core/source/lines';

export function reportInCell(report: Report, cell: Span, cellText: string): Report {
  const lines = new LineIndex(cellText);
  const inCell = (span: Span): boolean => span.start >= cell.start && span.end <= cell.end;
  const shift = (span: Span): Span => ({ start: span.start - cell.start, end: span.end - cell.start });
  const placed = (span: Span): { span: Span; range: Range } => ({ span: shift(span), range: lines.range(shift(span)) });

  const blockIndex = new Map<number, number>();
  const blocks: MathBlockInfo[] = [];
  report.blocks.forEach((block, index) => {
    if (!inCell(block.span)) return;
    blockIndex.set(index, blocks.length);
    blocks.push({ ...block, ...placed(block.span) });
  });
  const claimIndex = new Map<number, number>();
  const claims: Claim[] = [];
  report.claims.forEach((claim, index) => {
    const block = blockIndex.get(claim.block);
    if (block === undefined || !inCell(claim.span)) return;
    claimIndex.set(index, claims.length);
    claims.push({ ...claim, ...placed(claim.span), leftSpan: shift(claim.leftSpan), rightSpan: shift(claim.rightSpan), block });
  });
  // A fix that also edits another cell cannot be applied from this cell's report: it is left out.
  const fixes = (all: Fix[]): Fix[] => all.filter((fix) => fix.edits.every((edit) => inCell(edit.span)))
    .map((fix) => ({ ...fix, edits: fix.edits.map((edit): TextEdit => ({ ...edit, ...placed(edit.span) })) }));
  const diagnostics = report.diagnostics.filter((d) => inCell(d.span)).map((d): Diagnostic => {
    const claim = d.claim === undefined ? undefined : claimIndex.get(d.claim);
    const { claim: _dropped, ...rest } = d;
    return {
      ...rest,
      ...placed(d.span),
      related: d.related.filter((r) => inCell(r.span)).map((r) => ({ ...r, ...placed(r.span) })),
      fixes: fixes(d.fixes),
      ...(claim !== undefined && { claim }),
    };
  });
  const nodes = report.graph.nodes.map(({ span, ...node }): GraphNode => (span && inCell(span) ? { ...node, span: shift(span) } : node));
  const unread = report.unread.filter((u) => inCell(u.span)).map((u) => ({ ...u, ...placed(u.span) }));
  return { ...report, claims, diagnostics, unread, blocks, graph: { ...report.graph, nodes } };
}
