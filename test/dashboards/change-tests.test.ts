// The tiles' significance letters (pipeline/site/change-tests.ts), on hand-worked changes: the
// counts are those of test/stats/change.test.ts, whose p-values are worked there by hand.
import { describe, expect, it } from 'vitest';
import { getMetric } from '../../pipeline/metrics/catalogue.ts';
import type { MetricValue } from '../../pipeline/metrics/compute.ts';
import { changeTest, changeTests } from '../../pipeline/site/change-tests.ts';
import { yearBefore } from '../../dashboards/shared/format.ts';

const row = (
  metric: string,
  value: number | null,
  numerator: number | null,
  denominator: number | null,
  suppressed = false,
): MetricValue => ({
  metric,
  grain: 'fy',
  period: '2023/24',
  period_start: '2023-04-01',
  period_end: '2024-03-31',
  area: 'force',
  value,
  numerator,
  denominator,
  suppressed,
  reason: suppressed ? 'small_count' : null,
});
const pct = (x: number, n: number, suppressed = false) => row('dvpn_granted_pct', (100 * x) / n, x, n, suppressed);

describe('changeTest: is the change on a year before significant?', () => {
  it.each([
    // Counts, exact Poisson: 100 → 150 has p = 0.002; 4,601 → 4,766 has p = 0.09.
    ['count 100 → 150', 'vawg_rape', row('vawg_rape', 100, 100, null), row('vawg_rape', 150, 150, null), 's'],
    ['count 4,601 → 4,766', 'vawg_rape', row('vawg_rape', 4601, 4601, null), row('vawg_rape', 4766, 4766, null), '.'],
    // Percentages, two proportions: 40/100 → 60/100: pooled 0.5, se = √(0.25·0.02) = 0.0707, z = 2.83, p = 0.005.
    ['40% → 60% of 100', 'dvpn_granted_pct', pct(40, 100), pct(60, 100), 's'],
    // 23/80 → 28/80: pooled 51/160 = 0.31875, se = √(0.31875·0.68125·0.025) = 0.07369, z = 0.0625/0.07369 = 0.85, p = 0.40.
    ['23 → 28 of 80', 'dvpn_granted_pct', pct(23, 80), pct(28, 80), '.'],
    // A rate per 1,000 is a count over an exposure: 10 in 1,000 → 30 in 1,000 is 10 → 30 at equal exposure:
    // 30 of 40 ~ Bin(40, ½) if nothing changed, P(X ≥ 30) = 0.0011, two-sided 0.002.
    [
      '10 → 30 per 1,000',
      'spo_granted_per_1000_stalking',
      row('spo_granted_per_1000_stalking', 10, 10, 1000),
      row('spo_granted_per_1000_stalking', 30, 30, 1000),
      's',
    ],
    // Breaches per 100 applications is a rate (proportion: false), tested as 10 → 30 over equal exposures.
    [
      '10 → 30 breaches per 100 applications',
      'dvpn_breach_rate_pct',
      row('dvpn_breach_rate_pct', 10, 10, 100),
      row('dvpn_breach_rate_pct', 30, 30, 100),
      's',
    ],
    // …and a month with more breaches than applications does not break the test: 2 → 6 over equal exposures,
    // 6 of 8 ~ Bin(8, ½): P(X ≥ 6) = 37/256, two-sided 0.29.
    [
      '2 → 6 breaches on 1 application',
      'dvpn_breach_rate_pct',
      row('dvpn_breach_rate_pct', 200, 2, 1),
      row('dvpn_breach_rate_pct', 600, 6, 1),
      '.',
    ],
    [
      'a median has no test',
      'rasso_median_days_to_charge',
      row('rasso_median_days_to_charge', 100, null, 20),
      row('rasso_median_days_to_charge', 300, null, 20),
      '-',
    ],
    ['no value a year before', 'vawg_rape', row('vawg_rape', null, null, null), row('vawg_rape', 150, 150, null), ' '],
  ] as const)('%s → %j', (_name, metric, before, now, want) => {
    expect(changeTest(getMetric(metric), now, before, 'panel')).toBe(want);
  });

  it('gives no letter in the panel build where either figure is hidden, and tests it in the analyst build', () => {
    const m = getMetric('dvpn_granted_pct');
    expect(changeTest(m, pct(60, 100), pct(40, 100, true), 'panel')).toBe(' ');
    expect(changeTest(m, pct(60, 100), pct(40, 100, true), 'analyst')).toBe('s');
  });

  it('compares each period with the one ending twelve months earlier that starts in the same month', () => {
    const fytd = [
      { id: '2022-05', start: '2022-04-01', end: '2022-05-31' },
      { id: '2023-04', start: '2023-04-01', end: '2023-04-30' },
      { id: '2023-05', start: '2023-04-01', end: '2023-05-31' },
    ];
    expect(yearBefore(fytd, fytd[2]!)?.id).toBe('2022-05');
    expect(yearBefore(fytd, fytd[1]!)).toBeUndefined();
    const rows = [
      { ...row('vawg_rape', 100, 100, null), grain: 'fytd' as const, period: '2022-05' },
      { ...row('vawg_rape', 150, 150, null), grain: 'fytd' as const, period: '2023-05' },
    ];
    expect(changeTests(getMetric('vawg_rape'), rows, { fytd }, ['force'], 'panel')).toEqual({ fytd: { force: '  s' } });
  });
});
