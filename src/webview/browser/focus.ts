/**
 * Keyboard focus across re-renders: the panel redraws on every report, so focus is remembered
 * by what the element is (a claim, a finding, a control), not by the element itself.
 */

const KEYED = '[data-claim], [data-finding], [id]';

export function focusKey(doc: Document): string | undefined {
  const active = doc.activeElement;
  if (!(active instanceof HTMLElement)) return undefined;
  const keyed = active.closest<HTMLElement>(KEYED);
  if (!keyed) return undefined;
  if (keyed.dataset.claim !== undefined) return `claim:${keyed.dataset.claim}`;
  if (keyed.dataset.finding !== undefined) return `finding:${keyed.dataset.finding}`;
  return `id:${keyed.id}`;
}

export function restoreFocus(root: HTMLElement, key: string | undefined): void {
  if (!key) return;
  const [kind, value] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
  const target = kind === 'claim' ? root.querySelector<HTMLElement>(`[data-claim="${CSS.escape(value)}"]`)
    : kind === 'finding' ? root.querySelector<HTMLElement>(`[data-finding="${CSS.escape(value)}"]`)
    : root.querySelector<HTMLElement>(`#${CSS.escape(value)}`);
  target?.focus({ preventScroll: true });
}

/** The row an arrow, Home or End key moves to, or undefined for any other key. */
export function rowAfterKey(rows: HTMLElement[], current: HTMLElement, key: string): HTMLElement | undefined {
  const at = rows.indexOf(current);
  switch (key) {
    case 'ArrowDown': return rows[Math.min(rows.length - 1, at + 1)];
    case 'ArrowUp': return rows[Math.max(0, at - 1)];
    case 'Home': return rows[0];
    case 'End': return rows[rows.length - 1];
    default: return undefined;
  }
}
