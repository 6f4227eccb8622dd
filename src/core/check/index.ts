import type { Claim, ComputationGraph, Diagnostic, Report, Span } from '../report';
import { type Expr, freeSymbols, walk } from '../latex/ast';
import { type Notation, printLatex } from '../latex/print';
import { ReferenceGraph } from '../engine/graph';
import { type Derivation, readDerivations } from '../model/derivation';
import { assignRoles } from '../model/roles';
import { type DocumentKind, documentKindOf } from '../source/extract';
import { LineIndex } from '../source/lines';
import { ClaimEvaluator, type PreparedClaim } from './claims';
import type { Samples } from './compare';
import { type Candidate, claimStatus, diagnoseClaim } from './diagnose';
import { definitionProblem, diagnoseSafely } from './guard';
import { DOCUMENT_CHECKS, documentFindings } from './findings';
import { type Finding, toDiagnostic } from './finding';
import { localPartial } from '../model/symbolic';
import { type Checked, mergeStepInstances } from './steps';
import { isUnrolledName } from '../model/unroll';
import { readableName } from '../latex/readable';
import type { CheckMemory } from './check-memory';
import { ClaimKeys } from './claim-keys';

export interface CheckOptions {
  fileName?: string;
  kind?: DocumentKind;
  /** Number of random sample points (default 5). */
  samples?: number;
  seed?: number;
  /** Relative tolerance of a numerical match (default 1e-7). */
  tolerance?: number;
  /** Number of examples when the loss sums over examples (default 3). */
  examples?: number;
  /** Roles from configuration (a .gradcheckrc.json); the document's own comment wins. */
  roles?: { params?: string[]; data?: string[]; constants?: string[]; loss?: string };
  /** List each formula not read as a hint diagnostic (they are always counted in the report). */
  showUnread?: boolean;
  /**
   * Tests only, never set by a front end: the claim diagnosis and document-level checks that run
   * in place of the real ones, to show that one that throws costs nothing else.
   */
  standIns?: { diagnose?: typeof diagnoseClaim; documentChecks?: typeof DOCUMENT_CHECKS };
}

export const DEFAULTS = { samples: 5, seed: 1, tolerance: 1e-7, examples: 3 };
const MAX = { samples: 50, examples: 64 };

function clamp(value: number | undefined, fallback: number, lo: number, hi: number): number {
  return value === undefined || !Number.isFinite(value) ? fallback : Math.min(hi, Math.max(lo, Math.round(value)));
}

/** True when a definition reads a sum over the examples: then each example is its own lane. */
function sumsOverExamples(derivation: Derivation): boolean {
  let found = false;
  for (const def of derivation.definitions.values()) walk(def.expr, (n) => { if (n.kind === 'sum') found = true; });
  return found;
}

/**
 * A diagnosis explains a claim as the rest of a sentence about it (messages put the claim's name
 * first: "∂L/∂w: has the wrong sign"); shown on its own, beside the claim, it reads as one.
 */
function asSentence(explanation: string): string {
  if (/^(is|has|does|equals|sums|needs) /.test(explanation)) return `The claim ${explanation}`;
  // A sentence may open with a symbol (b, δ_1): only an English word takes a capital.
  return explanation.replace(/^(the|this|a|an) /, (word) => word.charAt(0).toUpperCase() + word.slice(1));
}

/**
 * Checks a whole document: the one entry point every front end calls. Never throws on any text.
 * An editor passes the document's `memory` with each check: claims that read nothing an edit
 * changed are not evaluated again, and the report is the same as without it.
 */
export function checkDocument(text: string, options: CheckOptions = {}, memory?: CheckMemory): Report {
  memory?.begin();
  const kind = options.kind ?? documentKindOf(options.fileName ?? '');
  const lines = new LineIndex(text);
  const views = readDerivations(text, kind, options.roles);
  const document = views[0];
  const findings: Finding[] = [];
  for (const problem of document.problems) {
    findings.push({ code: problem.kind, message: problem.message, span: problem.span });
  }
  if (options.showUnread) {
    for (const formula of document.unread) findings.push({ code: 'unread', message: `Not read: ${formula.reason}`, span: formula.span });
  }
  const checked = views.map((view) => checkView(text, view, options, lines, memory));
  const claims = mergeStepInstances(checked.flatMap((c) => c.claims)).sort((a, b) => a.claim.span.start - b.claim.span.start || a.claim.span.end - b.claim.span.end);
  const index = new Map(claims.map((c, k) => [c.claim, k]));
  for (const c of claims) for (const f of c.findings) findings.push({ ...f, claim: index.get(c.claim) });
  for (const c of checked) findings.push(...c.findings);

  const seen = new Set<string>();
  const diagnostics: Diagnostic[] = findings
    .filter((f) => {
      // Views share definitions: a finding about one of them is said once.
      const key = `${f.code}|${f.span.start}|${f.span.end}|${f.message}|${f.claim ?? ''}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .map((f) => toDiagnostic(f, lines))
    .sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return {
    version: 1,
    claims: claims.map((c) => c.claim),
    diagnostics,
    unread: document.unread.map((u) => ({ ...u, range: lines.range(u.span) })),
    graph: mergedGraph(checked.map((c) => c.graph)),
    blocks: document.blocks.map((b) => ({ span: b.span, range: lines.range(b.span), display: b.display })),
    examples: Math.max(...checked.map((c) => c.examples)),
  };
}

interface CheckedView {
  claims: Checked[];
  /** Findings about the view's definitions and document as a whole (not about one claim). */
  findings: Finding[];
  graph: ComputationGraph;
  examples: number;
}

/** Checks the claims of one view: the definitions they read are the ones in force where they are. */
function checkView(text: string, derivation: Derivation, options: CheckOptions, lines: LineIndex, memory: CheckMemory | undefined): CheckedView {
  const directives = derivation.directives;
  const samples = clamp(directives.samples ?? options.samples, DEFAULTS.samples, 1, MAX.samples);
  const seed = clamp(directives.seed ?? options.seed, DEFAULTS.seed, 0, 2 ** 31 - 1);
  const tolerance = options.tolerance && options.tolerance > 0 ? options.tolerance : DEFAULTS.tolerance;
  const lanes = sumsOverExamples(derivation) ? clamp(directives.examples ?? options.examples, DEFAULTS.examples, 2, MAX.examples) : 1;

  const roles = assignRoles(derivation);
  const graph = new ReferenceGraph(derivation, roles, lanes);
  const findings: Finding[] = [];
  for (const name of derivation.definitions.keys()) {
    try {
      graph.symbol(name);
    } catch (error) {
      const span = derivation.definitions.get(name)!.nameSpan;
      // h_1, ..., h_4 unrolled from one definition of h_t are said once, as written.
      const written = derivation.unrolling ? readableName(text.slice(span.start, span.end)) : name;
      findings.push({ code: 'unchecked', message: `${written} cannot be computed: ${definitionProblem(error)}`, span });
    }
  }
  for (const fn of derivation.functions.keys()) {
    const builtin = graph.builtinEquivalent(fn);
    if (builtin) derivation.builtinEquivalents.set(fn, builtin);
  }

  const evaluator = new ClaimEvaluator(graph);
  const prepared: PreparedClaim[] = derivation.claims.map((c) => evaluator.prepare(c));
  if (roles.loss) evaluator.bindGradients(roles.loss, [...roles.roles].filter(([, r]) => r === 'parameter').map(([n]) => n));
  evaluator.evaluate(prepared, samples, seed, memory?.memo(new ClaimKeys(derivation, roles, `${samples} ${seed} ${lanes}`)));
  const statuses = prepared.map((p) => claimStatus(p, tolerance));
  const notation = notationOf(text, derivation, graph);
  let pool: CandidatePool | undefined;
  const near = (claim: PreparedClaim): Candidate[] => (pool ??= new CandidatePool(prepared, statuses, text, evaluator, notation)).near(claim);
  const context = { text, graph, evaluator, tolerance, notation, candidates: near };
  const diagnose = options.standIns?.diagnose ?? diagnoseClaim;
  const claims = prepared.map((p, index) => {
    const result = diagnoseSafely(diagnose, p, statuses[index], context);
    const span = { start: p.model.leftSpan.start, end: p.model.rightSpan.end };
    const claim: Claim = {
      span,
      range: lines.range(span),
      leftSpan: p.model.leftSpan,
      rightSpan: p.model.rightSpan,
      derivative: result.derivative,
      left: text.slice(p.model.leftSpan.start, p.model.leftSpan.end).trim(),
      expression: text.slice(p.model.rightSpan.start, p.model.rightSpan.end).trim(),
      status: result.status,
      codes: result.codes ?? result.findings.filter((f) => f.code !== 'unchecked').map((f) => f.code),
      suggestion: result.suggestion,
      ...(result.conditions && { conditions: result.conditions }),
      explanation: asSentence(result.explanation),
      sample: result.sample,
      block: p.model.block,
    };
    return { claim, findings: result.findings, ...(p.model.step && { step: p.model.step }) };
  });
  const reported = claims.map((c) => c.claim);
  findings.push(...documentFindings({ text, derivation, graph, claims: reported, prepared, evaluator, notation, tolerance }, options.standIns?.documentChecks));
  return { claims, findings, graph: computationGraph(derivation, graph), examples: lanes };
}

/** The computation graphs of several views as one: a node or edge drawn once, however many views hold it. */
function mergedGraph(graphs: ComputationGraph[]): ComputationGraph {
  if (graphs.length === 1) return graphs[0];
  const nodes = new Map<string, ComputationGraph['nodes'][number]>();
  const edges = new Map<string, ComputationGraph['edges'][number]>();
  for (const g of graphs) {
    for (const n of g.nodes) if (!nodes.has(n.id)) nodes.set(n.id, n);
    for (const e of g.edges) edges.set(`${e.from}\u0000${e.to}`, e);
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

/**
 * `y_i`, `\hat{y}_{i}`, `x^{(i)}` spell y, \hat{y}, x with an example's index: the spelling kept is
 * the one without it (the printer adds the index back inside an indexed sum).
 */
function withoutExampleIndex(spelled: string, name: string): string {
  const plain = (s: string): string => s.replace(/[{}\s]/g, '');
  if (plain(spelled) === plain(name)) return spelled;
  const stripped = spelled.replace(/(_\{?\s*[a-z]\s*\}?|\^\{?\s*\(\s*[a-z]\s*\)\s*\}?)\s*$/, '');
  return plain(stripped) === plain(name) ? stripped : spelled;
}

/** The author's spelling of each symbol (first use without a time step) and product sign. */
function notationOf(text: string, derivation: Derivation, graph: ReferenceGraph): Notation {
  const spelling = new Map<string, string>();
  const functions = new Map<string, string>();
  // h_2 of a sequence unrolled from h_t is written h_t: it is said by its own name.
  const unrolled = (name: string): boolean => derivation.unrolling !== undefined && isUnrolledName(name);
  const note = (e: Expr): void => walk(e, (n) => {
    if (n.kind === 'symbol' && !n.time && !spelling.has(n.name) && !unrolled(n.name)) spelling.set(n.name, withoutExampleIndex(text.slice(n.span.start, n.span.end), n.name));
    if (n.kind === 'call' && n.order === 0 && !functions.has(n.fn)) functions.set(n.fn, text.slice(n.fnSpan.start, n.fnSpan.end));
  });
  for (const def of derivation.definitions.values()) {
    if (!spelling.has(def.name) && !unrolled(def.name)) spelling.set(def.name, withoutExampleIndex(text.slice(def.nameSpan.start, def.nameSpan.end), def.name));
    note(def.expr);
  }
  for (const claim of derivation.claims) { note(claim.left); note(claim.right); }
  const rights = derivation.claims.map((c) => text.slice(c.rightSpan.start, c.rightSpan.end)).join(' ');
  const times = rights.includes('\\times') ? '\\times' : rights.includes('\\cdot') ? '\\cdot' : rights.includes('\\,') ? '\\,' : '';
  const perExample = (name: string): boolean => graph.symbols.has(name) && graph.tape.nodes[graph.symbols.get(name)!].perExample;
  return { spelling, times, functions, perExample };
}

/**
 * Expressions that may repair a claim: right sides the author got right, the symbols, and each
 * definition's local derivatives. Only those made of symbols near a claim (what its sides are
 * computed from) are offered for it, and each is evaluated once, on first use.
 */
class CandidatePool {
  private readonly entries: Array<{ expr: Expr; latex: string; symbols: string[]; values?: Samples | null }> = [];
  private readonly sources = new Map<string, Set<string>>();

  constructor(prepared: PreparedClaim[], statuses: string[], text: string, private readonly evaluator: ClaimEvaluator, notation: Notation) {
    const pool: Array<{ expr: Expr; latex: string }> = [];
    prepared.forEach((p, k) => {
      if (statuses[k] === 'verified') pool.push({ expr: p.model.right, latex: text.slice(p.model.rightSpan.start, p.model.rightSpan.end).trim() });
    });
    const derivation = evaluator.derivation;
    for (const [name, spelled] of notation.spelling) {
      if (evaluator.knows(name) || derivation.aliases.has(name)) pool.push({ expr: { kind: 'symbol', name, span: { start: 0, end: 0 } }, latex: spelled });
    }
    for (const [name, def] of derivation.definitions) {
      for (const input of freeSymbols(def.expr)) {
        const local = localPartial(derivation, name, input);
        if (local && !local.summed) pool.push({ expr: local.expr, latex: printLatex(local.expr, notation) });
      }
    }
    const unique = new Map(pool.map((c) => [c.latex.replace(/\s/g, ''), c]));
    for (const c of unique.values()) this.entries.push({ ...c, symbols: [...this.namesIn(c.expr)] });
  }

  /** Symbols an expression reads, through aliases to the symbols of their derivatives. */
  private namesIn(expr: Expr): Set<string> {
    const names = new Set<string>();
    walk(expr, (n) => {
      if (n.kind === 'symbol') {
        const alias = this.evaluator.derivation.aliases.get(n.name);
        if (alias) for (const a of this.namesIn(alias)) names.add(a); else names.add(n.name);
      } else if (n.kind === 'derivative') {
        names.add(n.wrt.name);
      }
    });
    return names;
  }

  /** A symbol and everything it is computed from. */
  private sourcesOf(name: string): Set<string> {
    let set = this.sources.get(name);
    if (set) return set;
    set = new Set([name]);
    this.sources.set(name, set);
    const def = this.evaluator.derivation.definitions.get(name);
    if (def) for (const input of freeSymbols(def.expr)) for (const s of this.sourcesOf(input)) set.add(s);
    return set;
  }

  near(claim: PreparedClaim): Candidate[] {
    const around = new Set<string>();
    for (const name of [...this.namesIn(claim.model.left), ...this.namesIn(claim.model.right)]) {
      for (const s of this.sourcesOf(name)) around.add(s);
    }
    const chosen = this.entries.filter((e) => e.symbols.every((s) => around.has(s)));
    const pending = chosen.filter((e) => e.values === undefined);
    if (pending.length) {
      const values = this.evaluator.evaluateExpressions(pending.map((e) => e.expr), claim.model);
      pending.forEach((e, k) => { e.values = values[k] ?? null; });
    }
    return chosen.flatMap((e) => (e.values ? [{ expr: e.expr, latex: e.latex, values: e.values }] : []));
  }
}

function computationGraph(derivation: Derivation, graph: ReferenceGraph): ComputationGraph {
  const nodes: ComputationGraph['nodes'] = [];
  const edges: ComputationGraph['edges'] = [];
  const inGraph = new Set<string>(derivation.definitions.keys());
  for (const def of derivation.definitions.values()) walk(def.expr, (n) => { if (n.kind === 'symbol') inGraph.add(n.name); });
  for (const [name, role] of graph.roles.roles) {
    if (!inGraph.has(name)) continue;
    const def = derivation.definitions.get(name);
    const span: Span | undefined = def?.nameSpan ?? derivation.occurrences.get(name)?.[0];
    nodes.push({ id: name, label: name, role, span });
    if (def) {
      const inputs = new Set<string>();
      walk(def.expr, (n) => { if (n.kind === 'symbol') inputs.add(n.name); });
      for (const input of inputs) if (graph.roles.roles.has(input)) edges.push({ from: input, to: name });
    }
  }
  return { nodes, edges };
}

