import type { Span } from '../report';

export type DocumentKind = 'markdown' | 'tex';

/** A stretch of math in the document; `content` is where the LaTeX itself lies. */
export interface MathBlock {
  span: Span;
  content: Span;
  display: boolean;
}

/** A `gradcheck:` comment: `<!-- gradcheck: params w b; data x y -->` or `% gradcheck: ...`. */
export interface DirectiveComment {
  span: Span;
  /** Text after `gradcheck`, e.g. `: params w b` or `-disable-next-line missing-gradient`. */
  body: string;
}

export interface ExtractedSource {
  blocks: MathBlock[];
  directives: DirectiveComment[];
}

/** Environments that are display math on their own (outside `$$`). */
const MATH_ENVIRONMENTS = new Set([
  'align', 'align*', 'aligned', 'equation', 'equation*', 'gather', 'gather*', 'split', 'multline', 'multline*',
  'eqnarray', 'eqnarray*', 'flalign', 'flalign*', 'alignat', 'alignat*', 'displaymath', 'math',
]);

export function documentKindOf(fileName: string): DocumentKind {
  return /\.(tex|latex|ltx)$/i.test(fileName) ? 'tex' : 'markdown';
}

/**
 * Separates independent pieces of one text (a notebook's cells, see notebook.ts): nothing the
 * extractor reads, a math block, a fence or a comment, runs across it. An ASCII control
 * character (record separator) that no one types in a derivation.
 */
export const SEGMENT_BREAK = '\u001E';

/** Finds every math block and directive comment, keeping exact offsets into `text`. Never throws. */
export function extractMath(text: string, kind: DocumentKind): ExtractedSource {
  const extract = kind === 'tex' ? extractTex : extractMarkdown;
  if (!text.includes(SEGMENT_BREAK)) return extract(text);
  const found: ExtractedSource = { blocks: [], directives: [] };
  let segmentStart = 0;
  for (const segment of text.split(SEGMENT_BREAK)) {
    const offset = segmentStart;
    const shift = (span: Span): Span => ({ start: span.start + offset, end: span.end + offset });
    const { blocks, directives } = extract(segment);
    for (const block of blocks) found.blocks.push({ ...block, span: shift(block.span), content: shift(block.content) });
    for (const directive of directives) found.directives.push({ ...directive, span: shift(directive.span) });
    segmentStart += segment.length + SEGMENT_BREAK.length;
  }
  return found;
}

function directiveIn(body: string, span: Span, into: DirectiveComment[]): void {
  const m = /^\s*gradcheck\b/.exec(body);
  if (m) into.push({ span, body: body.slice(m.index + m[0].length).trim() });
}

/** Index of the closing `$` or `$$` at or after `from`, skipping escaped characters, or -1. */
function findClosing(text: string, from: number, close: string, stopAtBlankLine: boolean): number {
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') { i++; continue; }
    if (text.startsWith(close, i)) return i;
    if (stopAtBlankLine && c === '\n' && /^\n[ \t]*\n/.test(text.slice(i, i + 40))) return -1;
  }
  return -1;
}

/** Math delimiters common to Markdown and TeX at `i`; returns the block and where to resume. */
function mathAt(text: string, i: number, inlineStopsAtBlankLine: boolean): { block: MathBlock; next: number } | undefined {
  if (text.startsWith('$$', i)) {
    const close = findClosing(text, i + 2, '$$', false);
    if (close < 0) return undefined;
    return { block: { span: { start: i, end: close + 2 }, content: { start: i + 2, end: close }, display: true }, next: close + 2 };
  }
  if (text[i] === '$') {
    const close = findClosing(text, i + 1, '$', inlineStopsAtBlankLine);
    if (close < 0 || close === i + 1 || /\d/.test(text[close + 1] ?? '')) return undefined;
    return { block: { span: { start: i, end: close + 1 }, content: { start: i + 1, end: close }, display: false }, next: close + 1 };
  }
  if (text.startsWith('\\[', i) || text.startsWith('\\(', i)) {
    const closer = text[i + 1] === '[' ? '\\]' : '\\)';
    const close = text.indexOf(closer, i + 2);
    if (close < 0) return undefined;
    return {
      block: { span: { start: i, end: close + 2 }, content: { start: i + 2, end: close }, display: closer === '\\]' },
      next: close + 2,
    };
  }
  const env = /^\\begin\{([a-zA-Z]+\*?)\}/.exec(text.slice(i, i + 40));
  if (env && MATH_ENVIRONMENTS.has(env[1])) {
    const endTag = `\\end{${env[1]}}`;
    const close = text.indexOf(endTag, i + env[0].length);
    if (close < 0) return undefined;
    // The environment's own \begin/\end stay outside the content; its rows are the equations.
    return {
      block: { span: { start: i, end: close + endTag.length }, content: { start: i + env[0].length, end: close }, display: true },
      next: close + endTag.length,
    };
  }
  return undefined;
}

function extractMarkdown(text: string): ExtractedSource {
  const blocks: MathBlock[] = [];
  const directives: DirectiveComment[] = [];
  let i = 0;
  let lineStart = true;
  while (i < text.length) {
    const c = text[i];
    if (lineStart) {
      const fence = /^[ \t]{0,3}(`{3,}|~{3,})[ \t]*([A-Za-z]*)[^\n]*\n?/.exec(text.slice(i, i + 200));
      if (fence) {
        const marker = fence[1];
        const bodyStart = i + fence[0].length;
        const closeRe = new RegExp(`(^|\\n)[ \\t]{0,3}${marker[0]}{${marker.length},}[ \\t]*(\\n|$)`, 'g');
        closeRe.lastIndex = bodyStart - 1;
        const m = closeRe.exec(text);
        const bodyEnd = m ? m.index + (m[1] ? 1 : 0) : text.length;
        const after = m ? m.index + m[0].length : text.length;
        if (fence[2].toLowerCase() === 'math') {
          blocks.push({ span: { start: i, end: after }, content: { start: bodyStart, end: bodyEnd }, display: true });
        }
        i = after;
        lineStart = true;
        continue;
      }
    }
    lineStart = c === '\n';
    if (c === '\\' && (text[i + 1] === '$' || text[i + 1] === '\\')) { i += 2; continue; }
    if (c === '`') {
      const run = /^`+/.exec(text.slice(i))![0];
      const close = text.indexOf(run, i + run.length);
      i = close < 0 ? i + run.length : close + run.length;
      continue;
    }
    if (text.startsWith('<!--', i)) {
      const close = text.indexOf('-->', i + 4);
      const end = close < 0 ? text.length : close + 3;
      directiveIn(text.slice(i + 4, close < 0 ? text.length : close), { start: i, end }, directives);
      i = end;
      continue;
    }
    const math = mathAt(text, i, true);
    if (math) {
      blocks.push(math.block);
      i = math.next;
      continue;
    }
    i++;
  }
  return { blocks, directives };
}

function extractTex(text: string): ExtractedSource {
  const blocks: MathBlock[] = [];
  const directives: DirectiveComment[] = [];
  const begin = text.indexOf('\\begin{document}');
  let i = 0;
  // Only directives are read from a preamble; its math (macros) is not a derivation.
  const bodyStart = begin < 0 ? 0 : begin + '\\begin{document}'.length;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\' && (text[i + 1] === '$' || text[i + 1] === '%' || text[i + 1] === '\\')) { i += 2; continue; }
    if (c === '%') {
      const close = text.indexOf('\n', i);
      const end = close < 0 ? text.length : close;
      directiveIn(text.slice(i + 1, end), { start: i, end }, directives);
      i = end;
      continue;
    }
    if (i >= bodyStart && text.startsWith('\\begin{verbatim}', i)) {
      const close = text.indexOf('\\end{verbatim}', i);
      i = close < 0 ? text.length : close + 14;
      continue;
    }
    const math = i >= bodyStart ? mathAt(text, i, false) : undefined;
    if (math) {
      blocks.push(math.block);
      i = math.next;
      continue;
    }
    i++;
  }
  return { blocks, directives };
}
