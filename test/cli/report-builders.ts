import type { Claim, Diagnostic, FindingCode, Range, Report, Severity } from '../../src/core/report';

/** A range from [line, column] pairs; offsets are not read by the CLI, so they are left at 0. */
export function range(start: [number, number], end: [number, number]): Range {
  return { start: { line: start[0], column: start[1] }, end: { line: end[0], column: end[1] } };
}

export function diagnostic(
  code: FindingCode,
  severity: Severity,
  message: string,
  start: [number, number],
  end: [number, number] = [start[0], start[1] + 1],
): Diagnostic {
  return { code, severity, message, span: { start: 0, end: 0 }, range: range(start, end), related: [], fixes: [] };
}

export function claim(overrides: Partial<Claim> & Pick<Claim, 'status'>): Claim {
  return {
    span: { start: 0, end: 0 },
    range: range([1, 1], [1, 2]),
    leftSpan: { start: 0, end: 0 },
    rightSpan: { start: 0, end: 0 },
    left: '\\frac{\\partial L}{\\partial w}',
    expression: 'x',
    codes: [],
    explanation: '',
    block: 0,
    ...overrides,
  };
}

export function report(claims: Claim[], diagnostics: Diagnostic[]): Report {
  return { version: 1, claims, diagnostics, unread: [], graph: { nodes: [], edges: [] }, blocks: [], examples: 1 };
}
