// The dashboards and the packs draw one control chart per metric: same window, same limits, same
// words. Before, a tile judged all history and a pack page the last 36 months, and they disagreed.
import { describe, expect, it } from 'vitest';
import { getMetric } from '../../pipeline/metrics/catalogue.ts';
import { buildChart, type Values } from '../../pipeline/packs/figures.ts';
import { valueKey } from '../../pipeline/packs/prose.ts';
import { spcSummary } from '../../pipeline/site/series.ts';
import { SPC_MONTHS } from '../../pipeline/stats/monthly-spc.ts';
import { describeSpc, xmr } from '../../pipeline/stats/spc.ts';

const month = (i: number) => `${2019 + Math.floor((i + 3) / 12)}-${String(((i + 3) % 12) + 1).padStart(2, '0')}`; // i = 0 → 2019-04

describe('one control chart for a metric, in the dashboards and in a pack', () => {
  // 55 months from Apr 2019 to Oct 2023. The first 19 are the start of the data, a rate near 0
  // (outcomes had not come in yet); the last 36 alternate 10, 11, 10, 11, … and end at 10.5.
  // Over the last 36: mean ≈ 10.5, moving range ≈ 1, limits ≈ 10.5 ± 2.66 — all common cause.
  const values = Array.from({ length: 55 }, (_, i) => (i < 19 ? 0.5 : i === 54 ? 10.5 : 10 + (i % 2)));
  const metric = getMetric('rasso_positive_outcome_rate_pct');
  const periods = values.map((_, i) => ({ id: month(i), start: `${month(i)}-01`, end: `${month(i)}-28` }));

  it('the whole history would flag the recent months (so the window matters)', () => {
    const all = xmr(
      values.map((value, i) => ({ period: month(i), value })),
      { polarity: 'up_is_good', target: null },
    );
    expect(all.points.slice(19).some((p) => p.special !== null)).toBe(true);
  });

  it('gives the same window, limits, verdict and sentence on both', () => {
    const site = spcSummary(metric, periods, values);
    const packValues: Values = new Map(
      values.map((v, i) => [
        valueKey(metric.id, 'month', month(i), 'force'),
        { value: v, numerator: null, denominator: null, suppressed: false },
      ]),
    );
    const pack = buildChart(
      's',
      { metric: metric.id, grain: 'month', periods: SPC_MONTHS, area: 'force' },
      metric,
      packValues,
      '2023-10',
      'Force',
      [],
    );
    expect(site.from).toBe('2020-11'); // 36 months back from Oct 2023
    expect(pack.points[0]!.period).toBe('2020-11');
    expect(site.variation).toBe('common_cause');
    expect(pack.variation).toBe(site.variation);
    expect(pack.mean).toBeCloseTo(site.mean!, 3);
    expect(pack.upper).toBeCloseTo(site.upper!, 3);
    expect(pack.description).toBe(site.description);
    expect(site.special.slice(0, 19)).toBe(' '.repeat(19)); // before the window: not judged
  });
});

describe('describeSpc: a target judged on limits the latest values have left behind', () => {
  // 36 months alternating 79, 81, then 95; up is good, target 90.
  // mean = (18×79 + 18×81 + 95)/37 = 2975/37 ≈ 80.41; moving ranges: 35 of 2 and |95−81| = 14 → 84/36 ≈ 2.33
  // upper limit ≈ 80.41 + 2.66 × 2.33 ≈ 86.6, below the target (fail), and 95 is above it (improvement).
  const series = [...Array.from({ length: 36 }, (_, i) => (i % 2 ? 81 : 79)), 95].map((value, i) => ({ period: month(i), value }));

  it('says the latest values are a special cause of improvement, not that the target cannot be met', () => {
    const r = xmr(series, { polarity: 'up_is_good', target: 90 });
    expect(r.assurance).toBe('fail');
    const text = describeSpc('999 calls answered within 10 seconds', r, '%', { decimals: 1 });
    expect(text).toContain('special cause of improvement');
    expect(text).toContain('The target (90.0%) lies beyond the range these limits allow');
    expect(text).not.toContain('will not be met');
  });
});
