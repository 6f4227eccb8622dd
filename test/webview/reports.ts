/** Reports the webview tests read: real ones from documents, and one hostile by hand. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { checkDocument } from '../../src/core/check';
import type { Claim, Diagnostic, Report } from '../../src/core/report';

/**
 * The repository root: the compiled tests may live in any output folder below it. The compiler
 * copies package.json into its output, never tsconfig.json.
 */
function repositoryRoot(from: string): string {
  for (let dir = from; dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'tsconfig.json'))) return dir;
  }
  throw new Error(`no repository (package.json with tsconfig.json) above ${from}`);
}

export const REPO = repositoryRoot(__dirname);

export function documentText(relative: string): string {
  return readFileSync(join(REPO, relative), 'utf8');
}

export function reportOf(relative: string): Report {
  return checkDocument(documentText(relative), { fileName: relative });
}

export const QUESTION = 'examples/question.md';
export const MISSING_PATH = 'test/webview/fixtures/missing-path.md';
export const HOSTILE_DOC = 'test/webview/fixtures/hostile.md';

export const HOSTILE = '<img src=x onerror="window.__pwned=1">';

const at = { line: 1, column: 1 };
const range = { start: at, end: at };
const span = { start: 0, end: 1 };

/** Every string a document can put in a report, set to markup that would run if not escaped. */
export function hostileReport(): Report {
  const claim: Claim = {
    span, range, leftSpan: span, rightSpan: span,
    derivative: { of: HOSTILE, wrt: 'w' },
    left: `\\text{${HOSTILE}}`,
    expression: `${HOSTILE} \\href{javascript:window.__pwned=1}{x}`,
    status: 'mismatch',
    codes: ['gradient-mismatch'],
    suggestion: HOSTILE,
    explanation: HOSTILE,
    sample: { reference: 1, claimed: 2 },
    block: 0,
  };
  const diagnostic: Diagnostic = {
    code: 'parse-error', severity: 'error', message: HOSTILE, span, range,
    related: [{ span, range, message: HOSTILE }],
    fixes: [{ title: HOSTILE, preferred: true, edits: [{ span, range, newText: HOSTILE }] }],
  };
  return {
    version: 1,
    claims: [claim],
    diagnostics: [diagnostic, { ...diagnostic, claim: 0 }],
    unread: [{ span, range, reason: HOSTILE }],
    graph: { nodes: [{ id: HOSTILE, label: HOSTILE, role: 'parameter' }, { id: 'L', label: 'L', role: 'loss' }], edges: [{ from: HOSTILE, to: 'L' }] },
    blocks: [],
    examples: 1,
  };
}
