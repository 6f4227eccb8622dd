/**
 * Seeded mutations inside the math of a document: tokens and characters inserted, deleted and
 * copied, the small edits an author makes while typing and the larger ones of a paste.
 */
import { extractMath, type DocumentKind } from '../../src/core/source/extract';
import type { Span } from '../../src/core/report';
import { mulberry32 } from '../../src/core/random';

/** Tokens that change the structure of what they land in: groups, scripts, relations, environments. */
const STRUCTURAL = [
  '{', '}', '(', ')', '[', ']', '^', '_', "'", '=', '&', '\\\\', ',', '+', '-', '/', '|', '\\|',
  '\\frac', '\\frac{', '\\partial', '\\nabla', '\\sum', '\\sum_i', '\\sum_{i=1}^{N}', '\\prod', '\\mathbb{E}',
  '\\sigma', '\\sigma\'', '\\tanh', '\\log', '\\exp', '\\max', '\\sqrt', 'e^', '\\left(', '\\right)', '\\left|', '\\right|',
  '\\top', '^T', '^\\top', '^{-1}', '^{(l)}', '^{t+1}', '\\odot', '\\circ', '\\otimes', '\\cdot', '\\times', '\\mathbf{1}',
  '\\mathbf{', '\\hat{', '\\in', '\\mathbb{R}^{n}', '\\mathbb{R}^{m \\times n}', '\\leftarrow', ':=', '\\delta', '\\delta^{(2)}',
  '\\begin{cases}', '\\end{cases}', '\\begin{aligned}', '\\end{aligned}', '\\text{if }', '\\operatorname{diag}', '\\operatorname{tr}',
  '\\mathrm{softmax}', '\\|', '_{jk}', '_k', '_j', '\\sum_{k=1}^{K}', '0', '1', '2', '\\infty', '$', '$$',
];

type Mutation = (text: string, math: Span[], next: () => number) => string;

function pick<T>(items: readonly T[], next: () => number): T {
  return items[Math.floor(next() * items.length)];
}

function positionIn(math: Span[], next: () => number): number {
  const span = pick(math, next);
  return span.start + Math.floor(next() * (span.end - span.start + 1));
}

/** Tokens of the document's own math: the names and commands it already uses. */
function tokensOf(text: string, math: Span[]): string[] {
  return math.flatMap((s) => text.slice(s.start, s.end).match(/\\[A-Za-z]+|[A-Za-z0-9]+|\S/g) ?? []);
}

const insertToken: Mutation = (text, math, next) => {
  const at = positionIn(math, next);
  const own = tokensOf(text, math);
  const token = next() < 0.5 && own.length ? pick(own, next) : pick(STRUCTURAL, next);
  return text.slice(0, at) + token + text.slice(at);
};

const deleteCharacters: Mutation = (text, math, next) => {
  const at = positionIn(math, next);
  const length = next() < 0.7 ? 1 : 1 + Math.floor(next() * 12);
  return text.slice(0, at) + text.slice(at + length);
};

const deleteToken: Mutation = (text, math, next) => {
  const at = positionIn(math, next);
  const m = /\\[A-Za-z]+|[A-Za-z0-9]+|\S/.exec(text.slice(at));
  return m ? text.slice(0, at + m.index) + text.slice(at + m.index + m[0].length) : text;
};

const copyRange: Mutation = (text, math, next) => {
  const from = positionIn(math, next);
  const length = 1 + Math.floor(next() * (next() < 0.8 ? 16 : 120));
  const copied = text.slice(from, from + length);
  const to = positionIn(math, next);
  return text.slice(0, to) + copied + text.slice(to);
};

const MUTATIONS: Mutation[] = [insertToken, insertToken, deleteCharacters, deleteToken, copyRange];

/** The content spans of a document's math blocks (the whole text when it has none). */
function mathSpans(text: string, kind: DocumentKind): Span[] {
  const blocks = extractMath(text, kind).blocks.map((b) => b.content);
  return blocks.length ? blocks : [{ start: 0, end: text.length }];
}

/** One to four mutations of the math of `text`, chosen by `seed`. */
export function mutate(text: string, kind: DocumentKind, seed: number): string {
  // The core's seeded generator: the same documents on every machine.
  const next = mulberry32(seed);
  const count = 1 + Math.floor(next() * 4);
  let mutated = text;
  for (let k = 0; k < count; k++) mutated = pick(MUTATIONS, next)(mutated, mathSpans(mutated, kind), next);
  return mutated;
}
