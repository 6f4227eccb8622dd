import type { SymbolRole } from '../report';
import { type Expr, freeSymbols, walk } from '../latex/ast';
import { type Derivation, findLoss } from './derivation';
import { isDimensionName } from './shapes';

/**
 * Roles of every symbol (DESIGN.md section 3): the author's directive first, then the graph
 * (defined symbols are intermediates, the root is the loss, update targets are parameters,
 * leaves in a loss's target position are data), then naming conventions.
 */
export interface Roles {
  roles: Map<string, SymbolRole>;
  loss?: string;
  /** Symbols read but never defined, in first-use order. */
  leaves: string[];
}

const DATA_NAME = /^(x|y|t|X|Y|target|label|input|inputs|targets)(_[^^']*)?(\^[([].*[)\]])?$/;
const CONSTANT_NAME = /^\\(alpha|eta|lambda|gamma|mu|epsilon|varepsilon|beta|rho|kappa|tau|nu)$/;
const UNDECORATED = /^\\(hat|bar|tilde|dot|ddot|check|breve)\{(.*)\}(.*)$/;

function undecorated(name: string): string {
  const m = UNDECORATED.exec(name);
  return m ? m[2] + m[3] : name;
}

/** Inputs and targets by their conventional names (x, y, t, X, Y, with decorations and indices). */
export function isDataName(name: string): boolean {
  return DATA_NAME.test(undecorated(name.replace(/\\(mathbf|boldsymbol|bm)\{(.*?)\}/g, '$2')));
}

/** Leaves subtracted from a computed value inside the loss, like y in (y - y')^2, are targets. */
function targetsInLoss(lossExpr: Expr, defined: Set<string>): Set<string> {
  const targets = new Set<string>();
  walk(lossExpr, (node) => {
    if (node.kind !== 'add' || node.terms.length !== 2) return;
    const [a, b] = node.terms;
    if (a.kind === 'symbol' && !defined.has(a.name) && [...freeSymbols(b)].some((n) => defined.has(n))) targets.add(a.name);
    if (b.kind === 'symbol' && !defined.has(b.name) && [...freeSymbols(a)].some((n) => defined.has(n))) targets.add(b.name);
  });
  return targets;
}

export function assignRoles(derivation: Derivation): Roles {
  const roles = new Map<string, SymbolRole>();
  const defined = new Set(derivation.definitions.keys());
  const functionNames = new Set(derivation.functions.keys());
  const loss = findLoss(derivation);
  const leaves: string[] = [];
  const seen = new Set<string>();
  const note = (expr: Expr): void => {
    for (const name of freeSymbols(expr)) {
      if (seen.has(name) || defined.has(name) || derivation.aliases.has(name) || functionNames.has(name) || derivation.unreadable.has(name)) continue;
      seen.add(name);
      leaves.push(name);
    }
  };
  for (const def of derivation.definitions.values()) note(def.expr);
  for (const update of derivation.updates) note(update.value);

  const updated = new Set(derivation.updates.map((u) => u.target.name));
  const targets = loss ? targetsInLoss(derivation.definitions.get(loss)?.expr ?? { kind: 'number', value: 0, span: { start: 0, end: 0 } }, defined) : new Set<string>();
  const inDefinitions = new Set<string>();
  for (const def of derivation.definitions.values()) freeSymbols(def.expr, inDefinitions);

  for (const name of leaves) {
    const directive = derivation.directives.roles.get(name);
    let role: SymbolRole;
    if (directive) role = directive;
    else if (derivation.exampleCounts.has(name) || isDimensionName(name, derivation.shapes)) role = 'constant';
    else if (updated.has(name)) role = 'parameter';
    else if (targets.has(name) || isDataName(name) || derivation.unrolling?.initial.has(name)) role = 'data';
    else if (CONSTANT_NAME.test(name) || !inDefinitions.has(name)) role = 'constant';
    else role = 'parameter';
    roles.set(name, role);
  }
  for (const name of defined) roles.set(name, name === loss ? 'loss' : 'intermediate');
  return { roles, loss, leaves };
}
