import type { ClaimStatus, FindingCode, SampleComparison, Span } from '../report';
import { type Expr, freeSymbols } from '../latex/ast';
import { negatedSource, type Notation, printLatex } from '../latex/print';
import type { ReferenceGraph } from '../engine/graph';
import { sameShape } from '../engine/shape';
import { diagnoseTensorClaim } from './diagnose-tensor';
import { type ClaimEvaluator, plainDerivative, type PreparedClaim } from './claims';
import { agree, constantFactor, describeFactor, missingSummation, type Samples, signError } from './compare';
import type { Finding } from './finding';
import { mul, neg, symbolPaths, totalDerivative } from '../model/symbolic';
import { readableMath, readableName } from '../latex/readable';
import { namesReached } from '../model/assumptions';
import { openConditions } from '../model/abstract-functions';

export interface ClaimDiagnosis {
  status: ClaimStatus;
  findings: Finding[];
  /** Codes reported elsewhere that still describe this claim (its parse error). */
  codes?: FindingCode[];
  suggestion?: string;
  /** Conditions the check assumed (one-hot targets). */
  conditions?: string[];
  explanation: string;
  sample?: SampleComparison;
  derivative?: { of: string; wrt: string };
}

/** An expression the author wrote and that checked out, reusable to repair another claim. */
export interface Candidate {
  expr: Expr;
  latex: string;
  values: Samples;
}

export interface DiagnoseContext {
  text: string;
  graph: ReferenceGraph;
  evaluator: ClaimEvaluator;
  tolerance: number;
  notation: Notation;
  /** Verified right sides and the document's symbols, evaluated at the sample points (computed on first use). */
  candidates: (claim: PreparedClaim) => Candidate[];
}

const NO_POINTS = 'no sample point was found where every quantity is defined';

/** How the claim is named in messages: ∂L/∂w_2, or the left side as written. */
export function claimTitle(claim: PreparedClaim, text: string): string {
  const left = claim.model.left;
  if (left.kind === 'derivative' && left.of.kind === 'symbol') return `∂${readableName(left.of.indexed ?? left.of.name)}/∂${readableName(left.wrt.indexed ?? left.wrt.name)}`;
  return readableName(text.slice(claim.model.leftSpan.start, claim.model.leftSpan.end));
}

/** The JSON contract's `derivative`: names as written (braces dropped), for derivative left sides. */
export function derivativeNames(claim: PreparedClaim, text: string, aliases: Map<string, Expr>): { of: string; wrt: string } | undefined {
  const written = claim.model.left;
  const left = written.kind === 'symbol' ? aliases.get(written.name) ?? written : written;
  if (left.kind === 'call' && left.order === 1 && left.args.length === 1) {
    // sigma'(z): the derivative of the function with respect to its argument.
    return { of: text.slice(left.fnSpan.start, left.fnSpan.end), wrt: left.args[0].kind === 'symbol' ? left.args[0].name : text.slice(left.args[0].span.start, left.args[0].span.end) };
  }
  if (left.kind !== 'derivative') return undefined;
  const of = left.of.kind === 'symbol' ? left.of.indexed ?? left.of.name : text.slice(left.of.span.start, left.of.span.end).replace(/\s+/g, ' ').trim();
  return { of, wrt: left.wrt.indexed ?? left.wrt.name };
}

/** The sample (point and example) where claim and reference differ most, else the first one. */
function sampleOf(claim: PreparedClaim): SampleComparison | undefined {
  let best: SampleComparison | undefined;
  let worst = -1;
  claim.truth.forEach((t, p) => {
    const c = claim.claimed[p];
    if (!c) return;
    const lanes = Math.max(t.length, c.length);
    for (let k = 0; k < lanes; k++) {
      const reference = t[t.length === 1 ? 0 : k];
      const claimed = c[c.length === 1 ? 0 : k];
      const gap = Number.isFinite(claimed) ? Math.abs(reference - claimed) : Infinity;
      if (gap > worst) { worst = gap; best = { reference, claimed }; }
    }
  });
  return best;
}

/** A claim of another shape than its variable, whose shape the text leaves implicit: nothing to compare. */
function shapeUnknown(claim: PreparedClaim): boolean {
  return !!claim.undeclaredWrt && !!claim.shapes && !sameShape(claim.shapes.truth, claim.shapes.claimed);
}

/** The status of a claim alone: verified when it agrees with the reference everywhere. */
export function claimStatus(claim: PreparedClaim, tolerance: number): ClaimStatus {
  if (claim.problem || claim.truth.length === 0) return 'unchecked';
  if (shapeUnknown(claim)) return 'unchecked';
  if (claim.model.indexMismatch || claim.shapeError || (claim.shapes && !sameShape(claim.shapes.truth, claim.shapes.claimed))) return 'mismatch';
  if (agree(claim.truth, claim.claimed, tolerance)) return 'verified';
  return claim.zeroFactors ? 'unchecked' : 'mismatch';
}

function replaceRight(claim: PreparedClaim, text: string, title: string, preferred = true): Finding['fixes'] {
  return [{ title, preferred, edits: [{ span: claim.model.rightSpan, newText: text }] }];
}

function isSumLike(e: Expr): boolean {
  return e.kind === 'add' || e.kind === 'neg';
}

/** Diagnoses one claim, trying the hypotheses of DESIGN.md section 4, most specific first. */
export function diagnoseClaim(claim: PreparedClaim, status: ClaimStatus, ctx: DiagnoseContext): ClaimDiagnosis {
  const { text, graph, tolerance } = ctx;
  const derivation = graph.derivation;
  const d = plainDerivative(claim.model.left, derivation.aliases);
  const derivative = derivativeNames(claim, text, derivation.aliases);
  const title = claimTitle(claim, text);
  const right = claim.model.rightSpan;
  const rightText = text.slice(right.start, right.end).trim();
  const convention = claim.model.convention ? ` (${claim.model.convention})` : '';
  const base = { derivative, sample: sampleOf(claim) };

  if (status === 'unchecked') {
    const message = claim.problem?.message ?? (claim.undeclaredWrt && shapeUnknown(claim) ? `the shape of ${readableName(claim.undeclaredWrt)} is neither declared nor computed, so gradcheck read it as a number` : claim.zeroFactors ? `its right side reads a derivative that is 0 here (${claim.zeroFactors[0]}), so the document likely means more than gradcheck read` : NO_POINTS);
    const code = claim.problem?.code ?? 'unchecked';
    const explanation = `Not checked: ${message}.`;
    // An unreadable right side is already reported where the reading failed: the claim carries the code only.
    if (claim.model.problem) return { ...base, status, explanation, findings: [], codes: code === 'parse-error' ? ['parse-error'] : [] };
    return { ...base, status, explanation, findings: [{ code, message: `${title} is not checked: ${message}`, span: claim.problem?.span ?? claim.model.leftSpan }] };
  }
  const where = graph.lanes > 1 ? `for each of ${graph.lanes} examples at ${claim.truth.length} sample points` : `at ${claim.truth.length} sample points`;
  if (status === 'verified') {
    const oneHot = oneHotTargetsRead(claim, derivation);
    const conditions = [
      ...(oneHot.length ? [`${oneHot.join(', ')} sampled one-hot (a single 1, as the target of a cross-entropy over a softmax)`] : []),
      ...assumedOf(claim, derivation),
      ...openConditions([claim.model.left, claim.model.right], derivation),
    ];
    const note = conditions.length ? `, with ${conditions.join('; ')}: the claim holds under ${conditions.length === 1 ? 'that condition' : 'those conditions'}` : '';
    return { ...base, status, findings: [], ...(conditions.length && { conditions }), explanation: `Matches the reference derivative ${where}${convention}${note}.` };
  }

  const { truth, claimed } = claim;
  const correct = (): string | undefined => matchingCandidate(claim, ctx) ?? (d ? correctExpression(d.of, d.wrt, claim, ctx) : undefined);
  const mismatch = (code: Finding['code'], explanation: string, suggestion: string | undefined, span: Span = right, fixTitle?: string): ClaimDiagnosis => ({
    ...base,
    status,
    explanation,
    suggestion,
    findings: [{
      code,
      message: `${title}: ${explanation}`,
      span,
      fixes: suggestion ? replaceRight(claim, suggestion, fixTitle ?? `Replace with ${suggestion}`) : [],
    }],
  });

  if (claim.model.indexMismatch) {
    const { message, span, summed } = claim.model.indexMismatch;
    const [values] = summed ? ctx.evaluator.evaluateExpressions([summed.expr], claim.model) : [];
    const suggestion = summed && values && agree(truth, values, tolerance) ? summed.latex : undefined;
    return mismatch('index-mismatch', `${message}${convention}.`, suggestion, span, suggestion && 'Add the missing sum');
  }
  if (graph.tensors) {
    const tensor = diagnoseTensorClaim(claim, ctx, title);
    if (tensor) {
      const fixTitle = tensor.suggestion ? `Replace with ${tensor.suggestion}` : undefined;
      return mismatch(tensor.code, `${tensor.explanation.replace(/\.$/, '')}${convention}.`, tensor.suggestion, tensor.span, fixTitle);
    }
    if (ctx.evaluator.readsTensors(claim)) {
      return mismatch('gradient-mismatch', `does not match the reference derivative${convention}.`, undefined);
    }
  }
  const summation = missingSummation(truth, claimed, graph.lanes, tolerance);
  if (summation) {
    const count = [...derivation.exampleCounts][0];
    const countText = count ? ctx.notation.spelling.get(count) ?? count : 'N';
    const wrapped = isSumLike(claim.model.right) ? `\\left(${rightText}\\right)` : rightText;
    const prefix = summation === 'mean' ? `\\frac{1}{${countText}}\\sum ` : '\\sum ';
    const lossName = d?.of ?? 'the loss';
    return mismatch('missing-summation',
      `${lossName} ${summation === 'mean' ? 'averages' : 'sums'} over the examples, so its derivative with respect to a parameter shared by all examples ${summation === 'mean' ? 'is a mean' : 'is a sum'} too; this is one example's term${convention}.`,
      prefix + wrapped, right, `Wrap in ${summation === 'mean' ? 'a mean' : 'a sum'} over the examples`);
  }
  if (signError(truth, claimed, tolerance)) {
    return mismatch('sign-error', `has the wrong sign: the reference derivative is its negative${convention}.`,
      negatedSource(claim.model.right, text) ?? printLatex(neg(claim.model.right), ctx.notation), right, 'Flip the sign');
  }
  const k = constantFactor(truth, claimed, tolerance);
  if (k !== undefined) {
    const scaled = mul([{ kind: 'number', value: 1 / k, span: right }, claim.model.right]);
    // A factor that involves N is best fixed by the derivation itself; a plain one by rescaling.
    const hint = examplesHint(k, graph.lanes);
    const count = [...derivation.exampleCounts][0];
    // A sum where the loss has a mean: the author's own sum, averaged with the author's N.
    const averaged = count && sameNumber(k, graph.lanes)
      ? `\\frac{1}{${ctx.notation.spelling.get(count) ?? count}}${isSumLike(claim.model.right) ? `\\left(${rightText}\\right)` : rightText}`
      : undefined;
    return mismatch('constant-factor', `is ${describeFactor(k)} times the reference derivative${hint}${convention}.`,
      averaged ?? ((hint && correct()) || printLatex(scaled, ctx.notation)));
  }
  if (d) {
    const path = missingPath(claim, d.of, d.wrt, ctx);
    if (path) return mismatch('missing-path', path, correct());
  }
  const factor = wrongFactor(claim, ctx);
  if (factor) {
    const edit = factor.editSpan ?? factor.span;
    const suggestion = text.slice(right.start, edit.start) + factor.replacement + text.slice(edit.end, right.end);
    const explanation = `${factor.explanation}${convention}.`;
    return {
      ...base,
      status,
      explanation,
      suggestion: suggestion.trim(),
      findings: [{
        code: 'wrong-factor',
        message: `${title}: ${explanation}`,
        span: factor.span,
        fixes: [{ title: factor.replacement ? `Replace ${factor.written} with ${factor.replacement}` : `Remove the factor ${factor.written}`, preferred: true, edits: [{ span: edit, newText: factor.replacement }] }],
      }],
    };
  }
  const sample = base.sample;
  const values = sample ? ` (reference ${sample.reference.toPrecision(6)}, claimed ${sample.claimed.toPrecision(6)} at one sample point)` : '';
  const undefinedHere = claimed.some((c) => c.some((v) => !Number.isFinite(v))) ? ' The claimed expression is undefined at a sample point.' : '';
  return mismatch('gradient-mismatch', `does not match the reference derivative${values}${convention}.${undefinedHere}`, correct());
}

/**
 * When k is N, 1/N, 2/N or N/2 for the N examples sampled, say so: it usually is the 1/N of a
 * mean, forgotten or added.
 */
function sameNumber(a: number, b: number): boolean {
  return Math.abs(a - b) < 1e-9 * Math.max(1, Math.abs(b));
}

function examplesHint(k: number, lanes: number): string {
  if (lanes < 3) return '';
  const forms: Array<[number, string]> = [[lanes, 'N'], [1 / lanes, '1/N'], [2 / lanes, '2/N'], [lanes / 2, 'N/2']];
  const form = forms.find(([value]) => sameNumber(k, value));
  return form ? ` (with N = ${lanes} examples this is ${form[1]}: check the 1/N of a mean)` : '';
}

/** A short expression the author wrote elsewhere (or a symbol) that equals the reference here. */
function matchingCandidate(claim: PreparedClaim, ctx: DiagnoseContext): string | undefined {
  const written = ctx.text.slice(claim.model.rightSpan.start, claim.model.rightSpan.end).replace(/\s/g, '');
  const match = ctx.candidates(claim)
    .filter((c) => c.latex.replace(/\s/g, '') !== written && agree(claim.truth, c.values, ctx.tolerance))
    .sort((a, b) => a.latex.length - b.latex.length)[0];
  return match?.latex;
}

/** The right expression in the author's symbols, kept only if it checks out numerically. */
function correctExpression(of: string, wrt: string, claim: PreparedClaim, ctx: DiagnoseContext): string | undefined {
  const graph = ctx.graph;
  const perExample = (name: string): boolean => graph.role(name) === 'data' || (graph.symbols.has(name) && graph.tape.nodes[graph.symbol(name)].perExample);
  const expr = totalDerivative(graph.derivation, of, wrt, perExample);
  if (!expr) return undefined;
  const [values] = ctx.evaluator.evaluateExpressions([expr], claim.model);
  return values && agree(claim.truth, values, ctx.tolerance) ? printLatex(expr, ctx.notation) : undefined;
}

/** `missing-path`: the claim is the sum of some, not all, of the paths from wrt to of. */
function missingPath(claim: PreparedClaim, of: string, wrt: string, ctx: DiagnoseContext): string | undefined {
  const derivation = ctx.graph.derivation;
  if (!derivation.definitions.has(of)) return undefined;
  const paths = symbolPaths(derivation, wrt, of, 8);
  if (paths.length < 2) return undefined;
  const contributions = paths.map((p) => ctx.evaluator.pathContribution(p));
  const subsets = (1 << paths.length) - 1;
  for (let mask = 1; mask < subsets; mask++) {
    const sum: Samples = claim.truth.map((_, p) => {
      const lanes = Math.max(...contributions.map((c) => c[p].length));
      const acc = new Float64Array(lanes);
      contributions.forEach((c, i) => {
        if (!(mask & (1 << i))) return;
        for (let k = 0; k < lanes; k++) acc[k] += c[p][c[p].length === 1 ? 0 : k];
      });
      return acc;
    });
    if (!agree(sum, claim.claimed, ctx.tolerance)) continue;
    const spell = (name: string): string => readableName(ctx.notation.spelling.get(name) ?? name);
    const missing = paths.filter((_, i) => !(mask & (1 << i))).map((p) => p.map(spell).join(' → '));
    const through = missing.length === 1 ? 'the path' : 'the paths';
    return `${spell(wrt)} reaches ${spell(of)} along ${paths.length} paths; the claim leaves out ${through} ${missing.join(' and ')}.`;
  }
  return undefined;
}

interface FactorRepair {
  span: Span;
  /** What the fix replaces, when more than the factor (the product sign of a removed factor). */
  editSpan?: Span;
  written: string;
  replacement: string;
  explanation: string;
}

/** `wrong-factor`: one factor of a product is wrong and a known expression fits in its place. */
function wrongFactor(claim: PreparedClaim, ctx: DiagnoseContext): FactorRepair | undefined {
  const missing = missingFactor(claim, ctx);
  if (missing) return missing;
  let product = claim.model.right;
  let sign = 1;
  if (product.kind === 'neg') { product = product.arg; sign = -1; }
  if (product.kind !== 'mul' || product.factors.length < 2) return undefined;
  const factorValues = ctx.evaluator.evaluateExpressions(product.factors, claim.model);
  if (factorValues.some((v) => !v)) return undefined;
  const values = factorValues as Samples[];
  for (let i = 0; i < values.length; i++) {
    const written = ctx.text.slice(product.factors[i].span.start, product.factors[i].span.end);
    for (const candidate of ctx.candidates(claim)) {
      if (candidate.latex.replace(/\s/g, '') === written.replace(/\s/g, '')) continue;
      const repaired: Samples = claim.truth.map((t, p) => {
        const lanes = Math.max(t.length, candidate.values[p].length, ...values.map((v) => v[p].length));
        const out = new Float64Array(lanes);
        for (let k = 0; k < lanes; k++) {
          let acc = sign * candidate.values[p][candidate.values[p].length === 1 ? 0 : k];
          values.forEach((v, j) => { if (j !== i) acc *= v[p][v[p].length === 1 ? 0 : k]; });
          out[k] = acc;
        }
        return out;
      });
      if (!agree(claim.truth, repaired, ctx.tolerance)) continue;
      if (candidate.expr.kind === 'number' && candidate.expr.value === 1) return extraFactor(product.factors[i].span, written, ctx.text);
      const needsParens = candidate.expr.kind === 'add' && !isWrapped(candidate.latex);
      const replacement = needsParens ? `(${candidate.latex})` : candidate.latex;
      return { span: product.factors[i].span, written, replacement, explanation: `the factor ${readableMath(written)} is wrong; ${readableMath(replacement)} in its place makes the product right` };
    }
  }
  return undefined;
}

/** A product that lacks one factor: claim times a known expression equals the reference. */
function missingFactor(claim: PreparedClaim, ctx: DiagnoseContext): FactorRepair | undefined {
  const right = claim.model.rightSpan;
  const written = ctx.text.slice(right.start, right.end).trim();
  for (const candidate of ctx.candidates(claim)) {
    if (candidate.expr.kind === 'number') continue;
    const repaired: Samples = claim.claimed.map((c, p) => {
      const v = candidate.values[p];
      const lanes = Math.max(c.length, v.length);
      return Float64Array.from({ length: lanes }, (_, k) => c[c.length === 1 ? 0 : k] * v[v.length === 1 ? 0 : k]);
    });
    if (!agree(claim.truth, repaired, ctx.tolerance)) continue;
    const factor = candidate.expr.kind === 'add' ? `(${candidate.latex})` : candidate.latex;
    const wrapped = claim.model.right.kind === 'add' || claim.model.right.kind === 'neg' ? `(${written})` : written;
    return {
      span: right,
      written,
      replacement: `${wrapped}\\, ${factor}`,
      explanation: `the product is missing the factor ${readableMath(factor)}`,
    };
  }
  return undefined;
}

/** A factor that does not belong: the fix removes it with the product sign beside it. */
function extraFactor(span: Span, written: string, text: string): FactorRepair {
  const before = /\s*(\\times|\\cdot|\*)?\s*$/.exec(text.slice(Math.max(0, span.start - 12), span.start));
  const after = /^\s*(\\times|\\cdot|\*)?\s*/.exec(text.slice(span.end, span.end + 12));
  const cut = before?.[1] ? { start: span.start - before[0].length, end: span.end } : { start: span.start, end: span.end + (after?.[0].length ?? 0) };
  return { span, editSpan: cut, written, replacement: '', explanation: `the factor ${readableMath(written)} does not belong in this product; without it the product is right` };
}

/** True when one pair of parentheses encloses the whole of `latex`. */
function isWrapped(latex: string): boolean {
  const text = latex.trim().replace(/^\\left\(/, '(').replace(/\\right\)$/, ')');
  if (!text.startsWith('(') || !text.endsWith(')')) return false;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0 && i < text.length - 1) return false;
  }
  return true;
}

/**
 * The one-hot targets a claim reads: ŷ - y is the gradient of a cross-entropy over a softmax only
 * when y is one-hot, and the check sampled y that way, which the claim says.
 */
/** What the text assumes of the quantities a claim reads, as conditions of its check. */
function assumedOf(claim: PreparedClaim, derivation: ReferenceGraph['derivation']): string[] {
  if (derivation.assumptions.size === 0) return [];
  const reached = namesReached([claim.model.left, claim.model.right], derivation);
  return [...derivation.assumptions].filter(([name]) => reached.has(name)).map(([name, kinds]) => `${readableName(name)} sampled ${kinds.join(' and ')}, as the text states`);
}

function oneHotTargetsRead(claim: PreparedClaim, derivation: ReferenceGraph['derivation']): string[] {
  if (derivation.oneHot.size === 0) return [];
  return [...freeSymbols(claim.model.right)].filter((n) => derivation.oneHot.has(n)).map(readableName);
}
