/**
 * What the text assumes about a quantity, and so about the points it is sampled at: a gradient
 * that holds for a symmetric Q (`\nabla_x \frac{1}{2} x^\top Q x = Q x`) is right in a text that
 * says `\mathbf{Q} \succ 0` or "Q is symmetric", and must be checked with such a Q, not with any.
 */
import { type Expr, walk } from '../latex/ast';
import type { Derivation } from './derivation';

export type Assumption = 'symmetric' | 'positive definite' | 'orthogonal' | 'diagonal' | 'positive';

/** A name as the parser spells it: fonts dropped, subscripts without braces (`\mathbf{Q}_{1}` is `Q_1`). */
function nameOf(latex: string): string | undefined {
  const plain = latex.trim()
    .replace(/\\(mathbf|boldsymbol|bm|mathrm|mathit|textbf)\s*\{([^{}]*)\}/g, '$2')
    .replace(/_\{([^{}]*)\}/g, '_$1')
    .replace(/\s+/g, '');
  return /^\\?[A-Za-z]+(_[A-Za-z0-9]+)?$/.test(plain) ? plain : undefined;
}

const KIND = /(symmetric|positive[- ]semi-?definite|positive[- ]definite|orthogonal|orthonormal|diagonal)/;
const NAME = String.raw`((?:\\(?:mathbf|boldsymbol|bm)\s*\{[^{}$]*\}|\\?[A-Za-z]+)(?:_\{?[A-Za-z0-9]+\}?)?)`;

const STATEMENTS: Array<{ pattern: RegExp; kind: (m: RegExpExecArray) => string; name: (m: RegExpExecArray) => string }> = [
  // $\mathbf{Q} \succ 0$, $\mathbf{A} \succeq 0$
  { pattern: new RegExp(`${NAME}\\s*\\\\succ(eq)?\\s*0`, 'g'), kind: () => 'positive definite', name: (m) => m[1] },
  // $x > 0$
  { pattern: new RegExp(`\\$\\s*${NAME}\\s*>\\s*0\\s*\\$`, 'g'), kind: () => 'positive', name: (m) => m[1] },
  // $A = A^\top$
  { pattern: new RegExp(`${NAME}\\s*=\\s*${NAME}\\s*\\^\\s*\\{?\\\\top\\}?`, 'g'), kind: () => 'symmetric', name: (m) => (nameOf(m[1]) === nameOf(m[2]) ? m[1] : '') },
  // a symmetric matrix $\mathbf{A}$, for positive definite $\mathbf{Q}$
  { pattern: new RegExp(`${KIND.source}(?:\\s+(?:\\w+\\s+)?(?:matrix|matrices))?\\s*\\$\\s*${NAME}\\s*\\$`, 'gi'), kind: (m) => m[1], name: (m) => m[2] },
  // $\mathbf{Q}$ is symmetric, $Q$ is a positive definite matrix
  { pattern: new RegExp(`\\$\\s*${NAME}\\s*\\$\\s+(?:(?:is|be|being)\\s+)?(?:an?\\s+)?${KIND.source}`, 'gi'), kind: (m) => m[2], name: (m) => m[1] },
];

function assumptionOf(kind: string): Assumption {
  const k = kind.toLowerCase();
  if (k === 'positive') return 'positive';
  if (k.startsWith('positive')) return 'positive definite';
  if (k.startsWith('ortho')) return 'orthogonal';
  return k as Assumption;
}

/** The assumptions the text states, by the name they are about. */
export function readAssumptions(text: string): Map<string, Assumption[]> {
  const found = new Map<string, Assumption[]>();
  for (const statement of STATEMENTS) {
    statement.pattern.lastIndex = 0;
    for (let m = statement.pattern.exec(text); m; m = statement.pattern.exec(text)) {
      const name = nameOf(statement.name(m));
      if (!name) continue;
      const list = found.get(name) ?? [];
      const assumption = assumptionOf(statement.kind(m));
      if (!list.includes(assumption)) list.push(assumption);
      found.set(name, list);
    }
  }
  return found;
}

// $\mathbf{y}$ is a one-hot vector, $\mathbf{y}$ is one-hot
const ONE_HOT = new RegExp(String.raw`\$\s*${NAME}\s*\$\s+(?:is|be)\s+(?:an?\s+)?one[- ]hot`, 'gi');

/** The labels the text says are one-hot: data, sampled so, whatever an equation elsewhere models them as. */
export function statedOneHot(text: string): string[] {
  return [...text.matchAll(ONE_HOT)].flatMap((m) => nameOf(m[1]) ?? []);
}

/** The names (and functions) a claim reads, directly or through the definitions of what it reads. */
export function namesReached(exprs: Expr[], derivation: Derivation): Set<string> {
  const names = new Set<string>();
  const visit = (e: Expr): void => walk(e, (n) => {
    const name = n.kind === 'symbol' ? n.name : n.kind === 'call' ? n.fn : undefined;
    if (!name || names.has(name)) return;
    names.add(name);
    const def = derivation.definitions.get(name);
    if (def) visit(def.expr);
    const alias = derivation.aliases.get(name);
    if (alias) visit(alias);
  });
  for (const e of exprs) visit(e);
  return names;
}

/**
 * Makes the values drawn for a leaf (`size` entries per lane, a `rows`×`cols` matrix) fit what is
 * assumed of it. A scalar is its own transpose: positive definite and orthogonal scalars are
 * positive and ±1.
 */
export function shapeSample(value: Float64Array, rows: number, cols: number, assumptions: readonly Assumption[]): void {
  const size = rows * cols;
  for (let offset = 0; offset + size <= value.length; offset += size) {
    const at = (i: number, j: number): number => offset + i * cols + j;
    for (const assumption of assumptions) {
      if (assumption === 'positive') for (let k = 0; k < size; k++) value[offset + k] = Math.abs(value[offset + k]);
      if (rows !== cols) continue;
      if (assumption === 'diagonal') for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) if (i !== j) value[at(i, j)] = 0;
      if (assumption === 'symmetric') {
        for (let i = 0; i < rows; i++) for (let j = i + 1; j < cols; j++) value[at(i, j)] = value[at(j, i)] = (value[at(i, j)] + value[at(j, i)]) / 2;
      }
      if (assumption === 'positive definite') {
        // B B^T / n + I/2 from the drawn B: symmetric, eigenvalues at least 1/2.
        const b = Array.from(value.subarray(offset, offset + size));
        for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) {
          let sum = 0;
          for (let k = 0; k < cols; k++) sum += b[i * cols + k] * b[j * cols + k];
          value[at(i, j)] = sum / rows + (i === j ? 0.5 : 0);
        }
      }
      if (assumption === 'orthogonal') orthonormalColumns(value, offset, rows);
    }
  }
}

/** Gram–Schmidt on the columns of the n×n block at `offset`. */
function orthonormalColumns(value: Float64Array, offset: number, n: number): void {
  const at = (i: number, j: number): number => offset + i * n + j;
  for (let j = 0; j < n; j++) {
    for (let p = 0; p < j; p++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += value[at(i, j)] * value[at(i, p)];
      for (let i = 0; i < n; i++) value[at(i, j)] -= dot * value[at(i, p)];
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += value[at(i, j)] ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < n; i++) value[at(i, j)] /= norm;
  }
}
