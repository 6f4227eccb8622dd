import type { Claim } from '../report';
import type { StepInstance } from '../model/unroll';
import type { Finding } from './finding';
import { readableName } from '../latex/readable';

export interface Checked {
  claim: Claim;
  findings: Finding[];
  /** The step or position of an instance of a claim about a general one. */
  step?: StepInstance;
}

const letterList = (at: Array<[string, number]>): string => at.map(([letter]) => readableName(letter)).join(', ');
const sizeList = (step: StepInstance): string => (step.sizes ?? []).map(([name, value]) => `${readableName(name)} = ${value}`).join(', ');

/** Where an instance was found wrong: "At t = 1 (of 4 steps unrolled)", "At k = 2 (with n = 5, K = 2)". */
function where(step: StepInstance): string {
  const values = step.at.map(([letter, value]) => `${readableName(letter)} = ${value}`).join(', ');
  if (step.kind === 'steps') return values ? `At ${values} (of ${step.count} steps unrolled)` : `With the sequence unrolled to ${step.count} steps`;
  return values ? `At ${values} (with ${sizeList(step)})` : `With ${sizeList(step)}`;
}

/** What a verified claim was checked over. */
function over(step: StepInstance): string {
  if (step.kind === 'steps') {
    return step.at.length ? `checked at every step ${letterList(step.at)} = 1, …, ${step.count} of a sequence unrolled to ${step.count} steps` : `with the sums over the steps written out for a sequence of ${step.count} steps`;
  }
  return step.at.length ? `checked at every ${letterList(step.at)}, with the sizes ${sizeList(step)}` : `with the sums written out for the sizes ${sizeList(step)}`;
}

/**
 * A claim about a general time step is checked at each step of the unrolled sequence
 * (../model/unroll): one report for all its instances, verified only when every instance is;
 * otherwise the first instance found wrong (else the first left unchecked), said at its step. A
 * repair computed on one instance names that step's quantities (h_2) rather than the author's
 * general ones, so such claims offer no rewrite. The merged entries carry no step.
 */
export function mergeStepInstances(checked: Checked[]): Checked[] {
  const groups = new Map<string, number[]>();
  const out: Array<Checked | number[]> = [];
  checked.forEach((c, k) => {
    if (!c.step) { out.push(c); return; }
    // Instances of one claim may fall in different views (./index.ts): they are one claim still.
    const key = `${c.claim.leftSpan.start}|${c.claim.rightSpan.start}`;
    const group = groups.get(key);
    if (group) group.push(k);
    else { const fresh = [k]; groups.set(key, fresh); out.push(fresh); }
  });
  return out.map((entry) => {
    if (!Array.isArray(entry)) return entry;
    const chosen = entry.find((k) => checked[k].claim.status === 'mismatch') ?? entry.find((k) => checked[k].claim.status !== 'verified') ?? entry[0];
    const { claim, findings } = checked[chosen];
    const step = checked[chosen].step!;
    const { suggestion: _suggestion, ...unrolled } = claim;
    // The JSON contract names what is differentiated as written (w_k), not as one instance (w_1).
    const written = step.written?.kind === 'derivative' && step.written.of.kind === 'symbol' ? { of: step.written.of.name, wrt: step.written.wrt.name } : undefined;
    const rest = written && claim.derivative ? { ...unrolled, derivative: written } : unrolled;
    if (claim.status === 'verified') {
      const checked = over(step);
      // Said in the sentence too, where the report and the hover show it.
      const explanation = `${claim.explanation.replace(/\.?$/, '.')} ${checked.charAt(0).toUpperCase()}${checked.slice(1)}.`;
      return { claim: { ...rest, explanation, conditions: [...(claim.conditions ?? []), checked] }, findings };
    }
    const at = where(step);
    return {
      claim: { ...rest, explanation: `${at}: ${claim.explanation.replace(/^(The|This|A|An|Not|Matches) /, (word) => word.toLowerCase())}` },
      findings: findings.map(({ fixes: _fixes, ...f }) => ({ ...f, message: `${at}: ${f.message}` })),
    };
  });
}
