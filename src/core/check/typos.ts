/**
 * Whether a name the document never defines looks like a slip for one it does: `net2` for
 * `net_2`, `w_3` beside `w_1` and `w_2`, `sigmoid` for `sigmiod`. Only then is an undefined name
 * worth a warning; otherwise it is a general statement about names left open, and quiet.
 */
import { readableName } from '../latex/readable';

/** The name stripped of how it is typeset: `\mathrm{net}_{2}` and `net2` read alike (case is kept: A is not a). */
function bare(name: string): string {
  return name.replace(/\\(mathrm|text|textrm|operatorname|mathit|mathbf|boldsymbol)\b/g, '').replace(/[{}_\s\\]/g, '');
}

/** The letters a name starts with, without its decorations: `net` of `net_2`, `w` of `w_{t-1}`, `f` of `\bar{f}`. */
function stemOf(name: string): string {
  return /^[A-Za-z]*/.exec(name.replace(/\\[A-Za-z]+/g, '').replace(/[{}\s]/g, ''))![0];
}

/** `w_3` → stem `w`, index `3`: a family member with a numeric index. */
function numbered(name: string): { stem: string; index: number } | undefined {
  const m = /^(.+?)_\{?(\d+)\}?$/.exec(name);
  return m ? { stem: m[1], index: Number(m[2]) } : undefined;
}

function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1 || a === b) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  let j = 0;
  while (j < a.length - i && j < b.length - i && a[a.length - 1 - j] === b[b.length - 1 - j]) j++;
  // One substitution, insertion or deletion; or two neighbours swapped.
  if (a.length - i - j <= 1 && b.length - i - j <= 1) return true;
  return a.length === b.length && a.length - i - j === 2 && a[i] === b[i + 1] && a[i + 1] === b[i];
}

/** A message naming what the undefined name may have meant, or undefined when it is not a slip. */
export function typoMessage(name: string, known: Iterable<string>): string | undefined {
  const names = [...known];
  const plain = bare(name);
  const respelled = names.find((k) => bare(k) === plain);
  if (respelled) return `${readableName(name)} is not defined; did you mean ${readableName(respelled)}?`;
  const member = numbered(name);
  // `w_3` beside `w_1, w_2`; `net` (written `net2`, read as net times 2) beside `net_2`.
  // A single letter (b beside b_1, b_2) is as often a different quantity as a slip.
  const family = member || name.length >= 2 ? names.filter((k) => numbered(k)?.stem === (member?.stem ?? name)) : [];
  if (family.length >= (member ? 2 : 1)) return `${readableName(name)} is not defined; the document defines ${family.map(readableName).join(', ')}`;
  // One letter off in a word (sigmiod, ouput); not in one-letter names with an index (v_{t-1}, w_{t-1}).
  if (stemOf(name).length >= 4) {
    const near = names.find((k) => stemOf(k).length >= 4 && withinOneEdit(bare(k), plain));
    if (near) return `${readableName(name)} is not defined; did you mean ${readableName(near)}?`;
  }
  return undefined;
}
