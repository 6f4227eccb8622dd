import { type Expr, walk } from '../latex/ast';
import type { Derivation } from './derivation';

/**
 * Targets sampled as one-hot vectors: those the author names (`gradcheck: onehot y`) and the
 * target of a cross-entropy over a softmax (`-\sum_k y_k \log \hat{y}_k`, `\mathbf{y}^\top \log
 * \hat{\mathbf{y}}` with ŷ a softmax), for which ŷ - y is the gradient only when y is one-hot,
 * unless the document says its targets are not (multi-label).
 */
export function oneHotTargets(derivation: Derivation, loss: string | undefined, text: string): Set<string> {
  const targets = new Set(derivation.directives.oneHot);
  const def = loss ? derivation.definitions.get(loss) : undefined;
  if (!def || NOT_ONE_HOT.test(text)) return targets;
  const isSoftmax = (e: Expr, seen = new Set<string>()): boolean => {
    if (e.kind === 'call' && e.fn === 'softmax') return true;
    if (e.kind === 'div' && isExponential(e.num) && containsExponential(e.den)) return true;
    if (e.kind === 'symbol' && !seen.has(e.name)) {
      const inner = derivation.definitions.get(e.name);
      seen.add(e.name);
      return !!inner && isSoftmax(inner.expr, seen);
    }
    return false;
  };
  const logOfSoftmax = (e: Expr): boolean => {
    let found = false;
    walk(e, (n) => { if (n.kind === 'call' && (n.fn === 'log' || n.fn === 'ln') && isSoftmax(n.args[0])) found = true; });
    return found;
  };
  walk(def.expr, (node) => {
    if (node.kind !== 'mul' && node.kind !== 'hadamard') return;
    if (!node.factors.some(logOfSoftmax)) return;
    for (const f of node.factors) {
      const plain = f.kind === 'transpose' ? f.arg : f;
      if (plain.kind === 'symbol' && !derivation.definitions.has(plain.name)) targets.add(plain.name);
    }
  });
  return targets;
}

const NOT_ONE_HOT = /multi-?label|not one-hot|not one hot/i;

function isExponential(e: Expr): boolean {
  return (e.kind === 'pow' && e.base.kind === 'constant' && e.base.name === 'e') || (e.kind === 'call' && e.fn === 'exp');
}

function containsExponential(e: Expr): boolean {
  let found = false;
  walk(e, (n) => { if (isExponential(n)) found = true; });
  return found;
}
