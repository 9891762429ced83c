// Rebasing an XmR chart at known process changes, as NHS England's "Making Data Count" does and
// NHSRplotthedots implements it (`ptd_spc(rebase = …)`): the series is cut at each rebase point and
// every segment gets its own mean, moving ranges and limits — no moving range spans a cut, and the
// special-cause rules look at one segment at a time. Limits worked out from fewer than
// TRIAL_POINTS points are trial limits: shown, but marked as provisional until the new process has
// a year of data. The chart's verdict (variation and assurance icons, the sentence) is the current
// segment's: the process as it now runs.
import { xmr, type SeriesPoint, type SpcOptions, type SpcResult } from './spc.ts';

/** Limits from fewer points than this are trial limits (MDC: recalculate once there are 12). */
export const TRIAL_POINTS = 12;

export interface SpcSegment {
  /** First and last period of the segment. */
  from: string;
  to: string;
  /** Non-null points in the segment. */
  n: number;
  mean: number | null;
  meanMovingRange: number | null;
  upperLimit: number | null;
  lowerLimit: number | null;
  /** True when the limits rest on fewer than TRIAL_POINTS points. */
  trial: boolean;
}

export interface RebasedSpc extends SpcResult {
  /** Oldest first; the last is the current process, whose figures the top-level fields repeat. */
  segments: SpcSegment[];
}

/**
 * XmR per segment. `rebaseAt` holds the periods that start a new segment (a period not in the
 * series, or its first, starts none). The points come back in series order with each segment's
 * signals; mean, limits, icons and n at the top level are the last segment's.
 */
export function xmrRebased(series: SeriesPoint[], options: SpcOptions, rebaseAt: string[] = []): RebasedSpc {
  const cuts = series.flatMap((p, i) => (i > 0 && rebaseAt.includes(p.period) ? [i] : []));
  const bounds = [0, ...cuts, series.length];
  const parts = bounds.slice(1).map((end, k) => series.slice(bounds[k]!, end));
  const results = parts.map((part) => xmr(part, options));
  const current = results.at(-1)!;
  const segments = series.length === 0 ? [] : results.map((r, k) => segmentOf(parts[k]!, r));
  return { ...current, points: results.flatMap((r) => r.points), segments };
}

function segmentOf(part: SeriesPoint[], r: SpcResult): SpcSegment {
  return {
    from: part[0]!.period,
    to: part.at(-1)!.period,
    n: r.n,
    mean: r.mean,
    meanMovingRange: r.meanMovingRange,
    upperLimit: r.upperLimit,
    lowerLimit: r.lowerLimit,
    trial: r.n < TRIAL_POINTS,
  };
}
