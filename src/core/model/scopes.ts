/**
 * Which meaning of a name holds where. Lecture notes reuse names: `y` is a network's target in one
 * section and `y = f(u)` in the next, `f(x) = 3x^2 - 4x` becomes `f(x) = x^3 - 1/x` a page later.
 * A name means the latest of its meanings before the place it is used: in the same section, else
 * in the sections before it (a later meaning shadows an earlier one, it does not overwrite it).
 * Used before any meaning (`\frac{\partial L}{\partial z} = \dots`, where `z = wx + b`), it means
 * the first one after the use in the same section; a meaning in a later section is not reached.
 */
import { type Expr, walk } from '../latex/ast';
import type { Span } from '../report';
import type { DocumentKind } from '../source/extract';
import type { ClaimModel, Derivation, Meanings, UpdateRule } from './derivation';

type FunctionMeaning = NonNullable<ReturnType<Meanings['functions']['get']>>[number];

/** Something a name can mean, placed in the document. */
export interface Placed {
  /** Offset of the definition in the text. */
  at: number;
  /**
   * Reached only from its own section and the sections it encloses, never from elsewhere: the value
   * of a function read as a name (`u(a, b) = ...`, general math) or a definition that could not be read.
   */
  local?: true;
}

export interface Section {
  start: number;
  /** 1 for `#` and `\chapter`, deeper for subsections. */
  level: number;
}

const TEX_LEVELS: Record<string, number> = { part: 0, chapter: 1, section: 2, subsection: 3, subsubsection: 4, paragraph: 5 };

/** Where sections start and how deep they are: Markdown headings (outside code), LaTeX sectioning commands. */
export function readSections(text: string, kind: DocumentKind): Section[] {
  const sections: Section[] = [];
  if (kind === 'tex') {
    const heading = /\\(part|chapter|section|subsection|subsubsection|paragraph)\*?\s*[[{]/g;
    for (let m = heading.exec(text); m; m = heading.exec(text)) sections.push({ start: m.index, level: TEX_LEVELS[m[1]] });
    return sections;
  }
  let fence: string | undefined;
  let offset = 0;
  for (const line of text.split('\n')) {
    const marker = /^[ \t]{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    const heading = /^[ \t]{0,3}(#{1,6})([ \t]|$)/.exec(line);
    if (marker && (!fence || (marker[0] === fence[0] && marker.length >= fence.length))) fence = fence ? undefined : marker;
    else if (!fence && heading) sections.push({ start: offset, level: heading[1].length });
    offset += line.length + 1;
  }
  return sections;
}

/**
 * The document's sections as a tree, asked by offset. A meaning is reached from a place when it
 * is before it in the same section or in a section that encloses it; a name given one meaning in
 * the whole document keeps it everywhere (a forward pass in one section, its gradients in the
 * next), unless that meaning is a function's value, which is general math of its own section.
 */
export class Scopes {
  /** Index of the enclosing section of each section, -1 for the document itself. */
  private readonly parents: number[] = [];

  constructor(private readonly sections: Section[]) {
    const open: number[] = [];
    sections.forEach((section, k) => {
      while (open.length && sections[open[open.length - 1]].level >= section.level) open.pop();
      this.parents.push(open.length ? open[open.length - 1] : -1);
      open.push(k);
    });
  }

  /** Index of the innermost section holding `offset`, -1 before the first heading. */
  private sectionOf(offset: number): number {
    let lo = 0;
    let hi = this.sections.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sections[mid].start <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  /** True when section `inner` is `outer` or lies inside it. */
  private within(inner: number, outer: number): boolean {
    for (let s = inner; s >= -1; s = s < 0 ? -2 : this.parents[s]) if (s === outer) return true;
    return false;
  }

  /** The meaning in force at `offset` among `meanings` (in document order); undefined when none reaches it. */
  inForce<T extends Placed>(meanings: readonly T[], offset: number): T | undefined {
    if (meanings.length === 1 && !meanings[0].local) return meanings[0];
    const here = this.sectionOf(offset);
    let latest: T | undefined;
    for (const m of meanings) {
      if (m.at >= offset) break;
      if (this.within(here, this.sectionOf(m.at))) latest = m;
    }
    if (latest) return latest;
    const next = this.sections[here + 1]?.start ?? Infinity;
    const after = meanings.find((m) => m.at >= offset);
    if (after && after.at < next) return after;
    const only = meanings.length === 1 ? meanings[0] : undefined;
    return only && !only.local ? only : undefined;
  }

  /** True when a name with these meanings may mean different things in different places. */
  static positional(meanings: readonly Placed[]): boolean {
    return meanings.length > 1 || meanings.some((m) => m.local);
  }
}

/**
 * The function a name means at `at`, unless the name means a quantity there: a table of rules that
 * writes `f(x) = c` (a constant, read as the quantity f) before `f(x) = \exp(x)` means the first at
 * its own row. The meaning before `at` wins over one after it, the later of two before it.
 */
function functionInForce(meanings: Meanings, scopes: Scopes, name: string, at: number): FunctionMeaning | undefined {
  const fn = scopes.inForce(meanings.functions.get(name) ?? [], at);
  const quantity = scopes.inForce(meanings.definitions.get(name) ?? [], at);
  return fn && quantity && closer(quantity, fn, at) ? undefined : fn;
}

/** True when meaning `a` is the one in force at `at` rather than `b`: before `at` over after it, then the nearer. */
function closer(a: Placed, b: Placed, at: number): boolean {
  const before = (m: Placed): boolean => m.at < at;
  return before(a) ? !before(b) || a.at > b.at : !before(b) && a.at < b.at;
}

/** Where every name has one meaning, sections do not matter. */
const UNSECTIONED = new Scopes([]);

/** Something placed that belongs to one view: a claim or an update rule, by where it starts. */
interface Anchor {
  at: number;
  claim?: ClaimModel;
  update?: UpdateRule;
}

/**
 * One derivation per set of meanings in force: claims whose names (and the names those are computed
 * from) mean the same things share a view, and so a graph. Names no claim of a view reaches do not
 * split it: a chapter that redefines f at its end keeps one view for the network before.
 */
export function scopedViews(base: Derivation, meanings: Meanings, readScopes: () => Scopes): Derivation[] {
  const anchors: Anchor[] = [
    ...base.claims.map((claim) => ({ at: claim.leftSpan.start, claim })),
    ...base.updates.map((update) => ({ at: update.span.start, update })),
  ].sort((a, b) => a.at - b.at);
  const anyAmbiguous = [...meanings.definitions.values(), ...meanings.aliases.values(), ...meanings.functions.values()].some(Scopes.positional)
    || [...meanings.definitions.keys()].some((name) => meanings.aliases.has(name));
  const first = anchors.length ? anchors[0].at : Infinity;
  // Sections are read only when some name has a meaning that depends on where it is read.
  if (!anyAmbiguous && base.unreadable.size === 0) return [viewAt(base, meanings, UNSECTIONED, first, anchors)];
  const scopes = readScopes();
  // A definition that could not be read splits views only where some claims are in its reach and others not.
  const failedAt = (span: Span, at: number): boolean => scopes.inForce([{ at: span.start, local: true }], at) !== undefined;
  const splitting = new Map([...base.unreadable].filter(([, span]) => anchors.some((a) => failedAt(span, a.at)) && anchors.some((a) => !failedAt(span, a.at))));
  if (anchors.length === 0 || (!anyAmbiguous && splitting.size === 0)) return [viewAt(base, meanings, scopes, first, anchors)];

  const groups = new Map<string, Anchor[]>();
  for (const anchor of anchors) {
    const key = choicesReached(anchor, meanings, scopes, splitting);
    const group = groups.get(key);
    if (group) group.push(anchor);
    else groups.set(key, [anchor]);
  }
  return [...groups.values()].map((group) => viewAt(base, meanings, scopes, group[0].at, group));
}

/** The meaning of each name a claim reaches whose meaning depends on where it is read, as a key. */
function choicesReached(anchor: Anchor, meanings: Meanings, scopes: Scopes, splitting: Map<string, Span>): string {
  const choices: string[] = [];
  const seen = new Set<string>();
  const visit = (expr: Expr): void => walk(expr, (node) => {
    if (node.kind === 'symbol') reach(node.name);
    else if (node.kind === 'call') reachFunction(node.fn);
  });
  const reach = (name: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    const definitions = meanings.definitions.get(name) ?? [];
    const aliases = meanings.aliases.get(name) ?? [];
    const definition = definitions.length ? scopes.inForce(definitions, anchor.at) : undefined;
    const alias = aliases.length ? scopes.inForce(aliases, anchor.at) : undefined;
    if (Scopes.positional([...definitions, ...aliases])) choices.push(`${name}@${definition?.at ?? -1}/${alias?.at ?? -1}`);
    const failed = splitting.get(name);
    if (failed) choices.push(`${name}!${scopes.inForce([{ at: failed.start, local: true }], anchor.at) ? 1 : 0}`);
    if (definition) visit(definition.expr);
    if (alias) visit(alias.expr);
  };
  const reachFunction = (name: string): void => {
    if (seen.has(`()${name}`)) return;
    seen.add(`()${name}`);
    const list = meanings.functions.get(name) ?? [];
    const fn = list.length ? functionInForce(meanings, scopes, name, anchor.at) : undefined;
    if (Scopes.positional(list)) choices.push(`${name}()@${fn?.at ?? -1}`);
    if (fn && !fn.unreadable) visit(fn.body);
  };
  if (anchor.claim) { visit(anchor.claim.left); visit(anchor.claim.right); }
  if (anchor.update) { reach(anchor.update.target.name); visit(anchor.update.value); }
  return choices.join('|');
}

/** The derivation as read at `at`, holding the claims and updates of `anchors`. */
function viewAt(base: Derivation, meanings: Meanings, scopes: Scopes, at: number, anchors: Anchor[]): Derivation {
  const view: Derivation = {
    ...base,
    definitions: new Map(),
    functions: new Map(),
    aliases: new Map(),
    claims: anchors.flatMap((a) => (a.claim ? [a.claim] : [])),
    updates: anchors.flatMap((a) => (a.update ? [a.update] : [])),
    occurrences: new Map(),
    unreadable: new Map(),
    builtinEquivalents: new Map(),
    oneHot: new Set(),
  };
  for (const name of new Set([...meanings.definitions.keys(), ...meanings.aliases.keys()])) {
    const definition = scopes.inForce(meanings.definitions.get(name) ?? [], at);
    const alias = scopes.inForce(meanings.aliases.get(name) ?? [], at);
    // A name is a definition or an alias where it is read: the later of the two in force.
    if (alias && (!definition || definition.at < alias.at)) view.aliases.set(name, alias.expr);
    else if (definition) view.definitions.set(name, definition);
  }
  for (const name of meanings.functions.keys()) {
    const fn = functionInForce(meanings, scopes, name, at);
    // `f(x) = \tan(x)` in the next row of a table is not read: f there is not the row before's.
    if (fn?.unreadable) view.unreadable.set(name, fn.span);
    else if (fn) view.functions.set(name, fn);
  }
  // A definition that could not be read spoils a name only where it is in force, as a local meaning
  // (an exercise's `\mathbf{x} = \mathbf{0}` at the end of a chapter does not spoil the x of its
  // sections), and only where no readable one is (a remark's typo leaves the derivation checked).
  for (const [name, span] of base.unreadable) {
    const failed = scopes.inForce([{ at: span.start, local: true }], at);
    const read = scopes.inForce(meanings.definitions.get(name) ?? [], at);
    if (failed && !read) view.unreadable.set(name, span);
  }
  return view;
}
