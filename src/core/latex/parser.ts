import type { Span } from '../report';
import type { Condition, Expr, SymbolExpr } from './ast';
import { spanOf, treeDepth, walk } from './ast';
import { FONTS, FUNCTION_SPELLINGS, HADAMARD, MULTIPLY, NORMS, OUTER, PRIME_SUPERSCRIPTS, RELATIONS, TRANSPOSE, UPRIGHT } from './commands';
import { type Atom, joinName, matching, NameReader, type NameParts, type SymbolTable } from './names';
import { ParseError } from './parse-error';
import type { Token } from './tokens';

export { ParseError };
export { emptySymbolTable, type SymbolTable } from './names';

const MAX_DEPTH = 64;
/** Deeper than any formula written by hand, far below what recursive walks of a tree can take. */
const MAX_TREE_DEPTH = 256;

/** An expression written in brackets: its span covers them, and a product in it stays one factor. */
function grouped(inner: Expr, span: Span): Expr {
  return inner.kind === 'mul' ? { ...inner, span, grouped: true } : { ...inner, span };
}

/** Closing delimiters written as commands. */
const CLOSERS = new Set(['\\}', '\\rbrace', '\\rbrack', '\\rvert', '\\rangle', '\\rVert']);

const isStop = (t: Token): boolean =>
  (t.kind === 'char' && ')]},;+-&|'.includes(t.text)) || CLOSERS.has(t.text) || t.text === '\\|' || t.text === '\\Vert' ||
  t.text in RELATIONS || t.text === '\\\\' || t.text === '\\pm' || t.text === '\\mp';

/**
 * Recursive-descent parser for one side of an equation. Methods are named after the grammar:
 * expression := term (('+' | '-') term)*; term := unary (op? unary)*; unary := '-' unary | postfix;
 * postfix := primary ('^' arg)*.
 */
/** Relations that restrict a sum's index to part of its range. */
const CONDITIONS = new Set(['\\neq', '\\ne', '<', '>', '\\le', '\\leq', '\\ge', '\\geq', '\\lt', '\\gt', '\\notin']);

export class Parser {
  /** Products read from a run of letters (`ax`, `xw_1`), whose last letter takes what follows it. */
  private readonly letterRuns = new WeakSet<Expr>();
  private pos: number;
  private end: number;
  private depth = 0;
  private absDepth = 0;
  private normDepth = 0;

  private readonly names: NameReader;

  constructor(private readonly tokens: Token[], private readonly table: SymbolTable, start = 0, end = tokens.length) {
    this.pos = start;
    this.end = end;
    this.names = new NameReader(tokens, table);
  }

  /** Parses the whole range as one expression. */
  parseAll(): Expr {
    // `= {} & \mathbf{g} + ...`: an empty group keeps an aligned relation's spacing and reads as nothing.
    while (this.isChar(this.tokens[this.pos], '{') && this.isChar(this.tokens[this.pos + 1], '}') && this.pos + 2 < this.end) this.pos += 2;
    if (this.pos >= this.end) throw new ParseError('expected an expression', this.hereSpan());
    const outermost = this.depth === 0;
    const expr = this.parseExpression();
    if (this.pos < this.end) {
      const t = this.tokens[this.pos];
      throw new ParseError(`unexpected '${t.text}'`, t);
    }
    // Chains the parser builds in a loop (x^x^x..., a/b/c..., - - x) nest the tree without nesting
    // the parser; everything after it walks trees recursively, so their depth is bounded here.
    if (outermost && treeDepth(expr) > MAX_TREE_DEPTH) throw new ParseError('expression nested too deeply', expr.span);
    return expr;
  }

  private peek(offset = 0): Token | undefined {
    const i = this.pos + offset;
    return i < this.end ? this.tokens[i] : undefined;
  }

  private hereSpan(): Span {
    const t = this.peek() ?? this.tokens[this.end - 1] ?? this.tokens[this.tokens.length - 1];
    return t ? { start: t.start, end: t.end } : { start: 0, end: 0 };
  }

  private isChar(t: Token | undefined, c: string): boolean {
    return !!t && t.kind === 'char' && t.text === c;
  }

  /** The closing delimiter `c` (a character, or a command such as `\}`), or a parse error. */
  private expectChar(c: string, opener?: Token): Token {
    const t = this.peek();
    if (!t || t.text !== c) {
      const where = opener ? ` to close the '${opener.text}'` : '';
      throw new ParseError(`expected '${c}'${where}`, opener ?? this.hereSpan());
    }
    this.pos++;
    return t as Token;
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) throw new ParseError('expression nested too deeply', this.hereSpan());
  }

  parseExpression(): Expr {
    this.enter();
    const first = this.peek();
    const terms: Expr[] = [];
    const signs: Array<1 | -1> = [];
    let sign: 1 | -1 = 1;
    if (this.isChar(first, '-')) { this.pos++; sign = -1; } else if (this.isChar(first, '+')) this.pos++;
    terms.push(this.parseTerm());
    signs.push(sign);
    for (;;) {
      const t = this.peek();
      if (this.isChar(t, '+') || this.isChar(t, '-')) {
        this.pos++;
        signs.push(t!.text === '-' ? -1 : 1);
        terms.push(this.parseTerm());
      } else if (t && (t.text === '\\pm' || t.text === '\\mp')) {
        throw new ParseError(`'${t.text}' gives two values; write each case as its own equation`, t, true);
      } else break;
    }
    this.depth--;
    if (terms.length === 1 && signs[0] === 1) return terms[0];
    const span = spanOf(first ?? terms[0].span, terms[terms.length - 1].span);
    if (terms.length === 1) return { kind: 'neg', arg: terms[0], span };
    return { kind: 'add', terms, signs, span };
  }

  /** Products joined by entrywise (`\odot`) or outer (`\otimes`) products, which bind looser. */
  private parseTerm(): Expr {
    let left = this.parseProduct();
    for (;;) {
      const t = this.peek();
      if (!t || !(HADAMARD.has(t.text) || OUTER.has(t.text))) return left;
      this.pos++;
      const right = this.parseProduct();
      const span = spanOf(left.span, right.span);
      if (OUTER.has(t.text)) left = { kind: 'outer', left, right, span };
      else left = { kind: 'hadamard', factors: left.kind === 'hadamard' ? [...left.factors, right] : [left, right], span };
    }
  }

  private parseProduct(): Expr {
    const factors: Expr[] = [this.parseUnary()];
    /** Factors written after `\cdot`: between two vectors it is their dot product. */
    const dotted = new Set<Expr>();
    for (;;) {
      const t = this.peek();
      if (!t) break;
      if ((t.kind === 'char' && t.text === '*') || MULTIPLY.has(t.text)) {
        this.pos++;
        factors.push(this.parseUnary());
        if (t.text === '\\cdot') dotted.add(factors[factors.length - 1]);
      } else if ((t.kind === 'char' && t.text === '/') || t.text === '\\div') {
        this.pos++;
        const den = this.parseUnary();
        const num = factors.length === 1 ? factors[0] : this.product(factors.splice(0));
        factors.length = 0;
        factors.push({ kind: 'div', num, den, span: spanOf(num.span, den.span) });
      } else if (this.startsFactor(t)) {
        factors.push(this.parseUnary());
      } else break;
    }
    return factors.length === 1 ? factors[0] : this.product(factors, dotted);
  }

  private product(factors: Expr[], dotted?: Set<Expr>): Expr {
    // a b (c d) is three factors; a product written in brackets stays one, with its brackets' span.
    const flat = factors.flatMap((f) => (f.kind === 'mul' && !f.grouped ? f.factors : [f]));
    const dots = dotted?.size ? flat.flatMap((f, k) => (dotted.has(f) ? [k] : [])) : [];
    return { kind: 'mul', factors: flat, span: spanOf(flat[0].span, flat[flat.length - 1].span), ...(dots.length ? { dots } : {}) };
  }

  private startsFactor(t: Token): boolean {
    if (isStop(t)) return (t.text === '|' && this.absDepth === 0) || ((t.text === '\\|' || t.text === '\\Vert') && this.normDepth === 0);
    if (t.kind === 'char') return '([{'.includes(t.text);
    return t.text !== '\\right' && t.text !== '\\end' && !HADAMARD.has(t.text) && !OUTER.has(t.text);
  }

  private parseUnary(): Expr {
    // Plus signs change nothing: skipped in a loop, a run of them cannot exhaust the stack.
    while (this.isChar(this.peek(), '+')) this.pos++;
    const t = this.peek();
    if (this.isChar(t, '-')) {
      this.pos++;
      this.enter();
      const arg = this.parseUnary();
      this.depth--;
      return { kind: 'neg', arg, span: spanOf(t!, arg.span) };
    }
    return this.parsePostfix();
  }

  private parsePostfix(): Expr {
    this.enter();
    const primary = this.parsePrimary();
    // `ax^{2}` is a times x squared: a superscript or prime after juxtaposed letters is the last letter's.
    const run = primary.kind === 'mul' && this.letterRuns.has(primary) ? primary.factors : undefined;
    let expr = run ? run[run.length - 1] : primary;
    for (;;) {
      const t = this.peek();
      if (this.isChar(t, '_') && expr.kind === 'call' && !expr.entry) {
        this.pos++;
        const range = this.argumentRange(t!);
        const index = this.tokens[range.start];
        if (range.end - range.start !== 1 || index.kind !== 'letter') throw new ParseError('expected one index letter after the function', t!, true);
        expr = { ...expr, entry: index.text, span: spanOf(expr.span, this.tokens[range.closeAt]) };
      } else if (this.isChar(t, '^')) {
        this.pos++;
        const range = this.argumentRange(t!);
        const end = this.tokens[range.closeAt];
        if (this.isTransposeRange(range)) {
          expr = { kind: 'transpose', arg: expr, span: spanOf(expr.span, end) };
          continue;
        }
        const layered = this.layerTranspose(expr, range);
        if (layered) {
          expr = { kind: 'transpose', arg: layered, span: spanOf(expr.span, end) };
          continue;
        }
        const exponent = this.parseRange(range);
        expr = { kind: 'pow', base: expr, exponent, span: spanOf(expr.span, this.tokens[range.closeAt]) };
      } else if (this.isChar(t, "'") && expr.kind === 'symbol') {
        this.pos++;
        expr = { ...expr, name: expr.name + "'", span: spanOf(expr.span, t!) };
      } else if (this.isChar(t, '!')) {
        throw new ParseError('factorials are not supported', t!, true);
      } else break;
    }
    this.depth--;
    if (!run) return expr;
    return expr === run[run.length - 1] ? primary : this.product([...run.slice(0, -1), expr]);
  }

  private parsePrimary(): Expr {
    const t = this.peek();
    if (!t) throw new ParseError('expected an expression', this.hereSpan());
    if (t.kind === 'number') {
      this.pos++;
      return { kind: 'number', value: Number(t.text), span: { start: t.start, end: t.end } };
    }
    if (t.kind === 'char') {
      if (t.text === '(' || t.text === '[') return this.parseGroup(t.text === '(' ? ')' : ']');
      if (t.text === '{') return this.parseBraceGroup();
      if (t.text === '|') return this.parseAbs('|');
      throw new ParseError(`unexpected '${t.text}'`, t);
    }
    const ones = this.onesAt(this.pos);
    if (ones) {
      this.pos += ones;
      const span = spanOf(t, this.tokens[this.pos - 1]);
      const next = this.peek();
      // \mathbb{1}[z > 0]: the indicator, 1 where the condition holds and 0 elsewhere.
      if (next && (this.isChar(next, '[') || this.isChar(next, '(') || next.text === '\\{')) return this.parseIndicator(span);
      return { kind: 'ones', span };
    }
    if (NORMS[t.text]) return this.parseNorm(NORMS[t.text]);
    switch (t.text) {
      case '\\frac': case '\\dfrac': case '\\tfrac': case '\\cfrac': return this.parseFrac();
      case '\\partial': return this.parsePartial();
      case '\\nabla': return this.parseNabla();
      case '\\sum': case '\\prod': return this.parseSum(t.text === '\\sum' ? 'sum' : 'prod');
      case '\\mathbb': return this.parseExpectation();
      case '\\sqrt': return this.parseSqrt();
      case '\\lvert': case '\\vert': return this.parseAbs(t.text === '\\lvert' ? '\\rvert' : '\\vert');
      case '\\{': case '\\lbrace': return this.parseGroup(t.text === '\\{' ? '\\}' : '\\rbrace');
      case '\\lbrack': return this.parseGroup('\\rbrack');
      case '\\infty': throw new ParseError('infinite values cannot be checked', t, true);
      case '\\begin': return this.parseEnvironment();
    }
    return this.parseNameOrCall();
  }

  /** The token range of a command argument: a braced group, or a single token. */
  private argumentRange(owner: Token): { start: number; end: number; closeAt: number } {
    const t = this.peek();
    if (!t) throw new ParseError(`'${owner.text}' expects an argument`, owner);
    if (this.isChar(t, '{')) {
      const close = this.matching(this.pos, '{', '}');
      if (close < 0) throw new ParseError(`unbalanced '{': no matching '}'`, t);
      const range = { start: this.pos + 1, end: close, closeAt: close };
      this.pos = close + 1;
      return range;
    }
    if (t.kind === 'char' && '}])'.includes(t.text)) throw new ParseError(`'${owner.text}' expects an argument`, owner);
    this.pos++;
    return { start: this.pos - 1, end: this.pos, closeAt: this.pos - 1 };
  }

  private matching(at: number, open: string, close: string): number {
    return matching(this.tokens, at, open, close, this.end);
  }

  private parseRange(range: { start: number; end: number }): Expr {
    if (range.start >= range.end) {
      throw new ParseError('expected an expression inside the braces', this.tokens[Math.max(0, range.start - 1)]);
    }
    const sub = new Parser(this.tokens, this.table, range.start, range.end);
    sub.depth = this.depth;
    return sub.parseAll();
  }

  private isTransposeRange(range: { start: number; end: number }): boolean {
    const first = this.tokens[range.start];
    return range.end - range.start >= 1 && TRANSPOSE.has(first.text) && (range.end - range.start === 1 || first.text === '\\mathsf');
  }

  /** `W^{(2)\top}`: a layer index and a transpose in one superscript; the symbol with its index. */
  private layerTranspose(expr: Expr, range: { start: number; end: number }): Expr | undefined {
    if (expr.kind !== 'symbol' || range.end - range.start < 4) return undefined;
    const last = this.tokens[range.end - 1];
    if (!TRANSPOSE.has(last.text)) return undefined;
    const index = this.tokens.slice(range.start, range.end - 1).map((x) => x.text).join('');
    if (!/^[([].*[)\]]$/.test(index)) return undefined;
    return { ...expr, name: `${expr.name}^${index}` };
  }

  private parseGroup(close: string): Expr {
    const open = this.tokens[this.pos++];
    const saved = this.absDepth;
    this.absDepth = 0;
    const inner = this.parseExpression();
    this.absDepth = saved;
    const end = this.expectChar(close, open);
    return grouped(inner, spanOf(open, end));
  }

  private parseBraceGroup(): Expr {
    const open = this.tokens[this.pos];
    const close = this.matching(this.pos, '{', '}');
    if (close < 0) throw new ParseError(`unbalanced '{': no matching '}'`, open);
    this.pos++;
    const inner = this.parseRange({ start: this.pos, end: close });
    this.pos = close + 1;
    return grouped(inner, spanOf(open, this.tokens[close]));
  }

  private parseAbs(close: string): Expr {
    const open = this.tokens[this.pos++];
    this.absDepth++;
    const inner = this.parseExpression();
    this.absDepth--;
    const t = this.peek();
    if (!t || t.text !== (close === '\\vert' ? '\\vert' : close)) {
      throw new ParseError(`expected '${close}' to close the absolute value`, open);
    }
    this.pos++;
    return { kind: 'call', fn: 'abs', order: 0, args: [inner], span: spanOf(open, t), fnSpan: { start: open.start, end: open.end } };
  }

  /** `\|x\|`, `\|x\|_2`, `\lVert x \rVert_F`: the Euclidean (Frobenius) norm. */
  private parseNorm(close: string): Expr {
    const open = this.tokens[this.pos++];
    this.normDepth++;
    const inner = this.parseExpression();
    this.normDepth--;
    const t = this.peek();
    if (!t || t.text !== close) throw new ParseError('expected \\| to close the norm', open);
    this.pos++;
    let end: Span = t;
    if (this.isChar(this.peek(), '_')) {
      // The 2-norm and the Frobenius norm are the one norm computed here.
      this.pos++;
      let range = this.argumentRange(t);
      // `_\textrm{F}`, `_{\mathrm{F}}`: the F of the Frobenius norm, whatever its font.
      const font = this.tokens[range.start];
      const styled = range.end - range.start === 1 && font.kind === 'command' && (UPRIGHT.has(font.text.slice(1)) || FONTS.has(font.text.slice(1)));
      if (styled && this.isChar(this.peek(), '{')) range = { ...this.argumentRange(font), start: range.start };
      const which = this.tokens.slice(range.start, range.end).filter((x) => x.kind !== 'command' && x.text !== '{' && x.text !== '}').map((x) => x.text).join('');
      if (which !== '2' && which !== 'F') throw new ParseError(`the norm ${which} is not supported (only the 2-norm and the Frobenius norm)`, t, true);
      end = this.tokens[range.closeAt];
    }
    return { kind: 'norm', arg: inner, span: spanOf(open, end) };
  }

  private parseIndicator(start: Span): Expr {
    const open = this.tokens[this.pos];
    const closer = open.text === '[' ? ']' : open.text === '(' ? ')' : '\\}';
    const close = this.matching(this.pos, open.text, closer);
    const cond = close < 0 ? [] : this.tokens.slice(this.pos + 1, close);
    if (!cond.some((x) => ['<', '>', '\\le', '\\leq', '\\ge', '\\geq', '\\lt', '\\gt'].includes(x.text))) {
      // Not a condition: the ones vector times a bracketed factor.
      return { kind: 'ones', span: start };
    }
    const condition = this.parseCondition(cond);
    this.pos = close + 1;
    const span = spanOf(start, this.tokens[close]);
    return { kind: 'piecewise', pieces: [{ value: { kind: 'number', value: 1, span }, condition }, { value: { kind: 'number', value: 0, span } }], span };
  }

  /** `\mathbf{1}`, `\mathbb{1}`, `\vec{1}`: the ones vector; the length at `at` holds the command. */
  private onesAt(i: number): number {
    const t = this.tokens[i];
    if (!t || t.kind !== 'command' || !(FONTS.has(t.text.slice(1)) || t.text === '\\mathbb')) return 0;
    const next = this.tokens[i + 1];
    if (next?.kind === 'number' && next.text === '1') return 2;
    if (this.isChar(next, '{') && this.tokens[i + 2]?.text === '1' && this.isChar(this.tokens[i + 3], '}')) return 4;
    return 0;
  }

  private parseSqrt(): Expr {
    const cmd = this.tokens[this.pos++];
    let root: Expr | undefined;
    if (this.isChar(this.peek(), '[')) {
      const open = this.tokens[this.pos];
      const close = this.matching(this.pos, '[', ']');
      if (close < 0) throw new ParseError(`unbalanced '['`, open);
      root = this.parseRange({ start: this.pos + 1, end: close });
      this.pos = close + 1;
    }
    const range = this.argumentRange(cmd);
    const arg = this.parseRange(range);
    const span = spanOf(cmd, this.tokens[range.closeAt]);
    if (!root) return { kind: 'call', fn: 'sqrt', order: 0, args: [arg], span, fnSpan: cmd };
    const one: Expr = { kind: 'number', value: 1, span: root.span };
    return { kind: 'pow', base: arg, exponent: { kind: 'div', num: one, den: root, span: root.span }, span };
  }

  private parseFrac(): Expr {
    const cmd = this.tokens[this.pos++];
    // \frac12 is \frac{1}{2}: the digits of one number token are two arguments.
    const t = this.peek();
    if (t && t.kind === 'number' && t.text.length === 2) {
      this.pos++;
      const num: Expr = { kind: 'number', value: Number(t.text[0]), span: { start: t.start, end: t.start + 1 } };
      const den: Expr = { kind: 'number', value: Number(t.text[1]), span: { start: t.start + 1, end: t.end } };
      return { kind: 'div', num, den, span: spanOf(cmd, t) };
    }
    const numRange = this.argumentRange(cmd);
    if (!this.peek()) throw new ParseError(`'${cmd.text}' expects 2 arguments, found 1`, cmd);
    const denRange = this.argumentRange(cmd);
    const span = spanOf(cmd, this.tokens[denRange.closeAt]);
    const derivative = this.derivativeFromFraction(numRange, denRange, span) ?? this.scaledDerivative(numRange, denRange, span);
    if (derivative) return derivative;
    return { kind: 'div', num: this.parseRange(numRange), den: this.parseRange(denRange), span };
  }

  /** `\frac{\partial l(\mathbf{o}_t, y_t)}{T \cdot \partial \mathbf{o}_t}` (d2l's BPTT): the derivative over T. */
  private scaledDerivative(num: { start: number; end: number }, den: { start: number; end: number }, span: Span): Expr | undefined {
    if (this.tokens[num.start]?.text !== '\\partial') return undefined;
    let at = den.start;
    while (at < den.end && this.tokens[at].text !== '\\partial') at++;
    if (at === den.start || at >= den.end) return undefined;
    const factorEnd = this.tokens[at - 1].text === '\\cdot' ? at - 1 : at;
    if (factorEnd === den.start) return undefined;
    const derivative = this.derivativeFromFraction(num, { start: at, end: den.end }, span);
    return derivative && { kind: 'div', num: derivative, den: this.parseRange({ start: den.start, end: factorEnd }), span };
  }

  /** Length of a differential operator at `i` (`\partial`, `d`, `\mathrm{d}`), or 0. */
  private differentialAt(i: number, end: number): number {
    const t = this.tokens[i];
    if (!t || i >= end) return 0;
    if (t.text === '\\partial') return 1;
    if (t.kind === 'letter' && t.text === 'd') return 1;
    if (UPRIGHT.has(t.text.slice(1)) && this.tokens[i + 1]?.text === '{' && this.tokens[i + 2]?.text === 'd' && this.tokens[i + 3]?.text === '}') return 4;
    return 0;
  }

  private derivativeFromFraction(
    num: { start: number; end: number }, den: { start: number; end: number }, span: Span,
  ): Expr | undefined {
    const numOp = this.differentialAt(num.start, num.end);
    const denOp = this.differentialAt(den.start, den.end);
    if (!numOp || !denOp) return undefined;
    const partial = this.tokens[num.start].text === '\\partial';
    // `d` alone on top of a non-differential is an ordinary fraction: d/N.
    if (!partial && den.end - den.start - denOp < 1) return undefined;
    if (this.isChar(this.tokens[num.start + numOp], '^')) {
      throw new ParseError('higher-order derivatives are not checked yet', this.tokens[num.start], true);
    }
    const wrt = this.readWholeName(den.start + denOp, den.end);
    if (!wrt) {
      throw new ParseError('expected one variable after the differential in the denominator', this.tokens[den.start], true);
    }
    let of: Expr;
    if (num.start + numOp >= num.end) {
      // Operator form \frac{\partial}{\partial w} (...): the operand is the rest of the product,
      // or the bracketed group that follows (`\frac{d}{dx}[2]\,x^2` differentiates the 2 only).
      const next = this.peek();
      if (!next || isStop(next)) throw new ParseError('expected what to differentiate after the operator', this.tokens[num.start]);
      of = this.isChar(next, '[') || (next.text === '\\left' && this.isChar(this.peek(1), '[')) ? this.parsePostfix() : this.parseTerm();
      return { kind: 'derivative', of, wrt, span: spanOf(span, of.span) };
    }
    of = this.readWholeName(num.start + numOp, num.end) ?? this.parseRange({ start: num.start + numOp, end: num.end });
    const at = this.evaluationAt(wrt);
    return { kind: 'derivative', of, wrt, span: at ? spanOf(span, at) : span };
  }

  /**
   * `\frac{dg}{dx}(x)`: a derivative evaluated at its own variable is the derivative, not a
   * product with (x). Consumes the parenthesis and returns its closing token.
   */
  private evaluationAt(wrt: SymbolExpr): Token | undefined {
    if (!this.isChar(this.peek(), '(')) return undefined;
    const close = this.matching(this.pos, '(', ')');
    if (close < 0 || this.readWholeName(this.pos + 1, close)?.name !== wrt.name) return undefined;
    this.pos = close + 1;
    return this.tokens[close];
  }

  /**
   * The operand of `\nabla_x` or `\partial_x`: the next factor, or the whole product that follows
   * when that factor is written in the variable itself (`\nabla_x x^\top A x` is the gradient of
   * the product; `\nabla_z L \, h^\top` is the gradient of L times h transposed).
   */
  private parseOperand(wrt: SymbolExpr): Expr {
    const start = this.pos;
    const first = this.parsePostfix();
    let mentions = false;
    walk(first, (n) => { if (n.kind === 'symbol' && n.name === wrt.name) mentions = true; });
    if (!mentions || this.pos >= this.end || isStop(this.peek()!)) return first;
    this.pos = start;
    return this.parseTerm();
  }

  /** `\partial L / \partial w` or `\partial_w L`. */
  private parsePartial(): Expr {
    const op = this.tokens[this.pos++];
    if (this.isChar(this.peek(), '_')) {
      this.pos++;
      const range = this.argumentRange(op);
      const wrt = this.readWholeName(range.start, range.end);
      if (!wrt) throw new ParseError('expected a variable as the subscript of \\partial', op);
      const of = this.parseOperand(wrt);
      return { kind: 'derivative', of, wrt, span: spanOf(op, of.span) };
    }
    const of = this.parseDifferentialOperand(op);
    const slash = this.peek();
    if (!this.isChar(slash, '/') || this.peek(1)?.text !== '\\partial') {
      throw new ParseError("expected '/\\partial' after '\\partial' (write \\partial L/\\partial w)", op);
    }
    this.pos += 2;
    const wrt = this.parseDifferentialOperand(this.tokens[this.pos - 1]);
    if (wrt.kind !== 'symbol') throw new ParseError('expected a variable after \\partial', wrt.span);
    return { kind: 'derivative', of, wrt, span: spanOf(op, wrt.span) };
  }

  /** A name (read whole, `net_1` is one name after a differential) or a parenthesised expression. */
  private parseDifferentialOperand(op: Token): Expr {
    const t = this.peek();
    if (!t) throw new ParseError('expected a variable after \\partial', op);
    if (this.isChar(t, '(') || this.isChar(t, '[')) return this.parseGroup(t.text === '(' ? ')' : ']');
    const name = this.readName(this.pos, true);
    if (!name) throw new ParseError('expected a variable after \\partial', t);
    this.pos = name.end;
    return joinName(name);
  }

  /** `\nabla_w L`: the gradient of the next factor with respect to the subscript. */
  private parseNabla(): Expr {
    const op = this.tokens[this.pos++];
    if (!this.isChar(this.peek(), '_')) {
      // `\nabla f(\mathbf{x})`: the gradient with respect to the function's one argument.
      const start = this.pos;
      const of = this.parsePostfix();
      const wrt = this.soleArgument(start, this.pos);
      if (!wrt) throw new ParseError('write the variable as a subscript: \\nabla_w L', op, true);
      return { kind: 'derivative', of, wrt, span: spanOf(op, of.span) };
    }
    this.pos++;
    const range = this.argumentRange(op);
    const wrt = this.readWholeName(range.start, range.end);
    if (!wrt) throw new ParseError('expected a variable as the subscript of \\nabla', op);
    const of = this.parseOperand(wrt);
    return { kind: 'derivative', of, wrt, span: spanOf(op, of.span) };
  }

  /** The one name in parentheses that ends the tokens [start, end) (`f(\mathbf{x})`), if there is one. */
  private soleArgument(start: number, end: number): SymbolExpr | undefined {
    if (end - start < 4 || !this.isChar(this.tokens[end - 1], ')')) return undefined;
    const open = this.tokens.slice(start, end).findIndex((t) => this.isChar(t, '('));
    if (open < 1 || this.matching(start + open, '(', ')') !== end - 1) return undefined;
    return this.readWholeName(start + open + 1, end - 1);
  }

  private parseSum(op: 'sum' | 'prod'): Expr {
    const cmd = this.tokens[this.pos++];
    let index: string | undefined;
    let lower: Expr | undefined;
    let upper: Expr | undefined;
    for (let k = 0; k < 2; k++) {
      const t = this.peek();
      if (this.isChar(t, '_')) {
        this.pos++;
        const range = this.argumentRange(cmd);
        const condition = this.tokens.slice(range.start, range.end).find((x) => CONDITIONS.has(x.text));
        // \sum_{j \neq y_i}, \sum_{k < t}: a sum that leaves terms out is not a sum over the examples.
        if (condition) throw new ParseError(`sums with a condition on the index ('${condition.text}') are not read yet`, condition, true);
        const eq = this.tokens.slice(range.start, range.end).findIndex((x) => x.text === '=' || x.text === '\\in');
        const nameEnd = eq < 0 ? range.end : range.start + eq;
        index = this.readWholeName(range.start, nameEnd)?.name;
        if (eq >= 0 && this.tokens[range.start + eq].text === '=') lower = this.parseRange({ start: nameEnd + 1, end: range.end });
      } else if (this.isChar(t, '^')) {
        this.pos++;
        upper = this.parseRange(this.argumentRange(cmd));
      }
    }
    // `\sum_{i=1}^{m} -2 (x_i - \mu)`: a summand may open with its sign.
    const minus = this.isChar(this.peek(), '-') ? this.tokens[this.pos++] : undefined;
    const next = this.peek();
    // A summand may be a norm or an absolute value (`\sum_t \|o_t - y_t\|^2`), unless that bar closes one.
    if (!next || (isStop(next) && !this.startsFactor(next))) throw new ParseError(`expected a summand after '${cmd.text}'`, cmd);
    const term = this.parseTerm();
    const body: Expr = minus ? { kind: 'neg', arg: term, span: spanOf(minus, term.span) } : term;
    return { kind: 'sum', op, index, lower, upper, body, span: spanOf(cmd, body.span) };
  }

  /** `\mathbb{E}[...]`: the mean over the examples. */
  private parseExpectation(): Expr {
    const cmd = this.tokens[this.pos++];
    const range = this.argumentRange(cmd);
    if (range.end - range.start !== 1 || this.tokens[range.start].text !== 'E') {
      throw new ParseError('only \\mathbb{E} is understood as an operator here', cmd, true);
    }
    let index: string | undefined;
    if (this.isChar(this.peek(), '_')) {
      this.pos++;
      const sub = this.argumentRange(cmd);
      index = this.readWholeName(sub.start, sub.end)?.name;
    }
    const t = this.peek();
    if (!this.isChar(t, '[') && !this.isChar(t, '(')) throw new ParseError("expected '[' after \\mathbb{E}", cmd);
    const body = this.parseGroup(t!.text === '[' ? ']' : ')');
    return { kind: 'sum', op: 'mean', index, body, span: spanOf(cmd, body.span) };
  }

  private parseEnvironment(): Expr {
    const begin = this.tokens[this.pos++];
    const nameRange = this.argumentRange(begin);
    const env = this.tokens.slice(nameRange.start, nameRange.end).map((t) => t.text).join('');
    if (env !== 'cases') throw new ParseError(`the environment '${env}' is not understood inside an equation`, begin, true);
    const pieces: Array<{ value: Expr; condition?: Condition }> = [];
    let rowStart = this.pos;
    let depth = 0;
    for (let i = this.pos; i < this.end; i++) {
      const t = this.tokens[i];
      if (t.text === '\\begin') depth++;
      const closing = t.text === '\\end' && depth === 0;
      if (t.text === '\\end' && depth > 0) depth--;
      if ((t.text === '\\\\' && depth === 0) || closing) {
        if (i > rowStart) pieces.push(this.parseCase(rowStart, i));
        rowStart = i + 1;
      }
      if (closing) {
        if (pieces.length === 0) throw new ParseError('expected at least one case before \\end{cases}', begin);
        this.pos = i + 1;
        const endName = this.argumentRange(t);
        return { kind: 'piecewise', pieces, span: spanOf(begin, this.tokens[endName.closeAt]) };
      }
    }
    throw new ParseError("missing '\\end{cases}'", begin);
  }

  private parseCase(start: number, end: number): { value: Expr; condition?: Condition } {
    const amp = this.tokens.slice(start, end).findIndex((t) => t.text === '&');
    const valueEnd = amp < 0 ? end : start + amp;
    const value = this.parseRange({ start, end: valueEnd });
    if (amp < 0) return { value };
    const cond = this.tokens.slice(valueEnd + 1, end).filter((t, k, all) => !this.isProse(all, k) && t.text !== ',');
    if (cond.length === 0) return { value };
    return { value, condition: this.parseCondition(cond) };
  }

  /** `z > 0`, `a \le b`: the comparison of a case or an indicator. */
  private parseCondition(cond: Token[]): Condition {
    const opIndex = cond.findIndex((t) => ['<', '>', '\\le', '\\leq', '\\ge', '\\geq', '\\lt', '\\gt', '\\leqslant', '\\geqslant'].includes(t.text));
    if (opIndex < 0) throw new ParseError('expected a condition such as z > 0', cond[0] ?? this.hereSpan());
    const opText = cond[opIndex].text;
    const op: Condition['op'] = opText === '<' || opText === '\\lt' ? '<' : opText === '>' || opText === '\\gt' ? '>'
      : opText.startsWith('\\le') ? '<=' : '>=';
    const left = new Parser(cond, this.table, 0, opIndex).parseAll();
    const right = new Parser(cond, this.table, opIndex + 1, cond.length).parseAll();
    return { op, left, right };
  }

  /** True for the tokens of `\text{...}` prose (and the command itself) at `k`. */
  private isProse(all: Token[], k: number): boolean {
    for (let i = k; i >= 0 && i >= k - 40; i--) {
      if (UPRIGHT.has(all[i].text.slice(1)) && all[i].kind === 'command') {
        let depth = 0;
        for (let j = i + 1; j < all.length; j++) {
          if (all[j].text === '{') depth++;
          else if (all[j].text === '}') { depth--; if (depth === 0) return k <= j; }
        }
        return true;
      }
    }
    return false;
  }

  /** A name (possibly several juxtaposed symbols), a constant, or a function application. */
  private parseNameOrCall(): Expr {
    const t = this.tokens[this.pos];
    const fnName = this.functionAt(this.pos);
    if (fnName) return this.parseCall(fnName.fn, fnName.length);
    const parts = this.readName(this.pos, false);
    if (!parts) throw new ParseError(t.kind === 'command' ? `unknown command '${t.text}'` : `unexpected '${t.text}'`, t);
    this.pos = parts.end;
    const atoms = this.names.split(parts, this.callFollows());
    const last = atoms[atoms.length - 1];
    if (last.kind === 'function') {
      atoms.pop();
      const call = this.parseCallArguments(last.fn, last.span, last.order ?? 0);
      return atoms.length ? this.product([...atoms.map((a) => this.atomExpr(a)), call]) : call;
    }
    const exprs = atoms.map((a) => this.atomExpr(a));
    const result = exprs.length === 1 ? exprs[0] : this.product(exprs);
    if (exprs.length > 1) this.letterRuns.add(result);
    // J(\theta), L(w): a defined symbol followed by its argument list is the symbol itself.
    if (exprs.length === 1 && result.kind === 'symbol' && this.table.names.has(result.name) && this.isArgumentList()) {
      const close = this.matching(this.pos, '(', ')');
      this.pos = close + 1;
    }
    return result;
  }

  private atomExpr(atom: Atom): Expr {
    if (atom.kind === 'constant') return { kind: 'constant', name: atom.name, span: atom.span };
    if (atom.kind === 'function') return { kind: 'symbol', name: atom.fn, span: atom.span };
    return { kind: 'symbol', name: atom.name, time: atom.time, span: atom.span };
  }

  /** `(a, b)` where every entry is a plain name that is not itself defined from others. */
  private isArgumentList(): boolean {
    if (!this.isChar(this.peek(), '(')) return false;
    const close = this.matching(this.pos, '(', ')');
    if (close < 0) return false;
    // \delta (\mathbf{a})^\top: a bracketed factor with a superscript is a factor, not arguments.
    if (this.isChar(this.tokens[close + 1], '^') && close + 1 < this.end) return false;
    let i = this.pos + 1;
    while (i < close) {
      const name = this.readName(i, true);
      if (!name) return false;
      i = name.end;
      if (i < close && this.tokens[i].text !== ',') return false;
      if (i < close) i++;
    }
    return i === close && close > this.pos + 1;
  }

  /** A function spelled as a command (`\tanh`) or an upright word (`\operatorname{ReLU}`). */
  private functionAt(i: number): { fn: string; length: number } | undefined {
    const t = this.tokens[i];
    if (t.kind !== 'command') return undefined;
    const builtin = FUNCTION_SPELLINGS[t.text];
    if (builtin) {
      const name = t.text.slice(1);
      // \sigma is a variable when the document uses it as one and never defines the function (a
      // standard deviation \sigma, a variance \sigma_{\mathcal{B}}^2).
      if (name === 'sigma' && !this.table.functions.has('\\sigma') && this.namesQuantity(i)) return undefined;
      return { fn: this.table.functions.has(t.text) ? t.text : builtin, length: 1 };
    }
    if (UPRIGHT.has(t.text.slice(1)) && this.tokens[i + 1]?.text === '{') {
      const close = this.matching(i + 1, '{', '}');
      const word = this.tokens.slice(i + 2, Math.max(i + 2, close)).map((x) => x.text).join('');
      const fn = this.table.functions.has(word) ? word : FUNCTION_SPELLINGS[word];
      if (fn && close > 0) return { fn, length: close - i + 1 };
    }
    return undefined;
  }

  /** True when the name written at `i` is one the document gives a value. */
  private namesQuantity(i: number): boolean {
    try {
      const parts = this.readName(i, true);
      return !!parts && this.table.names.has(parts.stems.map((s) => s.text).join('') + parts.suffix);
    } catch {
      return false;
    }
  }

  private parseCall(fn: string, length: number): Expr {
    const start = this.tokens[this.pos];
    this.pos += length;
    return this.parseCallArguments(fn, spanOf(start, this.tokens[this.pos - 1]), 0);
  }

  /** Primes, a power of the function (`\tanh^2 z`), then `(args)` or a single factor. */
  private parseCallArguments(fn: string, fnSpan: Span, order: number): Expr {
    let power: Expr | undefined;
    for (;;) {
      const t = this.peek();
      if (this.isChar(t, "'")) { this.pos++; order++; continue; }
      if (this.isChar(t, '^')) {
        this.pos++;
        const range = this.argumentRange(t!);
        const text = this.tokens.slice(range.start, range.end).map((x) => x.text).join('');
        if (PRIME_SUPERSCRIPTS[text] === "'") { order++; continue; }
        if (text === '-1') throw new ParseError('inverse functions are not supported', t!, true);
        power = this.parseRange(range);
        continue;
      }
      break;
    }
    const t = this.peek();
    let args: Expr[];
    let endSpan: Span;
    if (this.isChar(t, '(') || this.isChar(t, '[') || t?.text === '\\{') {
      const close = t!.text === '(' ? ')' : t!.text === '[' ? ']' : '\\}';
      this.pos++;
      args = [this.parseExpression()];
      while (this.isChar(this.peek(), ',')) { this.pos++; args.push(this.parseExpression()); }
      endSpan = this.expectChar(close, t);
    } else if (this.isChar(t, '{')) {
      const arg = this.parseBraceGroup();
      args = [arg];
      endSpan = arg.span;
    } else if (t && !isStop(t)) {
      const arg = this.parsePostfix();
      args = [arg];
      endSpan = arg.span;
    } else {
      throw new ParseError(`expected an argument for ${fn}`, fnSpan);
    }
    const call: Expr = { kind: 'call', fn, order, args, span: spanOf(fnSpan, endSpan), fnSpan };
    return power ? { kind: 'pow', base: call, exponent: power, span: call.span } : call;
  }

  /** Reads the tokens from `start` to `end` as exactly one name, or returns undefined. */
  private readWholeName(start: number, end: number): SymbolExpr | undefined {
    return this.names.whole(start, end);
  }

  private readName(i: number, whole: boolean): NameParts | undefined {
    return this.names.read(i, this.end, whole);
  }

  private callFollows(): boolean {
    const t = this.peek();
    return !!t && (this.isChar(t, '(') || this.isChar(t, "'") || this.isChar(t, '{') || this.isChar(t, '^'));
  }
}
