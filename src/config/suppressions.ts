import type { Diagnostic, FindingCode, Span } from '../core/report';
import { type DocumentKind, extractMath } from '../core/source/extract';
import { LineIndex } from '../core/source/lines';
import { isFindingCode } from './settings';

/**
 * Inline suppressions, as linters spell them:
 *   <!-- gradcheck-disable-next-line missing-gradient -->   (% gradcheck-disable-next-line … in .tex)
 *   <!-- gradcheck-disable shared-parameter --> … <!-- gradcheck-enable shared-parameter -->
 * No code means every code. A bare enable ends every region; `enable CODE` ends that code's.
 */
export interface Suppressions {
  covers(diagnostic: Diagnostic): boolean;
  /** Suppression comments that name an unknown code: reported, so a typo is not silent. */
  problems: Array<{ message: string; span: Span }>;
}

/** `undefined` stands for every code. */
type Codes = Set<FindingCode> | undefined;

interface Region {
  start: number;
  end: number;
  codes: Codes;
}

const COMMAND = /^-(disable-next-line|disable|enable)(?![\w-])\s*([\s\S]*)$/;

function matches(codes: Codes, code: FindingCode): boolean {
  return codes === undefined || codes.has(code);
}

export function readSuppressions(text: string, kind: DocumentKind): Suppressions {
  const lines = new LineIndex(text);
  const problems: Suppressions['problems'] = [];
  const nextLines: Array<{ line: number; codes: Codes }> = [];
  const regions: Region[] = [];
  let everyCodeFrom: number | undefined;
  const codeFrom = new Map<FindingCode, number>();

  const close = (code: FindingCode | undefined, at: number): void => {
    if (code === undefined) {
      if (everyCodeFrom !== undefined) regions.push({ start: everyCodeFrom, end: at, codes: undefined });
      everyCodeFrom = undefined;
      for (const c of [...codeFrom.keys()]) close(c, at);
      return;
    }
    const from = codeFrom.get(code);
    if (from !== undefined) regions.push({ start: from, end: at, codes: new Set([code]) });
    codeFrom.delete(code);
  };

  for (const comment of extractMath(text, kind).directives) {
    const command = COMMAND.exec(comment.body);
    if (!command) continue;
    const words = command[2].split(/[\s,]+/).filter(Boolean);
    for (const word of words.filter((w) => !isFindingCode(w))) {
      problems.push({ message: `gradcheck-${command[1]}: unknown finding code '${word}'`, span: comment.span });
    }
    const named = words.filter(isFindingCode);
    // A comment that names only unknown codes suppresses nothing rather than everything.
    if (words.length > 0 && named.length === 0) continue;
    const codes: Codes = named.length > 0 ? new Set(named) : undefined;
    switch (command[1]) {
      case 'disable-next-line':
        nextLines.push({ line: lines.position(comment.span.end).line + 1, codes });
        break;
      case 'disable':
        if (codes === undefined) everyCodeFrom ??= comment.span.end;
        else for (const code of codes) if (!codeFrom.has(code)) codeFrom.set(code, comment.span.end);
        break;
      case 'enable':
        if (codes === undefined) close(undefined, comment.span.start);
        else for (const code of codes) close(code, comment.span.start);
        break;
    }
  }
  close(undefined, Number.POSITIVE_INFINITY);

  return {
    problems,
    covers: (d) =>
      nextLines.some((rule) => rule.line === d.range.start.line && matches(rule.codes, d.code)) ||
      regions.some((r) => r.start <= d.span.start && d.span.start < r.end && matches(r.codes, d.code)),
  };
}
