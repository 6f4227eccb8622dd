/**
 * Whether LaTeX that gradcheck could not read is broken, or only beyond what gradcheck reads.
 * KaTeX is the second opinion: math it typesets is the author's business, not an error. A name
 * KaTeX does not know (`\label`, a macro from a preamble, MathJax's extensions) is not a mistake
 * of the author either; only structural faults are: a brace, a group or a `\right` missing, a
 * double superscript.
 */
import type Katex from 'katex';
import type { KatexOptions, ParseError as KatexParseError } from 'katex';

type KatexModule = typeof Katex & {
  /** KaTeX's parser without the rendering: exported by KaTeX, absent from its type declarations. */
  __parse(latex: string, options: KatexOptions): unknown;
};

let katex: KatexModule | undefined;

/** KaTeX is loaded on the first formula gradcheck cannot read: most checks never need it (35 ms). */
function loadKatex(): KatexModule {
  return (katex ??= require('katex') as KatexModule);
}

const STRUCTURAL = /^(Expected|Unexpected|Extra|Missing|Double (superscript|subscript)|Mismatched|Unmatched)/;

const verdicts = new Map<string, string | undefined>();
const VERDICT_LIMIT = 2_000;

/** KaTeX's message when `latex` is structurally broken; undefined when it is valid LaTeX. */
export function brokenLatex(latex: string, display: boolean): string | undefined {
  const key = `${display ? 'D' : 'I'}${latex}`;
  if (verdicts.has(key)) return verdicts.get(key);
  const { __parse, ParseError } = loadKatex();
  let verdict: string | undefined;
  try {
    __parse(latex, { displayMode: display, strict: 'ignore', throwOnError: true, maxExpand: 200 });
  } catch (error) {
    if (error instanceof ParseError) {
      // KaTeX's message without the position and excerpt it appends (its `rawMessage`).
      const raw = (error as KatexParseError & { rawMessage?: string }).rawMessage ?? error.message;
      verdict = STRUCTURAL.test(raw) ? raw : undefined;
    } else {
      // KaTeX itself gave out (a stack overflow on pathological nesting): no second opinion.
      verdict = 'KaTeX cannot read it either';
    }
  }
  if (verdicts.size >= VERDICT_LIMIT) verdicts.clear();
  verdicts.set(key, verdict);
  return verdict;
}
