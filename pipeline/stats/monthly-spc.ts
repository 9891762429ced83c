// The control chart of one metric's monthly series, as the dashboards and the packs both draw it.
// One window, one set of limits, one precision: a tile and a pack page looking at the same month
// must give the same verdict, so neither computes its own.
import { decimalsFor, formatValue, monthLabel } from '../../dashboards/shared/format.ts';
import type { Metric } from '../metrics/catalogue.ts';
import type { RebasePoint } from './annotations.ts';
import { xmrRebased, TRIAL_POINTS, type RebasedSpc, type SpcSegment } from './rebase.ts';
import { describeSpc } from './spc.ts';

/**
 * Months the limits are worked out over, ending at the latest: enough points for stable limits
 * ("Making Data Count" asks for 20 or more), recent enough that the first months of the data (a
 * rate of outcomes for crimes that were barely recorded yet) and old service models drop out.
 */
export const SPC_MONTHS = 36;

export interface MonthlySpc {
  /** Top-level mean, limits and icons are the current (last) segment's. */
  result: RebasedSpc;
  /** The decimals limits and values are shown with. */
  decimals: number;
  description: string;
}

/**
 * XmR over the last `months` points of `series` (oldest first; null is a missing month, a gap),
 * rebased at the analyst's `rebase` points that fall inside the window. The limits stop at what is
 * possible: a count or time below 0, or a share above 100%, cannot happen.
 */
export function monthlySpc(
  metric: Metric,
  series: { period: string; value: number | null }[],
  title = metric.title,
  months = SPC_MONTHS,
  rebase: RebasePoint[] = [],
): MonthlySpc {
  const raw = xmrRebased(
    series.slice(-months),
    { polarity: metric.polarity, target: metric.target ?? null },
    rebase.map((r) => r.month),
  );
  const ceiling = metric.unit === 'pct' ? 100 : Infinity;
  const clampLow = (v: number | null) => (v === null ? null : Math.max(0, v));
  const clampHigh = (v: number | null) => (v === null ? null : Math.min(ceiling, v));
  const segments = raw.segments.map((s) => ({ ...s, lowerLimit: clampLow(s.lowerLimit), upperLimit: clampHigh(s.upperLimit) }));
  const result = { ...raw, segments, lowerLimit: clampLow(raw.lowerLimit), upperLimit: clampHigh(raw.upperLimit) };
  // The unit's decimals, except small counts, whose limits would otherwise round onto the values
  // ("3 is above the upper limit (3)"): one place for those.
  const small = metric.unit === 'count' && Math.abs(result.mean ?? 0) < 20;
  const decimals = small ? 1 : decimalsFor(metric.unit);
  // The sentence reads the current segment alone: a run does not continue across a rebase.
  const current = segments.at(-1);
  const own = current ? result.points.filter((p) => p.period >= current.from) : result.points;
  const verdict = describeSpc(title, { ...result, points: own }, metric.unit, { decimals });
  return { result, decimals, description: `${verdict}${rebaseNote(segments, rebase, metric.unit, decimals)}` };
}

/** A segment's limits as the pages and packs carry them (limits keyed upper/lower, as the chart's own). */
export interface SegmentLimits {
  from: string;
  n: number;
  mean: number | null;
  upper: number | null;
  lower: number | null;
  trial: boolean;
}

/** The segments of a rebased chart for a page or pack; `out` rounds for the page. */
export function segmentLimits(segments: SpcSegment[], out: (v: number | null) => number | null = (v) => v): SegmentLimits[] {
  return segments.map((g) => ({
    from: g.from,
    n: g.n,
    mean: out(g.mean),
    upper: out(g.upperLimit),
    lower: out(g.lowerLimit),
    trial: g.trial,
  }));
}

/** " Limits recalculated from Mar 2023 (…); trial limits: …" — or nothing when the chart is not rebased. */
function rebaseNote(segments: SpcSegment[], rebase: RebasePoint[], unit: string, decimals: number): string {
  if (segments.length < 2) return '';
  const current = segments.at(-1)!;
  const why = rebase.find((r) => r.month === current.from);
  const before = segments.at(-2)!;
  const fmt = (v: number | null) => (v === null ? '–' : formatValue(v, unit, { decimals, words: 'long' }));
  let note = ` Limits recalculated from ${monthLabel(current.from)}${why ? ` (${why.label}, ${why.when})` : ''}: average ${fmt(before.mean)} before, ${fmt(current.mean)} since.`;
  if (current.trial) {
    note += ` These are trial limits, from ${current.n} month${current.n === 1 ? '' : 's'}: treat them as provisional until there are ${TRIAL_POINTS}.`;
  }
  return note;
}
