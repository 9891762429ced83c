// XmR (individuals and moving range) charts as NHS England's "Making Data Count" uses them: the
// panel asks "has anything really changed?", and natural process limits answer that without
// anyone having to pick a significance level. Inputs are aggregated series, never rows.
import { formatValue } from '../../dashboards/shared/format.ts';

export type Polarity = 'up_is_good' | 'down_is_good' | 'neutral';
export type SpcRule = 'outside_limits' | 'shift' | 'trend' | 'two_of_three';
export type SpecialCause = 'improvement' | 'concern' | 'neither';
export type VariationIcon = 'common_cause' | 'special_improvement' | 'special_concern' | 'special_neither';
export type Assurance = 'pass' | 'fail' | 'inconsistent';

export interface SeriesPoint {
  period: string;
  value: number | null;
}

export interface SpcOptions {
  polarity: Polarity;
  target?: number | null;
  /** Consecutive points on one side of the mean that make a shift (MDC: 7). */
  runLength?: number;
  /** Consecutive points each rising (or each falling) that make a trend (brief: 7). */
  trendLength?: number;
  /** Compute limits from the first N non-null points only, e.g. the period before a change. */
  baselineLength?: number;
}

export interface SpcSignal {
  rule: SpcRule;
  /** Which way the signal points: above the mean / upward trend is 'up'. */
  toward: 'up' | 'down';
  cause: SpecialCause;
}

export interface SpcPoint {
  period: string;
  value: number | null;
  /** |value − previous non-null value|; null for the first point and for gaps. */
  movingRange: number | null;
  signals: SpcSignal[];
  /** The cause of the highest-ranked signal (limits > shift > 2-of-3 > trend); null = common cause. */
  special: SpecialCause | null;
}

export interface SpcResult {
  points: SpcPoint[];
  polarity: Polarity;
  target: number | null;
  /** Non-null points in the series, and how many of them the limits were computed from. */
  n: number;
  baselineCount: number;
  mean: number | null;
  meanMovingRange: number | null;
  /** Estimated process sigma = mean moving range / 1.128 (d2 for ranges of two). */
  sigma: number | null;
  upperLimit: number | null;
  lowerLimit: number | null;
  /** mean ± 2 sigma: the edge of the outer third used by the two-of-three rule. */
  upperTwoSigma: number | null;
  lowerTwoSigma: number | null;
  /** Icon for the latest non-null point; null when there are too few points for limits. */
  variation: VariationIcon | null;
  assurance: Assurance | null;
}

const D2 = 1.128;
const LIMIT_FACTOR = 2.66; // 3 / 1.128, rounded as MDC publishes it
// Rank decides a point's colour when signals disagree (a falling run that is still above the mean):
// where a point sits against the limits and mean is stronger evidence than its direction of travel.
const RULE_RANK: SpcRule[] = ['outside_limits', 'shift', 'two_of_three', 'trend'];

function causeOf(toward: 'up' | 'down', polarity: Polarity): SpecialCause {
  if (polarity === 'neutral') return 'neither';
  const good = polarity === 'up_is_good' ? 'up' : 'down';
  return toward === good ? 'improvement' : 'concern';
}

const isNum = (v: number | null): v is number => typeof v === 'number' && Number.isFinite(v);
const avg = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

/** The limits of an XmR chart, from its baseline points. */
interface Limits {
  mean: number;
  mrBar: number;
  sigma: number;
  upper: number;
  lower: number;
  up2: number;
  down2: number;
}

type Flags = Map<SpcRule, 'up' | 'down'>[];

/** Builds the XmR chart for an ordered series. Null (or non-finite) values are skipped, not zeroed. */
export function xmr(series: SeriesPoint[], options: SpcOptions): SpcResult {
  checkOptions(options);
  const target = isNum(options.target ?? null) ? (options.target as number) : null;
  const points: SpcPoint[] = series.map((p) => ({
    period: p.period,
    value: isNum(p.value) ? p.value : null,
    movingRange: null,
    signals: [],
    special: null,
  }));
  // Work on the non-null points only, so a missing month neither breaks nor extends a run.
  const idx = points.flatMap((p, i) => (p.value === null ? [] : [i]));
  const vals = idx.map((i) => points[i]!.value as number);
  for (let k = 1; k < vals.length; k++) points[idx[k]!]!.movingRange = Math.abs(vals[k]! - vals[k - 1]!);

  const n = vals.length;
  const baselineCount = Math.min(options.baselineLength ?? n, n);
  const empty: SpcResult = {
    points,
    polarity: options.polarity,
    target,
    n,
    baselineCount: n < 2 ? n : baselineCount,
    mean: n > 0 ? avg(vals.slice(0, baselineCount)) : null,
    meanMovingRange: null,
    sigma: null,
    upperLimit: null,
    lowerLimit: null,
    upperTwoSigma: null,
    lowerTwoSigma: null,
    variation: null,
    assurance: null,
  };
  if (n < 2) return empty;

  const lim = limitsOf(vals, baselineCount);
  const flags = ruleFlags(vals, lim, options.runLength ?? 7, options.trendLength ?? 7);
  flags.forEach((m, k) => {
    const p = points[idx[k]!]!;
    p.signals = RULE_RANK.filter((r) => m.has(r)).map((rule) => {
      const toward = m.get(rule)!;
      return { rule, toward, cause: causeOf(toward, options.polarity) };
    });
    p.special = p.signals[0]?.cause ?? null;
  });
  const latest = points[idx[n - 1]!]!;
  const variation: VariationIcon =
    latest.special === null
      ? 'common_cause'
      : latest.special === 'improvement'
        ? 'special_improvement'
        : latest.special === 'concern'
          ? 'special_concern'
          : 'special_neither';

  return {
    ...empty,
    baselineCount,
    mean: lim.mean,
    meanMovingRange: lim.mrBar,
    sigma: lim.sigma,
    upperLimit: lim.upper,
    lowerLimit: lim.lower,
    upperTwoSigma: lim.up2,
    lowerTwoSigma: lim.down2,
    variation,
    assurance: assuranceOf(options.polarity, target, lim.lower, lim.upper),
  };
}

function checkOptions(options: SpcOptions): void {
  if ((options.runLength ?? 7) < 2 || (options.trendLength ?? 7) < 2) throw new RangeError('runLength and trendLength must be at least 2');
  if (options.baselineLength !== undefined && options.baselineLength < 2) {
    throw new RangeError('baselineLength must be at least 2: limits need one moving range');
  }
}

function limitsOf(vals: number[], baselineCount: number): Limits {
  const mean = avg(vals.slice(0, baselineCount));
  const mrs = vals.slice(1, baselineCount).map((v, k) => Math.abs(v - vals[k]!));
  const mrBar = avg(mrs);
  const sigma = mrBar / D2;
  return {
    mean,
    mrBar,
    sigma,
    upper: mean + LIMIT_FACTOR * mrBar,
    lower: mean - LIMIT_FACTOR * mrBar,
    up2: mean + 2 * sigma,
    down2: mean - 2 * sigma,
  };
}

/** Which rules each point breaks, and toward which side. */
function ruleFlags(vals: number[], lim: Limits, runLength: number, trendLength: number): Flags {
  const flags: Flags = vals.map(() => new Map());
  const flag = (k: number, rule: SpcRule, toward: 'up' | 'down') => flags[k]!.set(rule, toward);
  // (a) a single point beyond a natural process limit
  vals.forEach((v, k) => {
    if (v > lim.upper) flag(k, 'outside_limits', 'up');
    else if (v < lim.lower) flag(k, 'outside_limits', 'down');
  });
  shiftRule(vals, lim.mean, runLength, flag);
  trendRule(vals, trendLength, flag);
  // (d) two of three consecutive points beyond 2 sigma on the same side; only those points are
  // flagged, the third one in the window has done nothing unusual
  for (let k = 0; k + 2 < vals.length; k++) {
    const w = [k, k + 1, k + 2];
    const high = w.filter((j) => vals[j]! > lim.up2);
    const low = w.filter((j) => vals[j]! < lim.down2);
    if (high.length >= 2) high.forEach((j) => flag(j, 'two_of_three', 'up'));
    if (low.length >= 2) low.forEach((j) => flag(j, 'two_of_three', 'down'));
  }
  return flags;
}

type Flag = (k: number, rule: SpcRule, toward: 'up' | 'down') => void;

/** (b) shift: runLength or more in a row on one side; a point exactly on the mean breaks the run. */
function shiftRule(vals: number[], mean: number, runLength: number, flag: Flag): void {
  const n = vals.length;
  let start = 0;
  for (let k = 0; k <= n; k++) {
    const side = k < n ? Math.sign(vals[k]! - mean) : 0;
    const startSide = Math.sign(vals[start]! - mean);
    if (k === n || side !== startSide || side === 0) {
      if (startSide !== 0 && k - start >= runLength) {
        for (let j = start; j < k; j++) flag(j, 'shift', startSide > 0 ? 'up' : 'down');
      }
      start = k;
    }
  }
}

/** (c) trend: trendLength points each higher (or each lower) than the one before; a tie breaks it. */
function trendRule(vals: number[], trendLength: number, flag: Flag): void {
  let steps = 0;
  let dir = 0;
  for (let k = 1; k < vals.length; k++) {
    const d = Math.sign(vals[k]! - vals[k - 1]!);
    steps = d !== 0 && d === dir ? steps + 1 : d !== 0 ? 1 : 0;
    dir = d;
    if (steps >= trendLength - 1) {
      for (let j = k - steps; j <= k; j++) flag(j, 'trend', dir > 0 ? 'up' : 'down');
    }
  }
}

// A target outside the limits on the good side is met by every value the process normally
// produces; on the bad side it is never met; inside the limits it is hit or missed by chance.
// Targets are thresholds ("at least 90%"), so a limit exactly on the target still meets it.
function assuranceOf(polarity: Polarity, target: number | null, lower: number, upper: number): Assurance | null {
  if (target === null || polarity === 'neutral') return null;
  if (polarity === 'up_is_good') {
    if (lower >= target) return 'pass';
    if (upper < target) return 'fail';
  } else {
    if (upper <= target) return 'pass';
    if (lower > target) return 'fail';
  }
  return 'inconsistent';
}

export interface DescribeOptions {
  /** Decimal places for values; default 0 for magnitudes of 100 or more, else 1. */
  decimals?: number;
  /** [singular, plural] word for one point, e.g. ['month', 'months']; inferred from period ids. */
  periodWords?: [string, string];
}

function inferPeriodWords(period: string | undefined): [string, string] {
  if (!period) return ['point', 'points'];
  if (/^\d{4}-\d{2}-\d{2}$/.test(period)) return ['day', 'days'];
  if (/^\d{4}-\d{2}$/.test(period)) return ['month', 'months'];
  if (/^\d{4}-Q[1-4]$/.test(period)) return ['quarter', 'quarters'];
  if (/^\d{4}(\/\d{2})?$/.test(period)) return ['year', 'years'];
  return ['point', 'points'];
}

/**
 * One plain-English sentence (two when there is a target) for a chart caption or a pack.
 * `unit` is a metric unit (or '%', or '' for a plain number), written out after each value: "12.3 seconds".
 */
export function describeSpc(metricTitle: string, result: SpcResult, unit: string, opts: DescribeOptions = {}): string {
  const real = result.points.filter((p) => p.value !== null);
  const latest = real[real.length - 1];
  if (!latest || result.upperLimit === null || result.lowerLimit === null || result.mean === null) {
    return `${metricTitle}: too few values to judge variation (${result.n}; at least 2 are needed).`;
  }
  // One precision for the whole sentence, chosen from the series' scale, so limits either side of
  // 100 do not print with different decimals.
  const dp = opts.decimals ?? (Math.abs(result.mean) >= 100 ? 0 : 1);
  const fmt = (v: number) => formatValue(v, unit, { decimals: dp, words: 'long' });
  const [one, many] = opts.periodWords ?? inferPeriodWords(latest.period);
  const v = latest.value as number;
  let sentence: string;
  const top = latest.signals[0];
  if (!top) {
    sentence = `${metricTitle}: no significant change — the latest value (${fmt(v)}) is within the expected range of variation (${fmt(result.lowerLimit)} to ${fmt(result.upperLimit)}).`;
  } else {
    const head =
      top.cause === 'improvement'
        ? 'special cause of improvement'
        : top.cause === 'concern'
          ? 'special cause of concern'
          : 'special cause variation';
    const upward = top.toward === 'up';
    // Length of the signal ending at the latest point: every point of a run or trend is flagged.
    let len = 0;
    for (let i = real.length - 1; i >= 0; i--) {
      const s = real[i]!.signals.find((x) => x.rule === top.rule && x.toward === top.toward);
      if (!s) break;
      len++;
    }
    const words = (k: number) => `${k} ${k === 1 ? one : many}`;
    const why =
      top.rule === 'outside_limits'
        ? `the latest value (${fmt(v)}) is ${upward ? 'above the upper' : 'below the lower'} process limit (${fmt(upward ? result.upperLimit : result.lowerLimit)})`
        : top.rule === 'shift'
          ? `${words(len)} in a row ${upward ? 'above' : 'below'} the average (${fmt(result.mean)})`
          : top.rule === 'two_of_three'
            ? `2 of the last 3 ${many} are close to the ${upward ? 'upper' : 'lower'} process limit (${fmt(upward ? result.upperLimit : result.lowerLimit)})`
            : `${words(len)} in a row ${upward ? 'rising' : 'falling'}, each ${upward ? 'higher' : 'lower'} than the last`;
    sentence = `${metricTitle}: ${head} — ${why}.`;
  }
  if (result.assurance !== null && result.target !== null) {
    const t = fmt(result.target);
    // Limits describe the process as it was; a special cause at the latest point says it may have
    // moved, so an assurance drawn from the old limits must not read as the last word.
    const cause = latest.signals[0]?.cause;
    if (result.assurance === 'fail' && cause === 'improvement') {
      return `${sentence} The target (${t}) lies beyond the range these limits allow, but the latest values are a special cause of improvement: if the change holds, limits worked out from it will show whether the target is now in reach.`;
    }
    if (result.assurance === 'pass' && cause === 'concern') {
      return `${sentence} The target (${t}) has been met consistently, but the latest values are a special cause of concern: if the change holds, the target may no longer be met.`;
    }
    sentence +=
      result.assurance === 'pass'
        ? ` The target (${t}) is being met consistently.`
        : result.assurance === 'fail'
          ? ` The target (${t}) will not be met unless something changes in how the service works.`
          : ` The target (${t}) lies within the range of variation, so it will be met in some ${many} and missed in others.`;
  }
  return sentence;
}
