import type { Claim } from '../report';
import type { ClaimModel } from '../model/derivation';
import type { StepInstance } from '../model/unroll';
import type { Finding } from './finding';
import { readableName } from '../latex/readable';

interface Checked {
  claim: Claim;
  findings: Finding[];
}

function where(step: StepInstance): string {
  return step.value === undefined ? `With the sequence unrolled to ${step.count} steps` : `At ${readableName(step.index)} = ${step.value} (of ${step.count} steps unrolled)`;
}

/**
 * A claim about a general time step is checked at each step of the unrolled sequence
 * (../model/unroll): one report for all its instances, verified only when every instance is;
 * otherwise the first instance found wrong (else the first left unchecked), said at its step. A
 * repair computed on one instance names that step's quantities (h_2) rather than the author's
 * general ones, so such claims offer no rewrite.
 */
export function mergeStepInstances(checked: Checked[], models: ClaimModel[]): Checked[] {
  const groups = new Map<string, number[]>();
  const out: Array<Checked | number[]> = [];
  checked.forEach((c, k) => {
    const step = models[k].step;
    if (!step) { out.push(c); return; }
    const key = `${models[k].leftSpan.start}|${models[k].rightSpan.start}`;
    const group = groups.get(key);
    if (group) group.push(k);
    else { const fresh = [k]; groups.set(key, fresh); out.push(fresh); }
  });
  return out.map((entry) => {
    if (!Array.isArray(entry)) return entry;
    const chosen = entry.find((k) => checked[k].claim.status === 'mismatch') ?? entry.find((k) => checked[k].claim.status !== 'verified') ?? entry[0];
    const { claim, findings } = checked[chosen];
    const step = models[chosen].step!;
    const { suggestion: _suggestion, ...rest } = claim;
    if (claim.status === 'verified') {
      const steps = step.value === undefined ? `the sums over the steps written out for a sequence of ${step.count} steps` : `checked at every step ${readableName(step.index)} = 1, …, ${step.count} of a sequence unrolled to ${step.count} steps`;
      return { claim: { ...rest, conditions: [...(claim.conditions ?? []), steps] }, findings };
    }
    const at = where(step);
    return {
      claim: { ...rest, explanation: `${at}: ${claim.explanation.replace(/^(The|This|A|An|Not|Matches) /, (word) => word.toLowerCase())}` },
      findings: findings.map(({ fixes: _fixes, ...f }) => ({ ...f, message: `${at}: ${f.message}` })),
    };
  });
}
