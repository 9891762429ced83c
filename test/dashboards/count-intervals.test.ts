// The "By area" table's interval for a count: Garwood's exact Poisson interval of each published
// count, none for a hidden one in the panel build. Expected bounds are the textbook values
// (chi-square quantiles / 2), written out by hand, not produced by the code under test.
import { describe, expect, it } from 'vitest';
import { getMetric } from '../../pipeline/metrics/catalogue.ts';
import type { MetricValue } from '../../pipeline/metrics/compute.ts';
import { countIntervals } from '../../pipeline/site/area-compare.ts';

const row = (area: string, value: number, suppressed = false): MetricValue => ({
  metric: 'vawg_rape',
  grain: 'r12',
  period: '2023-07',
  period_start: '2022-08-01',
  period_end: '2023-07-31',
  area,
  value,
  numerator: null,
  denominator: null,
  suppressed,
  reason: null,
});
const periods = {
  r12: [{ id: '2023-07', start: '2022-08-01', end: '2023-07-31' }],
  month: [{ id: '2023-07', start: '2023-07-01', end: '2023-07-31' }],
};
const rows = [row('force', 10), row('A', 0), row('B', 5), row('C', 3, true)];

describe('countIntervals', () => {
  it("gives each count its 95% Garwood interval, rounded as the page shows counts in the panel's build", () => {
    // k = 10: χ²(0.025; 20)/2 = 9.5908/2 = 4.7954, χ²(0.975; 22)/2 = 36.7807/2 = 18.3904 → 5 to 18
    // k = 0: lower 0, χ²(0.975; 2)/2 = 7.3778/2 = 3.6889 → 0 to 4
    // k = 5: χ²(0.025; 10)/2 = 3.2470/2 = 1.6235, χ²(0.975; 12)/2 = 23.3367/2 = 11.6683 → 2 to 12
    const c = countIntervals(getMetric('vawg_rape'), rows, periods, ['force', 'A', 'B', 'C'], 'panel')!;
    expect(c.method).toBe('garwood');
    expect(c.grains.r12).toEqual({ force: [[10, 5, 18]], A: [[0, 0, 4]], B: [[5, 2, 12]], C: [null] });
    expect(c.grains.month).toBeUndefined(); // areas are published at twelve-month windows only
  });

  it('keeps full precision, and the hidden count, in the analyst build', () => {
    const c = countIntervals(getMetric('vawg_rape'), rows, periods, ['force', 'A', 'B', 'C'], 'analyst')!;
    const [k, lo, hi] = c.grains.r12!.force![0]!;
    expect(k).toBe(10);
    expect(lo).toBeCloseTo(4.7954, 3);
    expect(hi).toBeCloseTo(18.3904, 3);
    expect(c.grains.r12!.C![0]![0]).toBe(3);
  });

  it('is for counts with areas only', () => {
    expect(countIntervals(getMetric('rasso_positive_outcome_rate_pct'), rows, periods, ['force'], 'panel')).toBeNull();
  });
});
