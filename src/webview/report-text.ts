/** Wording shared by the webview and the Markdown copy, so both say the same thing. */
import type { ClaimStatus, Severity } from '../core/report';

export const STATUS_TEXT: Record<ClaimStatus, { icon: string; label: string }> = {
  verified: { icon: '✓', label: 'verified' },
  mismatch: { icon: '✗', label: 'mismatch' },
  unchecked: { icon: '?', label: 'unchecked' },
};

export const SEVERITY_TEXT: Record<Severity, { icon: string; label: string }> = {
  error: { icon: '✗', label: 'error' },
  warning: { icon: '⚠', label: 'warning' },
  information: { icon: 'ℹ', label: 'information' },
  hint: { icon: '·', label: 'hint' },
};

/**
 * A sample value in six significant digits with a true minus sign. Values that crossed JSON as
 * null (NaN, infinities) read as undefined, which is what they mean for the claim.
 */
export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return 'undefined';
  const text = String(Number(value.toPrecision(6)));
  return text.replace(/^-/, '−');
}

/** The claim as the author wrote it: left side, relation, right side. */
export function claimLatex(left: string, right: string): string {
  return `${left} = ${right}`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
