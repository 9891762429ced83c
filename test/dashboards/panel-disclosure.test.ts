// What a build publishes of a value: the panel's hides what the disclosure pass hides and rounds
// the rest to the page's decimals; the analyst's own build shows every value.
import { describe, expect, it } from 'vitest';
import type { MetricValue } from '../../pipeline/metrics/compute.ts';
import type { Grain } from '../../pipeline/metrics/periods.ts';
import { cellOf } from '../../pipeline/site/series.ts';

const value = (metric: string, grain: Grain, area: string, v: number, suppressed = false): MetricValue => ({
  metric,
  grain,
  period: 'p',
  period_start: '2023-01-01',
  period_end: '2023-03-31',
  area,
  value: v,
  numerator: v,
  denominator: null,
  suppressed,
  reason: suppressed ? 'small_count' : null,
});

describe('a value in a build', () => {
  it('is [c] in the panel build when the pass hides it, and whole in the analyst build', () => {
    expect(cellOf(value('vawg_rape', 'r12', 'DD', 3, true), 'panel')).toBe('c');
    expect(cellOf(value('vawg_rape', 'r12', 'DD', 3, true), 'analyst')).toBe(3);
    expect(cellOf(value('vawg_rape', 'month', 'force', 104), 'panel')).toBe(104);
  });

  it('is no more precise in the panel build than the page shows it', () => {
    expect(cellOf(value('dvpn_breach_rate_pct', 'fy', 'AV', 100 / 18), 'panel')).toBe(5.6);
    expect(cellOf(value('spo_granted_per_1000_stalking', 'fy', 'AV', 1000 / 285), 'panel')).toBe(3.51);
    expect(cellOf(value('dvpn_breach_rate_pct', 'fy', 'AV', 100 / 18), 'analyst')).toBeCloseTo(5.5555555556, 9);
  });
});
