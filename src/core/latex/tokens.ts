import type { Span } from '../report';

/**
 * Tokens of LaTeX math. Every token keeps its span in the original file, so parse errors and
 * diagnostics can point at the exact characters (the KaTeX lexer's habit).
 */
export type TokenKind = 'command' | 'letter' | 'number' | 'char';

export interface Token extends Span {
  kind: TokenKind;
  /** `\frac` for commands, the character for letters and chars, the digits for numbers. */
  text: string;
}

const isLetter = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
const isDigit = (c: string): boolean => c >= '0' && c <= '9';

/** Tokenizes `source` from `from` to `to`; offsets stay those of `source`. Never throws. */
export function tokenize(source: string, from = 0, to = source.length): Token[] {
  const tokens: Token[] = [];
  let i = from;
  while (i < to) {
    const c = source[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '~') {
      i++;
    } else if (c === '%') {
      // A LaTeX comment runs to the end of the line.
      while (i < to && source[i] !== '\n') i++;
    } else if (c === '\\') {
      let j = i + 1;
      if (j < to && isLetter(source[j])) {
        while (j < to && isLetter(source[j])) j++;
      } else if (j < to) {
        j++;
      }
      tokens.push({ kind: 'command', text: source.slice(i, j), start: i, end: j });
      i = j;
    } else if (isLetter(c)) {
      tokens.push({ kind: 'letter', text: c, start: i, end: i + 1 });
      i++;
    } else if (isDigit(c) || (c === '.' && i + 1 < to && isDigit(source[i + 1]))) {
      let j = i;
      while (j < to && isDigit(source[j])) j++;
      if (j < to && source[j] === '.' && j + 1 < to && isDigit(source[j + 1])) {
        j++;
        while (j < to && isDigit(source[j])) j++;
      }
      tokens.push({ kind: 'number', text: source.slice(i, j), start: i, end: j });
      i = j;
    } else {
      const code = c.codePointAt(0) ?? 0;
      const width = code > 0xffff ? 2 : 1;
      tokens.push({ kind: 'char', text: source.slice(i, i + width), start: i, end: i + width });
      i += width;
    }
  }
  return tokens;
}
