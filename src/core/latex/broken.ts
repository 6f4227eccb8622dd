/**
 * Whether LaTeX that gradcheck could not read is broken, or only beyond what gradcheck reads.
 * KaTeX is the second opinion: math it typesets is the author's business, not an error. A name
 * KaTeX does not know (`\label`, a macro from a preamble, MathJax's extensions) is not a mistake
 * of the author either; only structural faults are: a brace, a group or a `\right` missing, a
 * double superscript.
 */
import katex, { type KatexOptions } from 'katex';

/** KaTeX's parser without the rendering: exported by KaTeX, absent from its type declarations. */
const parseOnly = (katex as unknown as { __parse(latex: string, options: KatexOptions): unknown }).__parse;

const STRUCTURAL = /^(Expected|Unexpected|Extra|Missing|Double (superscript|subscript)|Mismatched|Unmatched)/;

const verdicts = new Map<string, string | undefined>();
const VERDICT_LIMIT = 2_000;

/** KaTeX's message when `latex` is structurally broken; undefined when it is valid LaTeX. */
export function brokenLatex(latex: string, display: boolean): string | undefined {
  const key = `${display ? 'D' : 'I'}${latex}`;
  if (verdicts.has(key)) return verdicts.get(key);
  let verdict: string | undefined;
  try {
    parseOnly(latex, { displayMode: display, strict: 'ignore', throwOnError: true, maxExpand: 200 });
  } catch (error) {
    // KaTeX's message without the position and excerpt it appends (its `rawMessage`).
    if (error instanceof katex.ParseError) {
      const raw = (error as katex.ParseError & { rawMessage?: string }).rawMessage ?? error.message;
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
