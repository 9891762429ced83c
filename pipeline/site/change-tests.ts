// Is a tile's change on the year before more than chance? The loader tests every period of every
// metric, grain and area against the same period a year earlier with the tests of
// pipeline/stats/change.ts — exact Poisson for counts (and for rates per 1,000 or per 100, with their
// denominators as exposures), the two-proportion test for percentages that are proportions — and writes one letter per
// period, so a tile says "better" or "worse" only of a significant change. Means and medians
// (seconds, days) have no test here: their tiles give the change without a verdict.
//
// Disclosure: the letters come from the rows the disclosure pass judged; in the panel's build a
// pair with a hidden figure on either side gets no letter (its tile shows [c] or nothing to compare).
import type { Metric } from '../metrics/catalogue.ts';
import type { MetricValue } from '../metrics/compute.ts';
import { comparePoissonCounts, compareProportions } from '../stats/change.ts';
import type { Audience, PeriodInfo } from './series.ts';
import { yearBefore } from '../../dashboards/shared/format.ts';

/** 's' significant at 5%, '.' not significant, '-' no test for this kind of measure, ' ' nothing to compare. */
export type ChangeTest = 's' | '.' | '-' | ' ';

/** The same period a year earlier: same grain, ending twelve months before, starting in the same month of the year. */
const whole = (v: number | null): v is number => v !== null && Number.isInteger(v) && v >= 0;

/** The test of one change, from the two periods' rows. */
export function changeTest(m: Metric, now: MetricValue | undefined, before: MetricValue | undefined, who: Audience): ChangeTest {
  if (!now || !before || now.value === null || before.value === null) return ' ';
  if (who === 'panel' && (now.suppressed || before.suppressed)) return ' ';
  if (m.unit === 'days' || m.unit === 'seconds') return '-';
  if (m.unit === 'count') {
    return whole(now.value) && whole(before.value) ? (comparePoissonCounts(before.value, now.value).significant ? 's' : '.') : ' ';
  }
  const [xB, nB, xA, nA] = [before.numerator, before.denominator, now.numerator, now.denominator];
  if (!whole(xB) || !whole(nB) || !whole(xA) || !whole(nA) || nB === 0 || nA === 0) return ' ';
  // A proportion is tested as one; a rate (per 1,000, per 100, or a percentage that passes 100%) as Poisson counts over exposures.
  if (m.unit === 'pct' && m.proportion !== false && xB <= nB && xA <= nA) return compareProportions(xB, nB, xA, nA).significant ? 's' : '.';
  return comparePoissonCounts(xB, xA, { exposureBefore: nB, exposureAfter: nA }).significant ? 's' : '.';
}

/** grain → area → one ChangeTest letter per period of periods[grain] (against yearBefore). */
export function changeTests(m: Metric, rows: MetricValue[], periods: Record<string, PeriodInfo[]>, areas: string[], who: Audience): Record<string, Record<string, string>> {
  const index = new Map(rows.filter((r) => r.metric === m.id).map((r) => [`${r.grain}|${r.area}|${r.period}`, r]));
  const out: Record<string, Record<string, string>> = {};
  for (const [grain, list] of Object.entries(periods)) {
    const before = list.map((p) => yearBefore(list, p));
    out[grain] = Object.fromEntries(areas.map((a) => {
      const at = (p: PeriodInfo | undefined) => (p ? index.get(`${grain}|${a}|${p.id}`) : undefined);
      return [a, list.map((p, i) => changeTest(m, at(p), at(before[i]), who)).join('')];
    }));
  }
  return out;
}
