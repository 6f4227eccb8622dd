import type { FindingCode, Span } from '../report';
import { children, type Expr, type SymbolExpr } from '../latex/ast';
import { negatedSource, printLatex } from '../latex/print';
import { GraphError } from '../engine/graph';
import { readableMath, readableName } from '../latex/readable';
import { mul, neg, symbolPaths } from '../model/symbolic';
import { describeShape, matrixShape, type Shape, sameShape, sizeOf, transposeShape } from '../engine/shape';
import { broadcastLanes, plainDerivative, type PreparedClaim } from './claims';
import { agree, constantFactor, describeFactor, type Samples, signError } from './compare';
import type { DiagnoseContext } from './diagnose';

/**
 * Diagnoses of claims about vectors and matrices, each tested numerically like the scalar ones:
 * a sum over the examples left out, a transpose missing or superfluous, an entrywise product
 * where a matrix product belongs (or the reverse), a result of the wrong shape.
 */
export interface TensorDiagnosis {
  code: FindingCode;
  explanation: string;
  suggestion?: string;
  span: Span;
}

const NOWHERE: Span = { start: 0, end: 0 };

/** The root with `target` (by identity) replaced. */
function replaceNode(root: Expr, target: Expr, replacement: Expr): Expr {
  if (root === target) return replacement;
  const kids = children(root);
  if (!kids.includes(target) && !kids.some((k) => contains(k, target))) return root;
  switch (root.kind) {
    case 'add': return { ...root, terms: root.terms.map((t) => replaceNode(t, target, replacement)) };
    case 'mul': return { ...root, factors: root.factors.map((t) => replaceNode(t, target, replacement)) };
    case 'hadamard': return { ...root, factors: root.factors.map((t) => replaceNode(t, target, replacement)) };
    case 'neg': case 'transpose': case 'norm': return { ...root, arg: replaceNode(root.arg, target, replacement) };
    case 'div': return { ...root, num: replaceNode(root.num, target, replacement), den: replaceNode(root.den, target, replacement) };
    case 'pow': return { ...root, base: replaceNode(root.base, target, replacement), exponent: replaceNode(root.exponent, target, replacement) };
    case 'call': return { ...root, args: root.args.map((t) => replaceNode(t, target, replacement)) };
    case 'outer': return { ...root, left: replaceNode(root.left, target, replacement), right: replaceNode(root.right, target, replacement) };
    case 'sum': return { ...root, body: replaceNode(root.body, target, replacement) };
    default: return root;
  }
}

function contains(root: Expr, target: Expr): boolean {
  return root === target || children(root).some((c) => contains(c, target));
}

function nodes(root: Expr): Expr[] {
  const out: Expr[] = [root];
  for (const c of children(root)) if (c.kind !== 'derivative') out.push(...nodes(c)); else out.push(c);
  return out;
}

const MAX_VARIANTS = 40;

interface Variant {
  expr: Expr;
  /** The written term the variant changes: where the finding points. */
  span: Span;
  /** The text that replaces `span` in the right side. */
  newText: string;
}

/** The written text of a term with a transpose added or removed. */
function toggledText(node: Expr, text: string): string {
  if (node.kind === 'transpose') return text.slice(node.arg.span.start, node.arg.span.end);
  const written = text.slice(node.span.start, node.span.end);
  // In index notation the transpose of w_{jk} is w_{kj}.
  const entry = node.kind === 'symbol' && node.indexed ? /_(\{\s*)?([A-Za-z])(\s*)([A-Za-z])(\s*\})?/.exec(written) : null;
  if (entry) return written.slice(0, entry.index) + `_${entry[1] ?? ''}${entry[4]}${entry[3]}${entry[2]}${entry[5] ?? ''}` + written.slice(entry.index + entry[0].length);
  const layered = /^(.*)\^\{(\([^{}]*\)|\[[^{}]*\])\}$/.exec(written);
  if (layered) return `${layered[1]}^{${layered[2]}\\top}`;
  return node.kind === 'symbol' && !written.includes('^') ? `${written}^\\top` : `(${written})^\\top`;
}

function transposeVariants(right: Expr, text: string): Variant[] {
  const out: Variant[] = [];
  for (const node of nodes(right)) {
    if (out.length >= MAX_VARIANTS) break;
    if (node.kind !== 'symbol' && node.kind !== 'transpose' && node.kind !== 'derivative' && !(node.kind === 'mul' && node.grouped)) continue;
    if (node.kind === 'transpose' && node.arg.kind === 'ones') continue;
    const replacement: Expr = node.kind === 'transpose' ? node.arg : { kind: 'transpose', arg: node, span: node.span };
    out.push({ expr: replaceNode(right, node, replacement), span: node.span, newText: toggledText(node, text) });
  }
  return out;
}

/** `\odot` read as a matrix product, and each juxtaposition of two factors read as `\odot`. */
type ProductVariant = Variant & { toMatrix: boolean; pointAt?: Span };

function productVariants(right: Expr, text: string): ProductVariant[] {
  const out: ProductVariant[] = [];
  for (const node of nodes(right)) {
    if (node.kind === 'hadamard') {
      for (let i = 0; i + 1 < node.factors.length; i++) {
        const [a, b] = [node.factors[i], node.factors[i + 1]];
        const product: Expr = { kind: 'mul', factors: [a, b], span: { start: a.span.start, end: b.span.end } };
        const rest = [...node.factors.slice(0, i), product, ...node.factors.slice(i + 2)];
        const expr = replaceNode(right, node, rest.length === 1 ? product : { ...node, factors: rest });
        // The finding points at the operator itself.
        const between = text.slice(a.span.end, b.span.start);
        const operator = /\\(odot|circ)/.exec(between);
        const pointAt = operator ? { start: a.span.end + operator.index, end: a.span.end + operator.index + operator[0].length } : undefined;
        out.push({ expr, span: product.span, newText: `${text.slice(a.span.start, a.span.end)} ${text.slice(b.span.start, b.span.end)}`, toMatrix: true, pointAt });
      }
    } else if (node.kind === 'mul') {
      // Juxtaposition where \odot belongs: the product split in two at each place, A B \odot C.
      for (let i = 1; i < node.factors.length; i++) {
        const part = (fs: Expr[]): Expr => (fs.length === 1 ? fs[0] : { kind: 'mul', factors: fs, span: { start: fs[0].span.start, end: fs[fs.length - 1].span.end } });
        const [a, b] = [part(node.factors.slice(0, i)), part(node.factors.slice(i))];
        const entrywise: Expr = { kind: 'hadamard', factors: [a, b], span: node.span };
        const written = `${text.slice(a.span.start, a.span.end)} \\odot ${text.slice(b.span.start, b.span.end)}`;
        // The finding points at the factor the missing \odot should precede.
        const span = node.factors[i].span;
        out.push({ expr: replaceNode(right, node, entrywise), span: node.span, newText: node === right ? written : `(${written})`, toMatrix: false, pointAt: span });
      }
    }
  }
  return out.slice(0, MAX_VARIANTS);
}

function splice(text: string, right: Span, edit: Span, newText: string): string {
  return (text.slice(right.start, edit.start) + newText + text.slice(edit.end, right.end)).trim();
}

/** Entries of each example summed: what a per-example claim adds up to over the examples. */
function sumOverLanes(samples: Samples, size: number): Samples {
  return samples.map((v) => {
    const out = new Float64Array(size);
    for (let k = 0; k < v.length; k++) out[k % size] += v[k];
    return out;
  });
}

/** Sums of rows (`\mathbf{1}^\top X`) or columns (`X \mathbf{1}`) of a claimed matrix, lane by lane. */
function sumEntries(samples: Samples, shape: Shape, over: 'rows' | 'columns'): Samples {
  const [rows, cols] = shape;
  return samples.map((v) => {
    const lanes = v.length / (rows * cols);
    const size = over === 'rows' ? cols : rows;
    const out = new Float64Array(lanes * size);
    for (let k = 0; k < lanes; k++) {
      for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[k * size + (over === 'rows' ? j : i)] += v[k * rows * cols + i * cols + j];
    }
    return out;
  });
}

export function diagnoseTensorClaim(claim: PreparedClaim, ctx: DiagnoseContext, title: string): TensorDiagnosis | undefined {
  const { text, tolerance, evaluator } = ctx;
  const right = claim.model.rightSpan;
  const written = text.slice(right.start, right.end).trim();
  const truthShape = claim.shapes?.truth ?? claim.left?.shape;
  if (!truthShape) return undefined;
  const size = sizeOf(truthShape);
  const lanes = ctx.graph.lanes;
  const agrees = (values: Samples, shape: Shape): boolean =>
    sameShape(shape, truthShape) && agree(claim.truth, broadcastLanes(claim.truth, values, { truth: truthShape, claimed: shape }), tolerance);
  const verified = (expr: Expr): boolean => {
    const [result] = evaluator.evaluateShaped([expr], claim.model);
    return !!result && agrees(result.values, result.shape);
  };
  const wrapped = claim.model.right.kind === 'symbol' || (claim.model.right.kind === 'mul' && claim.model.right.grouped) ? written : `\\left(${written}\\right)`;
  const claimedShape = claim.shapes?.claimed;

  if (claimedShape && !claim.shapeError) {
    // The examples left out: summed over the lanes, or over the entries of a vector of examples.
    if (sameShape(claimedShape, truthShape) && claim.claimed.every((c) => c.length === lanes * size) && claim.truth.every((t) => t.length === size) && lanes > 1
      && agree(claim.truth, sumOverLanes(claim.claimed, size), tolerance)) {
      const summed: Expr = { kind: 'sum', op: 'sum', body: claim.model.right, span: NOWHERE };
      return { code: 'missing-summation', span: right, suggestion: verified(summed) ? `\\sum ${wrapped}` : undefined, explanation: `the loss sums over the examples, so its gradient with respect to a parameter shared by all of them is a sum too; this is one example's term.` };
    }
    if (claimedShape.length === 2 && !sameShape(claimedShape, truthShape)) {
      for (const over of ['rows', 'columns'] as const) {
        // A sum needs several terms: one row (or column) summed is itself.
        if (claimedShape[over === 'rows' ? 0 : 1] < 2) continue;
        const summed = over === 'rows' ? matrixShape(1, claimedShape[1]) : matrixShape(claimedShape[0], 1);
        // Examples in rows: the sum over them is a row, the gradient of a bias column its transpose.
        const asColumn = over === 'rows' && summed.length === 2 && sameShape(transposeShape(summed), truthShape);
        if (!agrees(sumEntries(claim.claimed, claimedShape, over), asColumn ? truthShape : summed)) continue;
        const ones: Expr = { kind: 'ones', span: NOWHERE };
        const t = (e: Expr): Expr => ({ kind: 'transpose', arg: e, span: NOWHERE });
        const factors = asColumn ? [t(claim.model.right), ones] : over === 'rows' ? [t(ones), claim.model.right] : [claim.model.right, ones];
        const fixedSum = verified({ kind: 'mul', factors, span: NOWHERE });
        const suggestion = asColumn ? `${wrapped}^\\top \\mathbf{1}` : over === 'rows' ? `\\mathbf{1}^\\top ${wrapped}` : `${wrapped}\\,\\mathbf{1}`;
        return { code: 'missing-summation', span: right, suggestion: fixedSum ? suggestion : undefined, explanation: `this is ${describeShape(claimedShape)}, one entry per example; ${title} sums them (${over === 'rows' ? 'a row of ones on the left' : 'a column of ones on the right'}).` };
      }
    }
  }

  if (claimedShape && !claim.shapeError) {
    // The whole claim transposed (x δ^T where δ x^T is meant): no single factor is at fault.
    if (!sameShape(claimedShape, truthShape) && sameShape(transposeShape(claimedShape), truthShape)) {
      const reversed = reversedProduct(claim.model.right, (e) => evaluator.evaluateShaped([e], claim.model)[0]?.shape);
      const fixed: Expr = reversed ?? { kind: 'transpose', arg: claim.model.right, span: NOWHERE };
      const latex = printLatex(fixed, ctx.notation);
      if (verified(fixed)) {
        return { code: 'shape-mismatch', span: right, suggestion: latex, explanation: `is ${describeShape(claimedShape)}, but ${title} has the shape of the variable, ${describeShape(truthShape)}: the claim is the transpose of the gradient; ${readableMath(latex)} is right.` };
      }
    }
  }
  const candidates: Array<{ code: FindingCode; variant: Variant; toMatrix?: boolean; pointAt?: Span }> = [
    ...transposeVariants(claim.model.right, text).map((variant) => ({ code: 'missing-transpose' as const, variant })),
    ...productVariants(claim.model.right, text).map((variant) => ({ code: 'elementwise-vs-matrix' as const, variant, toMatrix: variant.toMatrix, pointAt: variant.pointAt })),
  ];
  const results = evaluator.evaluateShaped(candidates.map((c) => c.variant.expr), claim.model);
  for (let i = 0; i < candidates.length; i++) {
    const result = results[i];
    if (!result || !agrees(result.values, result.shape)) continue;
    const { code, variant, toMatrix, pointAt } = candidates[i];
    const suggestion = splice(text, right, variant.span, variant.newText);
    const span = pointAt ?? variant.span;
    const term = readableMath(text.slice(code === 'missing-transpose' ? span.start : variant.span.start, code === 'missing-transpose' ? span.end : variant.span.end).trim());
    const replacement = readableMath(variant.newText);
    const explanation = code === 'missing-transpose'
      ? (term.includes('ᵀ')
        ? `the transpose on ${term} does not belong: without it the claim is right.`
        : `${term} needs a transpose here: with ${replacement} the claim is right.`)
      : toMatrix
        ? `${term} is an entrywise product (⊙) where a matrix product belongs: ${replacement} makes the claim right.`
        : `${term} is a matrix product where an entrywise product (⊙) belongs: ${replacement} makes the claim right.`;
    return { code, span, suggestion, explanation };
  }

  const path = claimedShape && sameShape(claimedShape, truthShape) ? missingStep(claim, ctx) : undefined;
  if (path) return { code: 'missing-path', span: right, explanation: path };
  if (claim.shapeError) {
    return { code: 'shape-mismatch', span: right, explanation: `the shapes do not fit: ${claim.shapeError.message}.` };
  }
  if (claimedShape && !sameShape(claimedShape, truthShape)) {
    return { code: 'shape-mismatch', span: right, explanation: `is ${describeShape(claimedShape)}, but ${title} is ${describeShape(truthShape)} (a gradient has the shape of its variable).` };
  }
  const fixed = (e: Expr): string | undefined => (verified(e) ? printLatex(e, ctx.notation) : undefined);
  if (signError(claim.truth, claim.claimed, tolerance)) {
    const negated = neg(claim.model.right);
    const suggestion = verified(negated) ? negatedSource(claim.model.right, ctx.text) ?? printLatex(negated, ctx.notation) : undefined;
    return { code: 'sign-error', span: right, suggestion, explanation: 'has the wrong sign: the reference derivative is its negative.' };
  }
  const k = constantFactor(claim.truth, claim.claimed, tolerance);
  if (k !== undefined) {
    const size = sizeFactor(k, ctx.graph.derivation.shapes.sizes);
    if (size) {
      // N times too large: the 1/N of a mean, lost or added, fixed with N itself.
      const count: Expr = { kind: 'symbol', name: size.name, span: NOWHERE };
      const by: Expr = size.power > 0 ? { kind: 'div', num: { kind: 'number', value: 1, span: NOWHERE }, den: count, span: NOWHERE } : count;
      const scaled = mul([by, claim.model.right]);
      const n = readableName(size.name);
      return { code: 'constant-factor', span: right, suggestion: fixed(scaled), explanation: `is ${describeFactor(k)} times the reference derivative, a factor made of ${n} (${n} = ${size.value} here): check the 1/${n} of a mean.` };
    }
    const scaled = mul([{ kind: 'number', value: 1 / k, span: NOWHERE }, claim.model.right]);
    return { code: 'constant-factor', span: right, suggestion: fixed(scaled), explanation: `is ${describeFactor(k)} times the reference derivative.` };
  }
  return wrongSymbol(claim, ctx) ?? extraTerm(claim, ctx);
}

/** (A B)^T as the author would write it: B^T A^T, a scalar factor kept as it is. */
function reversedProduct(right: Expr, shapeOf: (e: Expr) => Shape | undefined): Expr | undefined {
  if (right.kind !== 'mul') return undefined;
  const factors = [...right.factors].reverse().map((f): Expr => {
    if (f.kind === 'transpose') return f.arg;
    const shape = shapeOf(f);
    return shape && shape.length === 0 ? f : { kind: 'transpose', arg: f, span: NOWHERE };
  });
  return { kind: 'mul', factors, span: NOWHERE };
}

/**
 * `missing-path` in a matrix derivation: the variable feeds several definitions (a bias shared
 * by two layers) and the claim carries the gradient back through some of them only.
 */
function missingStep(claim: PreparedClaim, ctx: DiagnoseContext): string | undefined {
  const derivation = ctx.graph.derivation;
  const d = plainDerivative(claim.model.left, derivation.aliases);
  if (!d || !derivation.definitions.has(d.of)) return undefined;
  const spell = (name: string): string => readableName(ctx.notation.spelling.get(name) ?? name);
  const paths = symbolPaths(derivation, d.wrt, d.of, 16);
  const steps = [...new Set(paths.map((p) => p[1]))];
  if (steps.length >= 2 && steps.length <= 6) {
    const missing = missingParts(claim, ctx.evaluator.firstStepContributions(d.of, d.wrt, steps), ctx.tolerance);
    if (missing) {
      const names = missing.map((k) => paths.find((p) => p[1] === steps[k])!.map(spell).join(' → '));
      return `${spell(d.wrt)} reaches ${spell(d.of)} along ${steps.length} paths; the claim leaves out ${names.length === 1 ? 'the path' : 'the paths'} ${names.join(' and ')}.`;
    }
  }
  // One definition, several terms that read the variable (a loss and its penalty).
  const def = derivation.definitions.get(d.of)!.expr;
  if (def.kind !== 'add' || def.terms.length > 6) return undefined;
  const terms = def.terms.map((t, k): Expr => (def.signs[k] < 0 ? { kind: 'neg', arg: t, span: t.span } : t));
  let parts: Samples[];
  try {
    parts = ctx.evaluator.termContributions(d.wrt, terms);
  } catch (error) {
    // A term the engine cannot build on its own (a derivative in it) tells nothing.
    if (error instanceof GraphError) return undefined;
    throw error;
  }
  const reading = parts.map((p) => p.some((v) => v.some((x) => Math.abs(x) > ctx.tolerance)));
  if (reading.filter(Boolean).length < 2) return undefined;
  const kept = terms.flatMap((_, k) => (reading[k] ? [k] : []));
  const missing = missingParts(claim, kept.map((k) => parts[k]), ctx.tolerance);
  if (!missing) return undefined;
  const written = missing.map((k) => readableMath(ctx.text.slice(def.terms[kept[k]].span.start, def.terms[kept[k]].span.end).trim()));
  return `${spell(d.wrt)} reaches ${spell(d.of)} through ${kept.length} terms of its definition; the claim leaves out ${written.length === 1 ? 'the term' : 'the terms'} ${written.join(' and ')}.`;
}

/** The parts a claim leaves out, when it is the sum of the others (indices into `parts`). */
function missingParts(claim: PreparedClaim, parts: Samples[], tolerance: number): number[] | undefined {
  for (let mask = 1; mask < (1 << parts.length) - 1; mask++) {
    const sum: Samples = claim.truth.map((t, p) => {
      const acc = new Float64Array(t.length);
      parts.forEach((part, k) => {
        if (!(mask & (1 << k))) return;
        const v = part[p];
        for (let i = 0; i < acc.length; i++) acc[i] += v[v.length === acc.length ? i : i % v.length];
      });
      return acc;
    });
    if (agree(sum, claim.claimed, tolerance)) return parts.flatMap((_, k) => (mask & (1 << k) ? [] : [k]));
  }
  return undefined;
}

/** A term that does not belong (a penalty on the biases): without it the claim is right. */
function extraTerm(claim: PreparedClaim, ctx: DiagnoseContext): TensorDiagnosis | undefined {
  const right = claim.model.right;
  if (right.kind !== 'add' || right.terms.length < 2 || !claim.shapes) return undefined;
  const shapes = claim.shapes;
  const variants = right.terms.map((_, k): Expr => {
    const terms = right.terms.filter((__, j) => j !== k);
    const signs = right.signs.filter((__, j) => j !== k);
    return terms.length === 1 && signs[0] === 1 ? terms[0] : { ...right, terms, signs };
  });
  const results = ctx.evaluator.evaluateShaped(variants, claim.model);
  const k = results.findIndex((r) => r && sameShape(r.shape, shapes.truth)
    && agree(claim.truth, broadcastLanes(claim.truth, r.values, { truth: shapes.truth, claimed: r.shape }), ctx.tolerance));
  if (k < 0) return undefined;
  const term = right.terms[k];
  const written = ctx.text.slice(term.span.start, term.span.end).trim();
  return {
    code: 'gradient-mismatch',
    span: term.span,
    suggestion: printLatex(variants[k], ctx.notation),
    explanation: `the term ${readableMath(written)} does not belong: without it the claim is right.`,
  };
}

/**
 * `wrong-factor` in a matrix derivation: one symbol in place of another of the same shape
 * (h where h_0 belongs); shapes cannot tell them apart, the values do.
 */
function wrongSymbol(claim: PreparedClaim, ctx: DiagnoseContext): TensorDiagnosis | undefined {
  const { evaluator, text } = ctx;
  const derivation = ctx.graph.derivation;
  // Only names the engine computes have a shape: a definition that fails is no candidate.
  const computed = (name: string): boolean => !derivation.aliases.has(name) && (!evaluator.knows(name) || ctx.graph.computable(name));
  const names = [...new Set([...derivation.definitions.keys(), ...ctx.graph.roles.roles.keys()])].filter(computed);
  const written = nodes(claim.model.right).filter((n): n is SymbolExpr => n.kind === 'symbol' && computed(n.name));
  const variants: Array<{ at: SymbolExpr; name: string; expr: Expr }> = [];
  for (const at of written) {
    const shape = evaluator.shapeOfSymbol(at.name);
    if (shape.length === 0) continue;
    for (const name of names) {
      if (name === at.name || !sameShape(evaluator.shapeOfSymbol(name), shape) || variants.length >= MAX_VARIANTS) continue;
      variants.push({ at, name, expr: replaceNode(claim.model.right, at, { ...at, name }) });
    }
  }
  if (!claim.shapes || variants.length === 0) return undefined;
  const shapes = claim.shapes;
  const results = evaluator.evaluateShaped(variants.map((v) => v.expr), claim.model);
  const k = results.findIndex((r) => r && sameShape(r.shape, shapes.truth)
    && agree(claim.truth, broadcastLanes(claim.truth, r.values, { truth: shapes.truth, claimed: r.shape }), ctx.tolerance));
  if (k < 0) return undefined;
  const { at, name } = variants[k];
  const replacement = ctx.notation.spelling.get(name) ?? name;
  const before = text.slice(at.span.start, at.span.end);
  return {
    code: 'wrong-factor',
    span: at.span,
    suggestion: splice(text, claim.model.rightSpan, at.span, replacement),
    explanation: `the factor ${readableMath(before)} is wrong; ${readableMath(replacement)} in its place makes the claim right.`,
  };
}

/**
 * k as a named size, N or 1/N for some size N of the document, so that a lost or extra 1/N is
 * fixed with N rather than with the number it happens to be here. (Sizes start at 3, so the 2
 * of a square or a half cannot pass for one.)
 */
function sizeFactor(k: number, sizes: Map<string, number>): { name: string; value: number; power: 1 | -1 } | undefined {
  for (const [name, value] of sizes) {
    if (/^\d+$/.test(name)) continue;
    if (Math.abs(k - value) < 1e-9 * value) return { name, value, power: 1 };
    if (Math.abs(k * value - 1) < 1e-9) return { name, value, power: -1 };
  }
  return undefined;
}
