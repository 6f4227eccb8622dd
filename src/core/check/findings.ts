import type { Claim, Span } from '../report';
import { type Expr, freeSymbols, walk } from '../latex/ast';
import { type Notation, printLatex } from '../latex/print';
import type { ReferenceGraph } from '../engine/graph';
import type { Definition, Derivation } from '../model/derivation';
import { type ClaimEvaluator, plainDerivative, type PreparedClaim } from './claims';
import { agree } from './compare';
import type { Finding } from './finding';
import { type DocumentCheck, runChecks } from './guard';
import { totalDerivative } from '../model/symbolic';
import { unrolledFamily } from '../model/unroll';
import { readableName } from '../latex/readable';

export interface DocumentContext {
  text: string;
  derivation: Derivation;
  graph: ReferenceGraph;
  claims: Claim[];
  prepared: PreparedClaim[];
  evaluator: ClaimEvaluator;
  notation: Notation;
  tolerance: number;
}

/** The checks of the derivation as a whole rather than one claim. */
export const DOCUMENT_CHECKS: ReadonlyArray<DocumentCheck<DocumentContext>> = [
  { name: 'shared parameters', find: (ctx) => sharedParameters(ctx, sharedBiases(ctx)) },
  // A shared bias is split per layer by its own fix, so its gradient is not the preferred fix.
  { name: 'missing gradients', find: (ctx) => missingGradients(ctx, new Set(sharedBiases(ctx).map((s) => s.name))) },
  { name: 'update signs', find: updateSigns },
];

/** Findings about the derivation as a whole; a check that fails costs only its own findings. */
export function documentFindings(ctx: DocumentContext, checks = DOCUMENT_CHECKS): Finding[] {
  return runChecks(checks, ctx);
}

/**
 * The loss and every name it is computed from, through the definitions: the names from which a
 * path of definitions leads to it. One walk for the document, where looking for a path from
 * each name in turn cost a chain of L layers L walks of its whole length.
 */
function feedingLoss(derivation: Derivation, loss: string): Set<string> {
  const names = new Set([loss]);
  const pending = [loss];
  while (pending.length) {
    const def = derivation.definitions.get(pending.pop()!);
    if (!def) continue;
    for (const input of freeSymbols(def.expr)) if (!names.has(input)) { names.add(input); pending.push(input); }
  }
  return names;
}

function spell(ctx: DocumentContext, name: string): string {
  return ctx.notation.spelling.get(name) ?? name;
}

/** The other parameters a definition reads: two layers with different weights are different layers. */
function parametersOf(ctx: DocumentContext, expr: Expr, except: string): string[] {
  return [...freeSymbols(expr)].filter((n) => n !== except && ctx.graph.role(n) === 'parameter').sort();
}

/** The suffix naming a layer: net_1 gives _1, z^{(2)} gives ^{(2)}, else the layer's position. */
function layerSuffix(name: string, position: number): string {
  const m = /(_\{?[^_^]+\}?|\^\([^)]*\)|\^\[[^\]]*\])$/.exec(name);
  return m ? m[1] : `_${position + 1}`;
}

/** `b`, or `b \\mathbf{1}` / `\\mathbf{1} b^\\top` (the bias repeated over a batch). */
/** The name a term adds as a bias: `b`, or `b\mathbf{1}` / `\mathbf{1} b^\top` in matrix form. */
function biasName(term: Expr): string | undefined {
  if (term.kind === 'symbol') return term.name;
  if (term.kind !== 'mul' || term.factors.length !== 2) return undefined;
  const plain = (e: Expr): Expr => (e.kind === 'transpose' ? e.arg : e);
  const [a, b] = term.factors.map(plain);
  if (a.kind === 'symbol' && b.kind === 'ones') return a.name;
  if (b.kind === 'symbol' && a.kind === 'ones') return b.name;
  return undefined;
}

interface SharedBias {
  name: string;
  /** The definitions it is added in, in document order. */
  layers: Definition[];
}

/**
 * Parameters added as the bias of two layers with their own inputs and their own weights. Units
 * of one layer read the same inputs (two outputs of one hidden unit); an RNN ties its weights
 * across steps, and its bias with them: neither is flagged.
 */
function sharedBiases(ctx: DocumentContext): SharedBias[] {
  // Layers of one network, trained on one loss: two formulas of a statistics text (Y = aX + b,
  // \mu_{aX+b} = a\mu_X + b) share a b without sharing a bias.
  const loss = ctx.graph.roles.loss;
  if (!loss) return [];
  const feeding = feedingLoss(ctx.derivation, loss);
  const feedsLoss = (def: Definition): boolean => feeding.has(def.name);
  // One pass over the definitions: which sums each name is added in.
  const addedIn = new Map<string, Definition[]>();
  for (const def of ctx.derivation.definitions.values()) {
    if (def.expr.kind !== 'add') continue;
    const names = new Set(def.expr.terms.map(biasName).filter((n): n is string => n !== undefined));
    for (const name of names) {
      const defs = addedIn.get(name);
      if (defs) defs.push(def);
      else addedIn.set(name, [def]);
    }
  }
  const shared: SharedBias[] = [];
  for (const [name, role] of ctx.graph.roles.roles) {
    if (role !== 'parameter') continue;
    const layers = (addedIn.get(name) ?? []).filter(feedsLoss).sort((a, b) => a.nameSpan.start - b.nameSpan.start);
    if (layers.length < 2) continue;
    const weights = layers.map((def) => parametersOf(ctx, def.expr, name).join(','));
    const inputs = layers.map((def) => [...freeSymbols(def.expr)].filter((n) => ctx.graph.role(n) !== 'parameter' && ctx.graph.role(n) !== 'constant').sort().join(','));
    if (new Set(weights).size === layers.length && new Set(inputs).size === layers.length) shared.push({ name, layers });
  }
  return shared;
}

/** `shared-parameter`: the fix gives each layer its own bias everywhere it is used. */
function sharedParameters(ctx: DocumentContext, shared: SharedBias[]): Finding[] {
  const findings: Finding[] = [];
  const { derivation, text } = ctx;
  for (const { name, layers } of shared) {
    const renames = layers.map((def, k) => ({ def, newName: `${spell(ctx, name)}${layerSuffix(def.name, k)}` }));
    const edits: Array<{ span: Span; newText: string }> = [];
    const occurrencesIn = (expr: Expr): Span[] => {
      const spans: Span[] = [];
      walk(expr, (n) => { if (n.kind === 'symbol' && n.name === name) spans.push(n.span); });
      return spans;
    };
    for (const { def, newName } of renames) for (const span of occurrencesIn(def.expr)) edits.push({ span, newText: newName });
    // Inline copies of a layer's definition in claims (d(hw_2 + b)/dw_2) follow that layer.
    for (const claim of derivation.claims) for (const side of [claim.left, claim.right]) walk(side, (n) => {
      if (n.kind !== 'derivative' || n.of.kind === 'symbol') return;
      const params = parametersOf(ctx, n.of, name).join(',');
      const layer = renames.find((r) => parametersOf(ctx, r.def.expr, name).join(',') === params);
      if (layer) for (const span of occurrencesIn(n.of)) edits.push({ span, newText: layer.newName });
    });
    const first = occurrencesIn(layers[0].expr)[0];
    const second = occurrencesIn(layers[1].expr)[0];
    const names = renames.map((r) => readableName(r.newName)).join(', ');
    const layerNames = layers.map((l) => readableName(l.name)).join(' and ');
    const bias = readableName(name);
    findings.push({
      code: 'shared-parameter',
      message: `${bias} is the bias of both ${layerNames}: one parameter shared by layers with different inputs and weights. Each layer usually has its own bias (${names}), and each needs its own gradient.`,
      span: second,
      related: [{ span: first, message: `${bias} is also used here, in ${readableName(layers[0].name)}` }],
      fixes: [{ title: `Give each layer its own bias: ${names}`, preferred: true, edits: dedupe(edits, text) }],
    });
  }
  return findings;
}

function dedupe(edits: Array<{ span: Span; newText: string }>, text: string): Array<{ span: Span; newText: string }> {
  const byStart = new Map(edits.filter((e) => e.span.end <= text.length).map((e) => [e.span.start, e]));
  return [...byStart.values()].sort((a, b) => a.span.start - b.span.start);
}

/** A name at a time step: `h_{t-1}`, `s_t`. */
const TIME_STEP = /_\{?t([+-]\d+)?\}?$/;

/**
 * `missing-gradient`: the document derives the loss's gradient for some parameters but not for
 * another one the loss depends on; the fix inserts the missing derivation after the last one.
 */
function missingGradients(ctx: DocumentContext, shared: Set<string>): Finding[] {
  const { derivation, graph, text } = ctx;
  const loss = graph.roles.loss;
  // A loss left open is a fragment's ("whatever the layers above compute", any ℓ): its other gradients are elsewhere.
  if (!loss || derivation.openLoss) return [];
  // A guessed parameter is not a state at a time step (h_{t-1}).
  const sure = (n: string): boolean => derivation.directives.roles.get(n) === 'parameter' || !TIME_STEP.test(n);
  const feeding = feedingLoss(derivation, loss);
  const parameters = [...graph.roles.roles].filter(([n, r]) => r === 'parameter' && sure(n) && feeding.has(n)).map(([n]) => n);
  const derived = new Map<string, PreparedClaim>();
  for (const claim of ctx.prepared) {
    const d = plainDerivative(claim.model.left, derivation.aliases);
    if (d && d.of === loss) derived.set(d.wrt, claim);
  }
  const gradients = [...derived.values()].filter((c) => parameters.includes(plainDerivative(c.model.left, derivation.aliases)!.wrt));
  if (gradients.length === 0) return [];
  // Unrolled, ∂L/∂w_k is claimed for every entry of w, even where an instance reads past a vector's end.
  const family = (name: string): string => (derivation.unrolling ? unrolledFamily(name) : name);
  const claimedFamilies = new Set([...derived.keys()].map(family));
  const last = gradients.reduce((a, b) => (a.model.rightSpan.end > b.model.rightSpan.end ? a : b));
  const block = derivation.blocks[last.model.block];
  const aligned = /&\s*$/.test(text.slice(last.model.leftSpan.end, last.model.rightSpan.start).replace(/=|\\leftarrow|:=/g, ''))
    || text.slice(last.model.leftSpan.end, last.model.rightSpan.start).includes('&');
  const findings: Finding[] = [];
  for (const parameter of parameters) {
    if (derived.has(parameter) || claimedFamilies.has(family(parameter))) continue;
    const occurrence = derivation.occurrences.get(parameter)?.[0];
    if (!occurrence) continue;
    const left = `\\frac{\\partial ${spell(ctx, loss)}}{\\partial ${spell(ctx, parameter)}}`;
    // Derived on the unrolled steps, the gradient would be written in their names (h_1, ..., h_4), not the author's.
    const expression = derivation.unrolling ? undefined : verifiedGradient(ctx, loss, parameter, last);
    const fixes: Finding['fixes'] = [];
    if (expression) {
      const line = `${left} ${aligned ? '&=' : '='} ${expression}`;
      // A new row (\\) only belongs in an environment that has rows; elsewhere add a new block.
      const hasRows = /\\begin\{(align|aligned|gather|gathered|split|eqnarray|multline)\*?\}/.test(text.slice(block.span.start, block.content.start + 40));
      const insideDisplay = hasRows && block.content.end >= last.model.rightSpan.end;
      const edit = insideDisplay
        ? { span: { start: last.model.rightSpan.end, end: last.model.rightSpan.end }, newText: ` \\\\\n${line}` }
        : { span: { start: block.span.end, end: block.span.end }, newText: `\n\n$$${line}$$\n` };
      // A shared bias is split per layer first, and then each part needs its own gradient: the
      // gradient of the shared symbol stays on offer but is not preferred, so fix-all skips it.
      fixes.push({ title: `Add the gradient of ${spell(ctx, loss)} with respect to ${spell(ctx, parameter)}`, preferred: !shared.has(parameter), edits: [edit] });
    }
    const others = gradients.map((g) => readableName(plainDerivative(g.model.left, derivation.aliases)!.wrt)).join(', ');
    const [lossName, parameterName] = [readableName(loss), readableName(parameter)];
    findings.push({
      code: 'missing-gradient',
      // Prose for people: plain names here, the LaTeX of the derivation goes in the fix.
      message: `${lossName} depends on the parameter ${parameterName}, but only the gradients for ${others} are derived: ${parameterName} needs ∂${lossName}/∂${parameterName} to be trained too.${expression ? ' The fix adds its derivation.' : ''}`,
      span: occurrence,
      related: [{ span: last.model.leftSpan, message: 'the last gradient derived' }],
      fixes,
    });
  }
  return findings;
}

function verifiedGradient(ctx: DocumentContext, loss: string, parameter: string, context: PreparedClaim): string | undefined {
  const graph = ctx.graph;
  const perExample = (name: string): boolean => graph.role(name) === 'data' || (graph.symbols.has(name) && graph.tape.nodes[graph.symbol(name)].perExample);
  const expr = totalDerivative(ctx.derivation, loss, parameter, perExample);
  if (!expr) return undefined;
  const span = context.model.leftSpan;
  const reference: Expr = { kind: 'derivative', of: { kind: 'symbol', name: loss, span }, wrt: { kind: 'symbol', name: parameter, span }, span };
  const [truth, claimed] = ctx.evaluator.evaluateExpressions([reference, expr], context.model);
  return truth && claimed && agree(truth, claimed, ctx.tolerance) ? printLatex(expr, ctx.notation) : undefined;
}

/** Sign of a term's coefficient, looking through negations and numeric factors. */
function signOf(e: Expr): number {
  if (e.kind === 'neg') return -signOf(e.arg);
  if (e.kind === 'number') return Math.sign(e.value);
  if (e.kind === 'mul') return e.factors.reduce((s, f) => s * (f.kind === 'number' || f.kind === 'neg' ? signOf(f) : 1), 1);
  return 1;
}

function containsGradientOf(e: Expr, loss: string, target: string): boolean {
  let found = false;
  walk(e, (n) => {
    if (n.kind === 'derivative' && n.of.kind === 'symbol' && n.of.name === loss && n.wrt.name === target) found = true;
  });
  return found;
}

/** `update-sign`: a descent step on the loss must subtract its gradient. */
function updateSigns(ctx: DocumentContext): Finding[] {
  const loss = ctx.graph.roles.loss;
  if (!loss) return [];
  const findings: Finding[] = [];
  for (const update of ctx.derivation.updates) {
    const value = update.value;
    const terms = value.kind === 'add' ? value.terms.map((t, k) => ({ term: t, sign: value.signs[k] as number })) : [{ term: value, sign: 1 }];
    for (const { term, sign } of terms) {
      if (!containsGradientOf(term, loss, update.target.name) || sign * signOf(term) < 0) continue;
      const before = ctx.text.slice(value.span.start, term.span.start);
      const plus = before.lastIndexOf('+');
      const fixes: Finding['fixes'] = plus >= 0
        ? [{ title: 'Subtract the gradient (descend)', preferred: true, edits: [{ span: { start: value.span.start + plus, end: value.span.start + plus + 1 }, newText: '-' }] }]
        : [];
      findings.push({
        code: 'update-sign',
        message: `this update adds the gradient of the loss ${readableName(spell(ctx, loss))} to ${readableName(spell(ctx, update.target.name))}: that climbs the loss. Gradient descent subtracts it.`,
        span: term.span,
        fixes,
      });
    }
  }
  return findings;
}
