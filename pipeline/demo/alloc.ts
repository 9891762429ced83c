// Exact integer construction. The demo must reproduce published figures exactly, so counts are
// solved (largest remainder, nearest admissible numerator) and sums are fitted, never left to
// randomness averaging out.

/** Splits `total` into integer parts proportional to `weights`; the parts sum to `total` exactly. */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  if (total === 0 || sum <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (total * w) / sum);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((s, v) => s + v, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) out[order[k][1]]++;
  return out;
}

/**
 * The numerator k (of n) whose `scale`·k/n prints as `value` at `dp` decimals, nearest to the exact
 * value and clear of a rounding half, so any rounding rule agrees. Throws when none exists, unless
 * not `strict` (scaled-down test runs, which cannot hit printed figures), where the nearest will do.
 */
export function numeratorFor(n: number, value: number, dp: number, scale = 100, strict = true): number {
  const half = 0.5 / 10 ** dp;
  const k0 = Math.round((value * n) / scale);
  let best = -1;
  let bestGap = Infinity;
  for (let k = Math.max(0, k0 - 3); k <= k0 + 3; k++) {
    const gap = Math.abs((scale * k) / n - value);
    if (gap < half - 1e-9 && gap < bestGap) ((best = k), (bestGap = gap));
  }
  if (best < 0 && !strict) return Math.max(0, Math.min(n, k0));
  if (best < 0) throw new Error(`no count of ${n} gives ${value} (${dp} dp, ×${scale})`);
  return best;
}

/**
 * Adjusts integer values in place so they sum exactly to `target`, each staying in [lo, hi]:
 * (v − lo) is scaled (keeping the distribution's shape), then the last few units are spread ±1.
 */
export function fitSum(values: Int32Array, target: number, lo: number, hi: number): void {
  const n = values.length;
  if (n === 0) {
    if (target !== 0) throw new Error(`fitSum: no values to make ${target}`);
    return;
  }
  if (target < n * lo || target > n * hi) throw new Error(`fitSum: ${target} is out of reach of ${n} values in [${lo}, ${hi}]`);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i] = Math.min(hi, Math.max(lo, values[i]));
  for (let pass = 0; pass < 30 && Math.abs(target - sum) > n / 4; pass++) {
    let free = 0;
    for (let i = 0; i < n; i++) free += values[i] - lo;
    const f = free > 0 ? (target - n * lo) / free : 1;
    sum = 0;
    for (let i = 0; i < n; i++) {
      const v = free > 0 ? lo + Math.round((values[i] - lo) * f) : lo + Math.round((target - n * lo) / n);
      sum += values[i] = Math.min(hi, Math.max(lo, v));
    }
  }
  // Spread the remainder one unit at a time, striding so the nudges land all over the array.
  const stride = n > 7919 && n % 7919 !== 0 ? 7919 : 1;
  for (let i = 0, guard = 0; sum !== target; i = (i + stride) % n, guard++) {
    if (guard > 4 * n + 10) throw new Error(`fitSum: stuck at ${sum} (target ${target})`);
    if (sum < target && values[i] < hi) (values[i]++, sum++);
    else if (sum > target && values[i] > lo) (values[i]--, sum--);
  }
}

/** Sum of an integer array. */
export const total = (a: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
};
