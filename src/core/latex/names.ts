import type { Span } from '../report';
import { type SymbolExpr, spanOf } from './ast';
import { ACCENTS, FONTS, FUNCTION_SPELLINGS, GREEK, PRIME_SUPERSCRIPTS, UPRIGHT } from './commands';
import { ParseError } from './parse-error';
import type { Token } from './tokens';

/**
 * What the document itself says about names: every name defined on the left of an equation or
 * differentiated is one symbol whatever its length, so `net_1` is not `n*e*t_1`.
 */
export interface SymbolTable {
  names: Set<string>;
  /** Multi-letter stems of known names (`net` from `net_1`), so `net_3` stays one symbol too. */
  stems: Set<string>;
  /** User-defined function names (`f` in `f(z) = ...`); built-ins are always known. */
  functions: Set<string>;
}

export function emptySymbolTable(): SymbolTable {
  return { names: new Set(), stems: new Set(), functions: new Set() };
}

/** The pieces of a name before it is split or joined: letters of a run, or one command stem. */
export interface NameParts {
  stems: Array<{ text: string; span: Span }>;
  /** Canonical suffix: subscript, layer index and primes, applied to the last stem. */
  suffix: string;
  time?: string;
  end: number;
  endOffset: number;
}

export type Atom =
  | { kind: 'symbol'; name: string; time?: string; span: Span }
  | { kind: 'constant'; name: 'e' | 'pi'; span: Span }
  /** `order` counts the primes written after the name: `f'(x)` is the derivative function. */
  | { kind: 'function'; fn: string; span: Span; order?: number };

const isChar = (t: Token | undefined, c: string): boolean => !!t && t.kind === 'char' && t.text === c;

/** Index of the token closing the group opened at `at` (before `end`), or -1. */
export function matching(tokens: Token[], at: number, open: string, close: string, end: number): number {
  let depth = 0;
  for (let i = at; i < end; i++) {
    const t = tokens[i];
    if (t.text === open && (t.kind === 'char' || t.kind === 'command')) depth++;
    else if (t.text === close && (t.kind === 'char' || t.kind === 'command')) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** Reads names: where a symbol starts and ends, and which symbols a run of letters holds. */
export class NameReader {
  constructor(private readonly tokens: Token[], private readonly table: SymbolTable) {}

  /** The name spelled by the tokens from `start` to `end` exactly, or undefined. */
  whole(start: number, end: number): SymbolExpr | undefined {
    if (start >= end) return undefined;
    const parts = this.read(start, end, true);
    return parts && parts.end === end ? joinName(parts) : undefined;
  }

  /**
   * Reads a name at `i`: a run of adjacent letters, a Greek letter, an accented or upright name,
   * or `{y}'`, with its subscripts, index superscripts and primes. `whole` keeps a letter run as
   * one stem (used where one variable is expected: after a differential, on a definition's left).
   */
  read(i: number, end: number, whole: boolean): NameParts | undefined {
    const t = this.tokens[i];
    if (!t || i >= end) return undefined;
    const stems: Array<{ text: string; span: Span }> = [];
    let j = i;
    if (t.kind === 'letter') {
      let prev = t;
      stems.push({ text: t.text, span: t });
      j++;
      while (j < end && this.tokens[j].kind === 'letter' && this.tokens[j].start === prev.end) {
        prev = this.tokens[j];
        stems.push({ text: prev.text, span: prev });
        j++;
      }
      if (whole && stems.length > 1) {
        stems.splice(0, stems.length, { text: stems.map((s) => s.text).join(''), span: spanOf(stems[0].span, prev) });
      }
    } else if (t.kind === 'command' && GREEK.has(t.text.slice(1))) {
      stems.push({ text: t.text, span: t });
      j++;
    } else if (t.kind === 'command' && (ACCENTS.has(t.text.slice(1)) || FONTS.has(t.text.slice(1)) || UPRIGHT.has(t.text.slice(1)))) {
      const open = this.tokens[j + 1];
      let innerEnd: number;
      let innerStart: number;
      if (isChar(open, '{')) {
        const close = matching(this.tokens, j + 1, '{', '}', end);
        if (close < 0) throw new ParseError(`unbalanced '{': no matching '}'`, open);
        innerStart = j + 2;
        innerEnd = close;
      } else {
        innerStart = j + 1;
        innerEnd = j + 2;
      }
      const cmd = t.text.slice(1);
      let text: string;
      if (UPRIGHT.has(cmd)) {
        text = this.tokens.slice(innerStart, innerEnd).map((x) => x.text).join('');
        if (!/^[A-Za-z0-9]+$/.test(text)) return undefined;
      } else {
        const inner = this.read(innerStart, innerEnd, true);
        if (!inner || inner.end !== innerEnd) return undefined;
        const innerName = inner.stems.map((s) => s.text).join('') + inner.suffix;
        text = FONTS.has(cmd) ? innerName : `\\${cmd === 'widehat' ? 'hat' : cmd === 'overline' ? 'bar' : cmd === 'widetilde' ? 'tilde' : cmd}{${innerName}}`;
      }
      j = innerEnd + (isChar(open, '{') ? 1 : 0);
      stems.push({ text, span: spanOf(t, this.tokens[j - 1]) });
    } else if (isChar(t, '{')) {
      // {y}' and {y}_1: a braced name followed by a decoration.
      const close = matching(this.tokens, i, '{', '}', end);
      if (close < 0) return undefined;
      const inner = this.read(i + 1, close, true);
      if (!inner || inner.end !== close) return undefined;
      const after = this.tokens[close + 1];
      if (!after || close + 1 >= end || !(isChar(after, "'") || isChar(after, '_') || isChar(after, '^'))) {
        if (!whole) return undefined;
      }
      stems.push({ text: inner.stems.map((s) => s.text).join('') + inner.suffix, span: spanOf(t, this.tokens[close]) });
      j = close + 1;
    } else {
      return undefined;
    }
    return this.readSuffix(stems, j, end);
  }

  private readSuffix(stems: Array<{ text: string; span: Span }>, j: number, end: number): NameParts {
    let sub = '';
    let layer = '';
    let primes = '';
    /** `\sigma^2` where the document names a variance so. */
    let squared = '';
    let time: string | undefined;
    let endOffset = stems[stems.length - 1].span.end;
    for (;;) {
      const t = this.tokens[j];
      if (!t || j >= end) break;
      if (isChar(t, "'")) {
        primes += "'";
        endOffset = t.end;
        j++;
      } else if (isChar(t, '_') && !sub) {
        const r = this.rangeAt(j + 1, end);
        if (!r) break;
        sub = this.tokens.slice(r.start, r.end).map((x) => x.text).join('');
        endOffset = this.tokens[r.last].end;
        j = r.last + 1;
      } else if (isChar(t, '^')) {
        const r = this.rangeAt(j + 1, end);
        if (!r) break;
        const inner = this.tokens.slice(r.start, r.end);
        const text = inner.map((x) => x.text).join('');
        if (PRIME_SUPERSCRIPTS[text]) primes += PRIME_SUPERSCRIPTS[text];
        else if (text === '2' && !squared && this.table.names.has(`${stems.map((s) => s.text).join('')}${sub ? `_${sub}` : ''}^2`)) squared = '^2';
        else if (/^\(?(t|\\tau)([+-]\d+)?\)?$/.test(text)) time = text.replace(/[()]/g, '');
        else if (/^[([].*[)\]]$/.test(text) && inner.length >= 3) layer = text;
        else break;
        endOffset = this.tokens[r.last].end;
        j = r.last + 1;
      } else break;
    }
    const suffix = (sub ? `_${sub}` : '') + squared + (layer ? `^${layer}` : '') + primes;
    return { stems, suffix, time, end: j, endOffset };
  }

  /** The content range of a sub/superscript argument at `i` (braced group or single token). */
  private rangeAt(i: number, end: number): { start: number; end: number; last: number } | undefined {
    const t = this.tokens[i];
    if (!t || i >= end) return undefined;
    if (isChar(t, '{')) {
      const close = matching(this.tokens, i, '{', '}', end);
      if (close < 0) throw new ParseError(`unbalanced '{': no matching '}'`, t);
      return { start: i + 1, end: close, last: close };
    }
    if (t.kind === 'number') return { start: i, end: i + 1, last: i };
    if (t.kind === 'char' && !"'*".includes(t.text)) return undefined;
    // `W_\textrm{hx}` reads as `W_{\textrm{hx}}`: a command takes its braced argument along.
    if (t.kind === 'command' && isChar(this.tokens[i + 1], '{') && i + 1 < end) {
      const close = matching(this.tokens, i + 1, '{', '}', end);
      if (close > 0) return { start: i, end: close + 1, last: close };
    }
    return { start: i, end: i + 1, last: i };
  }

  /**
   * Splits a letter run into the symbols the document knows: the longest known name first,
   * otherwise single letters multiply (`xw_1` is x times w_1, `net_1` is one symbol).
   */
  split(parts: NameParts, callFollows: boolean): Atom[] {
    const { stems, suffix } = parts;
    // `f'(x)`: primes alone after a function's name make its derivative function, not a new name.
    const order = /^'+$/.test(suffix) ? suffix.length : 0;
    const atoms: Atom[] = [];
    let i = 0;
    while (i < stems.length) {
      let matched = 0;
      let fn: string | undefined;
      for (let j = stems.length; j > i; j--) {
        const text = stems.slice(i, j).map((s) => s.text).join('');
        const isLast = j === stems.length;
        const full = text + (isLast ? suffix : '');
        const spelled = this.table.functions.has(text) ? text : FUNCTION_SPELLINGS[text];
        if (spelled && isLast && (!suffix || order) && (j - i > 1 || this.table.functions.has(text)) && callFollows) {
          fn = spelled;
          matched = j - i;
          break;
        }
        if (j - i === 1 || this.table.names.has(full) || (isLast && this.table.stems.has(text))) {
          matched = j - i;
          break;
        }
      }
      const j = i + matched;
      const text = stems.slice(i, j).map((s) => s.text).join('');
      const isLast = j === stems.length;
      const span: Span = { start: stems[i].span.start, end: isLast ? parts.endOffset : stems[j - 1].span.end };
      if (fn) atoms.push({ kind: 'function', fn, span, ...(order && { order }) });
      else {
        const name = text + (isLast ? suffix : '');
        const isEuler = name === 'e' && !this.table.names.has('e');
        const isPi = name === '\\pi' && !this.table.names.has('\\pi');
        if (isEuler || isPi) atoms.push({ kind: 'constant', name: isEuler ? 'e' : 'pi', span });
        else if (isLast && this.table.functions.has(name) && callFollows) atoms.push({ kind: 'function', fn: name, span });
        else atoms.push({ kind: 'symbol', name, time: isLast ? parts.time : undefined, span });
      }
      i = j;
    }
    return atoms;
  }

}

export function joinName(parts: NameParts): SymbolExpr {
  const first = parts.stems[0].span;
  const name = parts.stems.map((s) => s.text).join('') + parts.suffix;
  return { kind: 'symbol', name, time: parts.time, span: { start: first.start, end: parts.endOffset } };
}
