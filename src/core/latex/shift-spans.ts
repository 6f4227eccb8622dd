import type { Span } from '../report';

/**
 * What was read at one place, moved to another: the same trees (expressions, problems) with every
 * span shifted by `by`. An edit moves all the text after it; the equations there read as before
 * and need not be parsed again, only moved. Nothing is shared with `value`, which stays as it is.
 */
export function shiftSpans<T>(value: T, by: number): T {
  return by === 0 ? value : (shifted(value, by) as T);
}

function shifted(value: unknown, by: number): unknown {
  if (Array.isArray(value)) return value.map((v: unknown) => shifted(v, by));
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === 'span' || key === 'fnSpan') {
      const span = v as Span;
      copy[key] = { ...span, start: span.start + by, end: span.end + by };
    } else {
      copy[key] = shifted(v, by);
    }
  }
  return copy;
}
