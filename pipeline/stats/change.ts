// Year-on-year change with a significance test, so a pack can say whether "up 3.6%" is more than
// the noise that recorded counts always carry. Plain numbers in, plain numbers out.
import { formatNumber, roundTo } from '../../dashboards/shared/format.ts';
import { betaInv, betai, lgamma, normalQuantileUpper, normalUpper } from './special.ts';

export { normalUpper } from './special.ts';

export interface CountChangeOptions {
  /** Lengths of the two periods (e.g. months covered) when they differ; rates are compared per unit. */
  exposureBefore?: number;
  exposureAfter?: number;
  alpha?: number;
}

export interface CountChange {
  kind: 'count';
  before: number;
  after: number;
  /** after − before, in counts. */
  change: number;
  /** Change in the rate per unit exposure, in %; null when before is 0. */
  pctChange: number | null;
  /** (after/exposureAfter) / (before/exposureBefore); null when before is 0. */
  rateRatio: number | null;
  /** Confidence interval of the rate ratio (exact, Clopper–Pearson on the conditional binomial). */
  ci: [number, number] | null;
  pValue: number;
  significant: boolean;
  method: 'exact_conditional_binomial' | 'normal_approximation';
}

export interface ProportionChange {
  kind: 'proportion';
  before: { numerator: number; denominator: number; pct: number | null };
  after: { numerator: number; denominator: number; pct: number | null };
  /** after − before, in percentage points; null when a denominator is 0. */
  diffPp: number | null;
  /** Wald (unpooled) confidence interval of the difference, in percentage points. */
  ci: [number, number] | null;
  z: number | null;
  pValue: number | null;
  significant: boolean;
  /** An expected cell under the null is below 5: the normal approximation is rough. */
  smallCounts: boolean;
}

// Above this many events the exact test's O(n) tail sum is pointless: the normal approximation
// with continuity correction agrees to well within the precision a p-value is printed to.
const EXACT_MAX = 100_000;

const binomLogPmf = (k: number, n: number, p: number) =>
  lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log(1 - p);
/** P(X ≤ k) for X ~ Bin(n, p). */
const binomCdf = (k: number, n: number, p: number) => (k < 0 ? 0 : k >= n ? 1 : betai(n - k, k + 1, 1 - p));
/** P(X ≥ k). Computed directly, not as 1 − cdf, so small upper tails keep their precision. */
const binomUpper = (k: number, n: number, p: number) => (k <= 0 ? 1 : k > n ? 0 : betai(k, n - k + 1, p));

/** Two-sided exact binomial p-value, summing outcomes no more likely than the observed (as R's binom.test). */
function binomTwoSided(x: number, n: number, p: number): number {
  const m = n * p;
  if (x === m) return 1;
  const d = binomLogPmf(x, n, p) + Math.log(1 + 1e-7); // tolerance so exact ties count as "as extreme"
  // The pmf falls away from the mode on both sides (it is non-increasing from ⌈np⌉ up and
  // non-decreasing up to ⌊np⌋), so the outcomes on the far side at most as likely as x are a run at
  // its end: found by bisection, not by visiting every outcome (a count of 50,000 took 25,000 steps).
  if (x < m) {
    const y = n + 1 - firstAtMost(Math.ceil(m), n, (i) => binomLogPmf(i, n, p) <= d);
    return Math.min(1, binomCdf(x, n, p) + binomUpper(n - y + 1, n, p));
  }
  const y = firstAtMost(0, Math.floor(m) + 1, (i) => i > Math.floor(m) || binomLogPmf(i, n, p) > d);
  return Math.min(1, binomCdf(y - 1, n, p) + binomUpper(x, n, p));
}

/** The least i in [lo, hi] with ok(i), where ok is false then true along the range; hi + 1 if none. */
function firstAtMost(lo: number, hi: number, ok: (i: number) => boolean): number {
  let [a, b] = [lo, hi + 1];
  while (a < b) {
    const mid = Math.floor((a + b) / 2);
    if (mid <= hi && ok(mid)) b = mid;
    else a = mid + 1;
  }
  return a;
}

function assertCount(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 0) throw new RangeError(`${name} must be a non-negative whole number, got ${v}`);
}

/**
 * Compares two counts as Poisson rates. Given the total, the later count is binomial with
 * p = exposureAfter / (exposureBefore + exposureAfter) if the rate has not changed; testing that
 * binomial is exact and needs no large-count assumption.
 */
export function comparePoissonCounts(before: number, after: number, opts: CountChangeOptions = {}): CountChange {
  assertCount('before', before);
  assertCount('after', after);
  const tA = opts.exposureBefore ?? 1;
  const tB = opts.exposureAfter ?? 1;
  const alpha = opts.alpha ?? 0.05;
  if (!(tA > 0) || !(tB > 0)) throw new RangeError('exposures must be positive');
  const n = before + after;
  const p0 = tB / (tA + tB);
  const rateRatio = before === 0 ? null : after / tB / (before / tA);
  const pctChange = rateRatio === null ? null : (rateRatio - 1) * 100;
  let pValue: number;
  let method: CountChange['method'] = 'exact_conditional_binomial';
  if (n === 0) pValue = 1;
  else if (n <= EXACT_MAX) pValue = binomTwoSided(after, n, p0);
  else {
    method = 'normal_approximation';
    const z = Math.max(0, Math.abs(after - n * p0) - 0.5) / Math.sqrt(n * p0 * (1 - p0));
    pValue = Math.min(1, 2 * normalUpper(z));
  }
  // Clopper–Pearson bounds on the binomial share, mapped to the rate ratio (a monotone transform).
  let ci: [number, number] | null = null;
  if (n > 0) {
    const lo = after === 0 ? 0 : betaInv(alpha / 2, after, n - after + 1);
    const hi = after === n ? 1 : betaInv(1 - alpha / 2, after + 1, n - after);
    const toRatio = (q: number) => (q >= 1 ? Infinity : (q / (1 - q)) * (tA / tB));
    ci = [toRatio(lo), toRatio(hi)];
  }
  return { kind: 'count', before, after, change: after - before, pctChange, rateRatio, ci, pValue, significant: pValue < alpha, method };
}

/** Pooled two-proportion z-test for a change in a percentage (numerators over denominators). */
export function compareProportions(
  xBefore: number,
  nBefore: number,
  xAfter: number,
  nAfter: number,
  opts: { alpha?: number } = {},
): ProportionChange {
  for (const [k, v] of Object.entries({ xBefore, nBefore, xAfter, nAfter })) assertCount(k, v);
  if (xBefore > nBefore || xAfter > nAfter) throw new RangeError('a numerator exceeds its denominator');
  const alpha = opts.alpha ?? 0.05;
  const side = (x: number, n: number) => ({ numerator: x, denominator: n, pct: n === 0 ? null : (x / n) * 100 });
  const base = { kind: 'proportion' as const, before: side(xBefore, nBefore), after: side(xAfter, nAfter) };
  if (nBefore === 0 || nAfter === 0) {
    return { ...base, diffPp: null, ci: null, z: null, pValue: null, significant: false, smallCounts: true };
  }
  const p1 = xBefore / nBefore;
  const p2 = xAfter / nAfter;
  const pooled = (xBefore + xAfter) / (nBefore + nAfter);
  const se0 = Math.sqrt(pooled * (1 - pooled) * (1 / nBefore + 1 / nAfter));
  // Both 0% or both 100%: no variation at all, so no evidence of change.
  const z = se0 === 0 ? 0 : (p2 - p1) / se0;
  const pValue = se0 === 0 ? 1 : Math.min(1, 2 * normalUpper(Math.abs(z)));
  const se1 = Math.sqrt((p1 * (1 - p1)) / nBefore + (p2 * (1 - p2)) / nAfter);
  const half = normalQuantileUpper(alpha / 2) * se1 * 100;
  const diffPp = (p2 - p1) * 100;
  const smallCounts = Math.min(nBefore * pooled, nBefore * (1 - pooled), nAfter * pooled, nAfter * (1 - pooled)) < 5;
  return { ...base, diffPp, ci: [diffPp - half, diffPp + half], z, pValue, significant: pValue < alpha, smallCounts };
}

/** p-value as a reader sees it; never rounds a significant p up to "0.05". */
export function formatP(p: number): string {
  if (p < 0.001) return 'p < 0.001';
  if (p < 0.01) return `p = ${p.toFixed(3)}`;
  const two = p.toFixed(2);
  // 0.0496 would print as "0.05" next to a verdict of "significant": give 4 dp, capped below 0.05.
  return p < 0.05 && two === '0.05' ? `p = ${Math.min(Number(p.toFixed(4)), 0.0499).toFixed(4)}` : `p = ${two}`;
}

const num = (v: number, dp = 0) => formatNumber(v, dp);

/** e.g. "up 3.6% (4,601 to 4,766); within what chance alone would produce (p = 0.09)". */
export function describeChange(c: CountChange | ProportionChange, opts: { decimals?: number } = {}): string {
  const dp = opts.decimals ?? 1;
  if (c.kind === 'count') {
    const verdict = c.significant ? 'more than chance alone would explain' : 'within what chance alone would produce';
    const range = `${num(c.before)} to ${num(c.after)}`;
    let what: string;
    if (c.pctChange === null) what = c.after === 0 ? `no change (${range})` : `up from ${range}`;
    else if (roundTo(c.pctChange, dp) === 0) what = `no change (${range})`;
    else what = `${c.pctChange > 0 ? 'up' : 'down'} ${num(Math.abs(c.pctChange), dp)}% (${range})`;
    return `${what}; ${verdict} (${formatP(c.pValue)})`;
  }
  if (c.diffPp === null || c.pValue === null) return 'no comparison possible: a period has no cases to take a percentage of';
  const verdict = c.significant ? 'more than chance alone would explain' : 'within what chance alone would produce';
  const range = `${num(c.before.pct as number, dp)}% to ${num(c.after.pct as number, dp)}%`;
  const what =
    roundTo(c.diffPp, dp) === 0
      ? `no change (${range})`
      : `${c.diffPp > 0 ? 'up' : 'down'} ${num(Math.abs(c.diffPp), dp)} percentage points (${range})`;
  const caution = c.smallCounts ? '; small numbers, so treat with caution' : '';
  return `${what}; ${verdict} (${formatP(c.pValue)})${caution}`;
}
