// The panel build must not let a hidden small number be worked out from other grains: a month
// hidden in a table of areas would otherwise be its quarter minus the quarter's other months.
import { describe, expect, it } from 'vitest';
import type { MetricValue } from '../../pipeline/metrics/compute.ts';
import type { Grain } from '../../pipeline/metrics/periods.ts';
import { cellOf } from '../../pipeline/site/series.ts';

const value = (grain: Grain, area: string, v: number, suppressed = false): MetricValue => ({
  metric: 'vawg_rape', grain, period: 'p', period_start: '2023-01-01', period_end: '2023-03-31', area, value: v,
  numerator: v, denominator: null, suppressed,
});

describe('area values in the panel build', () => {
  it('are shown only at twelve-month grains, which cannot be differenced into a month', () => {
    expect(cellOf(value('month', 'DD', 8), 'panel')).toBe('c');
    expect(cellOf(value('quarter', 'DD', 16), 'panel')).toBe('c');
    expect(cellOf(value('fytd', 'DD', 40), 'panel')).toBe('c');
    expect(cellOf(value('r12', 'DD', 61), 'panel')).toBe(61);
    expect(cellOf(value('fy', 'DD', 61), 'panel')).toBe(61);
  });

  it('still hide small counts at those grains, and leave the force and the analyst build whole', () => {
    expect(cellOf(value('r12', 'DD', 3, true), 'panel')).toBe('c');
    expect(cellOf(value('month', 'force', 104), 'panel')).toBe(104);
    expect(cellOf(value('month', 'DD', 3, true), 'analyst')).toBe(3);
  });
});
