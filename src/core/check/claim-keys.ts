/**
 * What evaluating a claim reads, as a key: its two sides (without where they are written), each
 * name they read with the key of that name's definition (which holds the keys of what it reads
 * in turn), and what the whole view shares (roles, functions, shapes, the check's settings).
 * At the same leaf values, claims of equal keys evaluate to the same values: an edit re-evaluates
 * the claims it touches, through the definitions they read, and no other.
 */
import type { Expr } from '../latex/ast';
import { walk, withoutPlaces } from '../latex/ast';
import type { ClaimModel, Derivation } from '../model/derivation';
import type { Roles } from '../model/roles';
import { hashText } from '../text-hash';

/** A value as text without places: maps and sets by their entries, every span left out. */
function placeFree(value: unknown): string {
  return JSON.stringify(value, (key, v: unknown) => {
    if (key === 'span' || key === 'spans' || key.endsWith('Span')) return undefined;
    if (v instanceof Map) return [...v.entries()];
    if (v instanceof Set) return [...v];
    return v;
  });
}

/**
 * Expressions as text without places, by the expression: trees are never mutated, and the
 * parser's cache gives the equations an edit did not touch the same trees at the next check.
 */
const exprTexts = new WeakMap<Expr, string>();

function exprText(e: Expr): string {
  let text = exprTexts.get(e);
  if (text === undefined) {
    text = withoutPlaces(e);
    exprTexts.set(e, text);
  }
  return text;
}

/** Every name an expression reads, inside derivatives too (`\frac{\partial L}{\partial w}` reads L and w). */
function namesIn(exprs: Expr[], into = new Set<string>()): Set<string> {
  for (const e of exprs) walk(e, (n) => { if (n.kind === 'symbol') into.add(n.name); });
  return into;
}

export class ClaimKeys {
  private readonly definitionKeys = new Map<string, string>();
  private readonly claimKeys = new Map<ClaimModel, string>();
  private readonly view: string;

  /** `settings`: whatever else the values depend on (samples, seed, examples), as text. */
  constructor(private readonly derivation: Derivation, roles: Roles, settings: string) {
    // Functions and aliases may be read by any claim: what their bodies read is part of every key.
    const shared = namesIn([...derivation.functions.values()].map((f) => f.body));
    namesIn([...derivation.aliases.values()], shared);
    this.view = hashText(placeFree([
      settings,
      roles,
      derivation.functions,
      derivation.aliases,
      derivation.open,
      derivation.openLoss,
      derivation.shapes,
      derivation.oneHot,
      derivation.exampleCounts,
      derivation.unreadable,
      derivation.assumptions,
      derivation.builtinEquivalents,
      [...shared].sort().map((name) => this.definitionKey(name)),
    ]));
  }

  keyOf(claim: ClaimModel): string {
    let key = this.claimKeys.get(claim);
    if (key === undefined) {
      const reads = [...namesIn([claim.left, claim.right])].sort().map((name) => this.definitionKey(name));
      key = `${this.view}|${exprText(claim.left)}=${exprText(claim.right)}|${claim.convention ?? ''}|${placeFree(claim.indexMismatch)}|${reads.join(' ')}`;
      this.claimKeys.set(claim, key);
    }
    return key;
  }

  /** A name with its definition and, through their keys, everything that reads in turn. */
  private definitionKey(name: string): string {
    const known = this.definitionKeys.get(name);
    if (known !== undefined) return known;
    const definition = this.derivation.definitions.get(name);
    if (!definition) return name;
    // A definition that reads itself (cycles are cut before checking) keys on its text alone.
    this.definitionKeys.set(name, name);
    const reads = [...namesIn([definition.expr])].sort().map((input) => this.definitionKey(input));
    const key = hashText(`${name}=${exprText(definition.expr)}|${definition.ofFunction ?? ''}|${reads.join(' ')}`);
    this.definitionKeys.set(name, key);
    return key;
  }
}
