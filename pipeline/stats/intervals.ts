// Confidence intervals and funnel-plot limits for comparing areas with the force. Plain numbers in,
// plain numbers out; no dependency but the special functions beside it.
//
// - A percentage (x of n): the Wilson score interval, which stays inside 0–100% and keeps its
//   coverage for small n and for proportions near 0 or 1, where the textbook p ± z·se does not.
// - A count, and a rate per 1,000 (a count over an exposure): the exact Poisson interval of Garwood
//   (1936), from the chi-squared (gamma) quantiles: [χ²(α/2; 2k)/2, χ²(1 − α/2; 2k + 2)/2].
// - Funnel plots (Spiegelhalter, "Funnel plots for comparing institutional performance", Stat Med
//   2005): each area's value against its denominator, with control limits around the force value
//   at 95% (about 2 standard errors) and 99.8% (about 3). The limits here are the normal
//   approximation — to the binomial for a proportion, centre ± z·√(p(1 − p)/n), and to the Poisson
//   for a rate per 100 or 1,000, centre ± z·√(1000·θ/n) — so each limit is centre ± z·spread/√n and a page
//   can draw the curve from two numbers. (Below force level every published rate has n ≥ 10.)
import { gammaInv, normalQuantileUpper } from './special.ts';

export type Interval = [number, number];

/** The two funnel levels: 95% ("warning") and 99.8% ("control"), two-sided. */
export const FUNNEL_LEVELS = [0.95, 0.998] as const;

/** z for a two-sided confidence level: 1.959964 at 95%, 3.090232 at 99.8%. */
export function zFor(level: number): number {
  if (!(level > 0 && level < 1)) throw new RangeError(`a confidence level is between 0 and 1, got ${level}`);
  return normalQuantileUpper((1 - level) / 2);
}

function assertCount(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 0) throw new RangeError(`${name} must be a non-negative whole number, got ${v}`);
}

/** Wilson score interval of a proportion x/n, as proportions (0–1). */
export function wilson(x: number, n: number, level = 0.95): Interval {
  assertCount('x', x);
  assertCount('n', n);
  if (n === 0 || x > n) throw new RangeError(`wilson: need 0 ≤ x ≤ n and n > 0, got ${x} of ${n}`);
  const z = zFor(level);
  const p = x / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n))) / (1 + z2n);
  // At x = 0 or x = n the interval touches 0 or 1 exactly; float noise must not put it outside.
  return [x === 0 ? 0 : Math.max(0, centre - half), x === n ? 1 : Math.min(1, centre + half)];
}

/** Garwood's exact Poisson interval for an observed count k. */
export function garwood(k: number, level = 0.95): Interval {
  assertCount('k', k);
  const alpha = 1 - level;
  return [k === 0 ? 0 : gammaInv(alpha / 2, k), gammaInv(1 - alpha / 2, k + 1)];
}

/**
 * The kinds of rate the intervals and funnels speak: a percentage that is a proportion (x of n),
 * a percentage that is a rate per 100 (x can pass n: breaches per 100 applications), a rate per 1,000.
 */
export type RateUnit = 'pct' | 'per_100' | 'per_1000';
export const isRateUnit = (unit: string): unit is RateUnit => unit === 'pct' || unit === 'per_100' || unit === 'per_1000';
const per = (unit: RateUnit) => (unit === 'per_1000' ? 1000 : 100);

/**
 * The interval of a rate in its own unit: Wilson for a proportion (×100), Garwood on the numerator
 * for a rate (×100/n or ×1000/n). A "proportion" with more events than cases is a rate. Null when
 * there is no rate (n = 0).
 */
export function rateInterval(unit: RateUnit, x: number, n: number, level = 0.95): Interval | null {
  if (n === 0) return null;
  if (unit === 'pct' && x <= n) {
    const [lo, hi] = wilson(x, n, level);
    return [lo * 100, hi * 100];
  }
  const [lo, hi] = garwood(x, level);
  return [(lo * per(unit)) / n, (hi * per(unit)) / n];
}

/** A funnel: each limit at denominator n is centre ± z·spread/√n (clipped to 0, and to 100 for a percentage). */
export interface Funnel {
  unit: RateUnit;
  centre: number;
  spread: number;
}

/**
 * The funnel around a force value, in the metric's unit (a percentage as 0–100): binomial for a
 * proportion, Poisson for a rate (and for a "proportion" whose force value passes 100%).
 */
export function funnelFor(unit: RateUnit, centre: number): Funnel {
  if (!(centre >= 0)) throw new RangeError(`funnel centre out of range: ${centre}`);
  const kind: RateUnit = unit === 'pct' && centre > 100 ? 'per_100' : unit;
  const spread = kind === 'pct' ? 100 * Math.sqrt((centre / 100) * (1 - centre / 100)) : Math.sqrt(per(kind) * centre);
  return { unit: kind, centre, spread };
}

/** The funnel's lower and upper limit at denominator n for a two-sided level. */
export function funnelLimits(f: Funnel, n: number, level: number): Interval {
  if (!(n > 0)) throw new RangeError(`a funnel limit needs a denominator above 0, got ${n}`);
  const half = (zFor(level) * f.spread) / Math.sqrt(n);
  return [Math.max(0, f.centre - half), f.unit === 'pct' ? Math.min(100, f.centre + half) : f.centre + half];
}

/** Where a value at denominator n lies: outside the 99.8% limits, outside the 95%, or within. */
export type Band = 'above998' | 'above95' | 'within' | 'below95' | 'below998';

/** A value exactly on a limit counts as within it. */
export function funnelBand(f: Funnel, value: number, n: number): Band {
  const [lo998, hi998] = funnelLimits(f, n, 0.998);
  const [lo95, hi95] = funnelLimits(f, n, 0.95);
  if (value > hi998) return 'above998';
  if (value < lo998) return 'below998';
  if (value > hi95) return 'above95';
  if (value < lo95) return 'below95';
  return 'within';
}
