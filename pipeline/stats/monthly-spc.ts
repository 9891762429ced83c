// The control chart of one metric's monthly series, as the dashboards and the packs both draw it.
// One window, one set of limits, one precision: a tile and a pack page looking at the same month
// must give the same verdict, so neither computes its own.
import { decimalsFor } from '../../dashboards/shared/format.ts';
import type { Metric } from '../metrics/catalogue.ts';
import { describeSpc, xmr, type SpcResult } from './spc.ts';

/**
 * Months the limits are worked out over, ending at the latest: enough points for stable limits
 * ("Making Data Count" asks for 20 or more), recent enough that the first months of the data (a
 * rate of outcomes for crimes that were barely recorded yet) and old service models drop out.
 */
export const SPC_MONTHS = 36;

export interface MonthlySpc {
  result: SpcResult;
  /** The decimals limits and values are shown with. */
  decimals: number;
  description: string;
}

/**
 * XmR over the last `months` points of `series` (oldest first; null is a missing month, a gap). The
 * limits stop at what is possible: a count or time below 0, or a share above 100%, cannot happen.
 */
export function monthlySpc(
  metric: Metric,
  series: { period: string; value: number | null }[],
  title = metric.title,
  months = SPC_MONTHS,
): MonthlySpc {
  const raw = xmr(series.slice(-months), { polarity: metric.polarity, target: metric.target ?? null });
  const ceiling = metric.unit === 'pct' ? 100 : Infinity;
  const result = {
    ...raw,
    lowerLimit: raw.lowerLimit === null ? null : Math.max(0, raw.lowerLimit),
    upperLimit: raw.upperLimit === null ? null : Math.min(ceiling, raw.upperLimit),
  };
  // The unit's decimals, except small counts, whose limits would otherwise round onto the values
  // ("3 is above the upper limit (3)"): one place for those.
  const small = metric.unit === 'count' && Math.abs(result.mean ?? 0) < 20;
  const decimals = small ? 1 : decimalsFor(metric.unit);
  return { result, decimals, description: describeSpc(title, result, metric.unit, { decimals }) };
}
