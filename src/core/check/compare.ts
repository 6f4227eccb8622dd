/**
 * Numerical comparison of a claim with the reference, and the hypotheses that explain a
 * mismatch (DESIGN.md section 4), each a small unit tried most specific first.
 */

/** Values at each sample point: one per example, or a single shared value. */
export type Samples = Float64Array[];

/**
 * Relative tolerance with a tiny absolute floor: the reference (AD) and the claim (mathjs
 * formulas) agree to ~1e-15 relative; the floor absorbs cancellation near zero.
 */
export function close(a: number, b: number, tolerance: number): boolean {
  return Math.abs(a - b) <= tolerance * Math.max(Math.abs(a), Math.abs(b)) + 1e-12;
}

/** Equal at every point and example; a shared claim broadcasts against per-example truth. */
export function agree(truth: Samples, claimed: Samples, tolerance: number): boolean {
  return truth.every((t, p) => {
    const c = claimed[p];
    if (t.length === 1 && c.length > 1) return false;
    return t.every((v, k) => close(v, c.length === 1 ? c[0] : c[k], tolerance));
  });
}

export function scale(samples: Samples, k: number): Samples {
  return samples.map((v) => v.map((x) => x * k));
}

export function sumLanes(samples: Samples): Samples {
  return samples.map((v) => Float64Array.of(v.reduce((a, b) => a + b, 0)));
}

/** `missing-summation`: the claim is one example's term of a sum (or mean) over examples. */
export function missingSummation(truth: Samples, claimed: Samples, lanes: number, tolerance: number): 'sum' | 'mean' | undefined {
  if (lanes < 2 || !truth.every((t) => t.length === 1) || !claimed.some((c) => c.length > 1)) return undefined;
  const summed = sumLanes(claimed);
  if (agree(truth, summed, tolerance)) return 'sum';
  if (agree(truth, scale(summed, 1 / lanes), tolerance)) return 'mean';
  return undefined;
}

/** `sign-error`: the claim is the negative of the truth. */
export function signError(truth: Samples, claimed: Samples, tolerance: number): boolean {
  return !isZero(truth, tolerance) && agree(truth, scale(claimed, -1), tolerance);
}

/** `constant-factor`: claim = k * truth for one k at every point (k not 0, 1 or -1). */
export function constantFactor(truth: Samples, claimed: Samples, tolerance: number): number | undefined {
  let k: number | undefined;
  for (let p = 0; p < truth.length; p++) {
    const t = truth[p];
    const c = claimed[p];
    if (t.length === 1 && c.length > 1) return undefined;
    for (let i = 0; i < t.length; i++) {
      const cv = c.length === 1 ? c[0] : c[i];
      if (Math.abs(t[i]) < 1e-9) {
        if (Math.abs(cv) > 1e-9) return undefined;
        continue;
      }
      const ratio = cv / t[i];
      if (k === undefined) k = ratio;
      else if (!close(k, ratio, Math.max(tolerance, 1e-9))) return undefined;
    }
  }
  if (k === undefined || Math.abs(k) < 1e-9 || close(Math.abs(k), 1, 1e-9)) return undefined;
  return k;
}

export function isZero(samples: Samples, tolerance: number): boolean {
  return samples.every((v) => v.every((x) => Math.abs(x) <= tolerance));
}

/** A short exact-looking form of a factor: 2, 1/2, -3, 0.37 (to 4 significant digits). */
export function describeFactor(k: number): string {
  for (const d of [1, 2, 3, 4, 5, 6, 8, 10]) {
    const n = k * d;
    if (Math.abs(n - Math.round(n)) < 1e-9 * Math.max(1, Math.abs(n))) return d === 1 ? String(Math.round(n)) : `${Math.round(n)}/${d}`;
  }
  return k.toPrecision(4);
}
