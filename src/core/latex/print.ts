import type { Expr } from './ast';

/** How the author writes things, so suggestions read like the rest of the document. */
export interface Notation {
  /** The first spelling of each symbol in the document (`{y}'`, `w_{2}`, `\mathrm{net}_1`). */
  spelling: Map<string, string>;
  /** The author's explicit product sign (`\times`, `\cdot`), or juxtaposition. */
  times: string;
  /** The first spelling of each function name (`\mathrm{ReLU}`). */
  functions: Map<string, string>;
  /** Whether a symbol varies by example: inside `\sum_i` it is written with the index i. */
  perExample?: (name: string) => boolean;
}

/** Entrywise and outer products bind looser than juxtaposition (`W^\top \delta \odot \sigma'(z)`). */
const PRECEDENCE: Partial<Record<Expr['kind'], number>> = { add: 1, neg: 2, hadamard: 2.5, outer: 2.5, mul: 3, div: 4, sum: 2, pow: 5, transpose: 5 };

function precedence(e: Expr): number {
  if (e.kind === 'number' && e.value < 0) return 2;
  return PRECEDENCE[e.kind] ?? 6;
}

const FUNCTION_LATEX: Record<string, string> = {
  sigma: '\\sigma', tanh: '\\tanh', exp: '\\exp', log: '\\log', ln: '\\ln', sin: '\\sin', cos: '\\cos',
  relu: '\\operatorname{ReLU}', softplus: '\\operatorname{softplus}', max: '\\max', min: '\\min', abs: '\\operatorname{abs}',
  softmax: '\\operatorname{softmax}', tr: '\\operatorname{tr}', diag: '\\operatorname{diag}',
};

/** A number as the author would write it: 2, \frac{1}{2}, 0.37 (values from ratios carry rounding). */
function number(value: number): string {
  for (const d of [1, 2, 3, 4, 5, 6, 8, 10]) {
    const n = value * d;
    if (Math.abs(n - Math.round(n)) < 1e-9 * Math.max(1, Math.abs(n))) {
      const whole = Math.round(n);
      return d === 1 ? String(whole) : `${whole < 0 ? '-' : ''}\\frac{${Math.abs(whole)}}{${d}}`;
    }
  }
  return String(Number(value.toPrecision(6)));
}

/** Prints an expression as LaTeX in the author's notation, with only the parentheses it needs. */
export function printLatex(expr: Expr, notation: Notation): string {
  /** The example index of the sum being printed: per-example symbols inside it carry it. */
  let index: string | undefined;
  const wrap = (e: Expr, min: number): string => {
    const s = print(e);
    return precedence(e) < min ? `(${s})` : s;
  };
  /** Factors of a product: the author's sign between chain-rule factors, juxtaposition inside one. */
  const product = (factors: Expr[], times: string): string => {
    let out = '';
    factors.forEach((f, k) => {
      // A sum as the last factor needs no parentheses: 2\sum x reads unambiguously.
      const s = f.kind === 'mul' ? product(f.factors, '') : f.kind === 'sum' && k === factors.length - 1 ? print(f) : wrap(f, 3);
      if (k === 0) out = s;
      else if (times || /^[\d-]/.test(s)) out += ` ${times || '\\cdot'} ${s}`;
      else out += /^[({]/.test(s) ? s : ` ${s}`;
    });
    return out;
  };
  const print = (e: Expr): string => {
    switch (e.kind) {
      case 'number': return number(e.value);
      case 'constant': return e.name === 'e' ? 'e' : '\\pi';
      case 'symbol': {
        const spelled = notation.spelling.get(e.name) ?? e.name;
        return index && notation.perExample?.(e.name) ? `${spelled}_{${index}}` : spelled;
      }
      case 'neg': return `-${wrap(e.arg, 3)}`;
      case 'add': return e.terms.map((t, k) => {
        const s = wrap(t, 2);
        if (k === 0) return e.signs[0] < 0 ? `-${wrap(t, 3)}` : s;
        return `${e.signs[k] < 0 ? ' - ' : ' + '}${e.signs[k] < 0 ? wrap(t, 3) : s}`;
      }).join('');
      case 'mul': {
        const [first, second, ...rest] = e.factors;
        // 2 \cdot \frac{1}{N} x reads as \frac{2}{N} x.
        if (first.kind === 'number' && Number.isInteger(first.value) && second?.kind === 'div' && second.num.kind === 'number' && second.num.value === 1) {
          const fraction: Expr = { kind: 'div', num: first, den: second.den, span: e.span };
          return rest.length ? product([fraction, ...rest], notation.times) : print(fraction);
        }
        return product(e.factors, notation.times);
      }
      case 'div': return `\\frac{${print(e.num)}}{${print(e.den)}}`;
      case 'transpose': return `${wrap(e.arg, 6)}^\\top`;
      case 'hadamard': return e.factors.map((f) => wrap(f, 3)).join(' \\odot ');
      case 'outer': return `${wrap(e.left, 3)} \\otimes ${wrap(e.right, 3)}`;
      case 'ones': return '\\mathbf{1}';
      case 'norm': return `\\|${print(e.arg)}\\|`;
      case 'pow':
        if (e.base.kind === 'constant' && e.base.name === 'e') return `e^{${print(e.exponent)}}`;
        return `${wrap(e.base, 6)}^{${print(e.exponent)}}`;
      case 'call': {
        const name = notation.functions.get(e.fn) ?? FUNCTION_LATEX[e.fn] ?? e.fn;
        return `${name}${"'".repeat(e.order)}(${e.args.map(print).join(', ')})`;
      }
      case 'derivative': return `\\frac{\\partial ${wrap(e.of, 6)}}{\\partial ${print(e.wrt)}}`;
      case 'sum': {
        const op = e.op === 'prod' ? '\\prod' : e.op === 'mean' ? '\\mathbb{E}' : '\\sum';
        const range = e.index ? `_{${e.index}${e.lower ? `=${print(e.lower)}` : ''}}${e.upper ? `^{${print(e.upper)}}` : ''}` : '';
        const outer = index;
        index = e.index;
        const written = e.op === 'mean' ? `${op}\\left[${print(e.body)}\\right]` : `${op}${range} ${wrap(e.body, 3)}`;
        index = outer;
        return written;
      }
      case 'piecewise':
        return `\\begin{cases} ${e.pieces.map((p) => `${print(p.value)} & ${p.condition ? `${print(p.condition.left)} ${p.condition.op.replace('<=', '\\le').replace('>=', '\\ge')} ${print(p.condition.right)}` : '\\text{otherwise}'}`).join(' \\\\ ')} \\end{cases}`;
    }
  };
  return print(expr);
}

/**
 * A sum negated in the author's own words: `y - \hat{y}` becomes `\hat{y} - y`, each term as
 * written (printing the tree would respell names the way the document first wrote them).
 */
export function negatedSource(right: Expr, text: string): string | undefined {
  if (right.kind !== 'add') return undefined;
  const terms = right.terms.map((term, k) => ({ positive: right.signs[k] < 0, written: text.slice(term.span.start, term.span.end).trim() }));
  if (terms.some((t) => /^[-+]/.test(t.written))) return undefined;
  const ordered = [...terms.filter((t) => t.positive), ...terms.filter((t) => !t.positive)];
  return ordered.map((t, k) => `${k === 0 ? (t.positive ? '' : '-') : t.positive ? ' + ' : ' - '}${t.written}`).join('');
}
