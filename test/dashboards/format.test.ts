// The one formatting module (dashboards/shared/format.ts), imported by the pipeline, the packs and
// the pages alike: how every number, unit and period reads. Expected strings are as the papers,
// the packs and the pages print them today; each table row is one case worked out by hand.
import { describe, expect, it } from 'vitest';
import {
  dayLabel,
  decimalsFor,
  formatNumber,
  formatValue,
  grainInfo,
  grainLabels,
  grains,
  monthLabel,
  periodLabel,
  roundTo,
  shiftMonth,
  unitDecimals,
  units,
  unitOf,
  valueParts,
  yearBefore,
  type DecimalsOptions,
  type Grain,
  type ValueOptions,
} from '../../dashboards/shared/format.ts';
import { defaultFormat, formatFigure } from '../../pipeline/packs/prose.ts';
import { rowFormat } from '../../pipeline/packs/figures.ts';
import { round } from '../../pipeline/site/series.ts';
import { comparePoissonCounts, describeChange } from '../../pipeline/stats/change.ts';

describe('rounding: half away from zero, as the force spreadsheets (Excel ROUND)', () => {
  // Shares of small whole numbers that lie exactly on a half, which floating point stores just
  // below it (23/80 × 100 = 28.749999…), and plain halves either side of zero.
  const cases: [string, number, number, number, string][] = [
    ['23 of 80 %', (23 / 80) * 100, 1, 28.8, '28.8'],
    ['23 of 40 %', (23 / 40) * 100, 0, 58, '58'],
    ['29 of 200 %', (29 / 200) * 100, 0, 15, '15'],
    ['41 of 160 %', (41 / 160) * 100, 2, 25.63, '25.63'],
    ['23 of 160 %', (23 / 160) * 100, 2, 14.38, '14.38'],
    ['16.875', 16.875, 0, 17, '17'],
    ['0.555', 0.555, 2, 0.56, '0.56'],
    ['-2.8014', -2.8014, 1, -2.8, '-2.8'],
    ['-2.5', -2.5, 0, -3, '-3'],
    ['0.125', 0.125, 2, 0.13, '0.13'],
    ['-4.345', -4.345, 2, -4.35, '-4.35'],
    ['2.3902', 2.3902, 1, 2.4, '2.4'],
    ['18.997', 18.997, 1, 19, '19.0'],
    ['14346', 14346, 0, 14346, '14,346'],
  ];
  it.each(cases)('%s to %i dp is %s', (_, v, dp, rounded, shown) => {
    expect(roundTo(v, dp)).toBe(rounded);
    expect(formatNumber(v, dp)).toBe(shown);
  });

  it('no number reads "–"', () => {
    for (const v of [null, undefined, Number.NaN, Infinity]) expect(formatNumber(v as number | null, 1)).toBe('–');
  });

  it('a value trimmed for the page (twelve significant digits) still rounds as the value itself', () => {
    // 9.34996 is below the half: cut to 3 decimals on its way to the page it once showed 9.4.
    for (const v of [9.34996, 95.04999, 1.904999, 28.749999999999996]) {
      for (const dp of [1, 2]) expect(formatNumber(round(v), dp)).toBe(formatNumber(v, dp));
    }
  });

  it('a change sentence rounds its percentages the same way', () => {
    // 80 → 91 is up 13.75%, exactly on a half (13.749999… in floating point): up 13.8%.
    expect(describeChange(comparePoissonCounts(80, 91))).toMatch(/^up 13\.8% \(80 to 91\)/);
  });
});

describe('decimals per unit: one table, one named exception', () => {
  const cases: [string, DecimalsOptions, number][] = [
    ['count', {}, 0],
    ['pct', {}, 1],
    ['per_1000', {}, 2],
    ['days', {}, 0],
    ['seconds', {}, 1],
    ['seconds', { wholeSeconds: true }, 0],
    ['pct', { wholeSeconds: true }, 1],
    ['%', {}, 1],
    ['s', {}, 1],
    ['', {}, 0],
    ['furlongs', {}, 1],
  ];
  it.each(cases)('%s %o → %i dp', (unit, options, dp) => expect(decimalsFor(unit, options)).toBe(dp));

  it('covers every unit of the catalogue', () => {
    expect(Object.keys(unitDecimals).sort()).toEqual([...units].sort());
    expect(units.map(unitOf)).toEqual([...units]);
  });

  // The pack's prose and tables print times in whole seconds; its summary rows and sentences under
  // the charts in one place, as the dashboards do. Both come from the one table.
  const packFormats: [string, string, string][] = [
    ['count', 'int', 'int'],
    ['pct', 'pct1', 'pct1'],
    ['per_1000', 'dp2', 'dp2'],
    ['days', 'days', 'days'],
    ['seconds', 'secs', 'secs1'],
  ];
  it.each(packFormats)('a pack prints %s as %s in prose and tables, %s in summary rows', (unit, prose, row) => {
    expect(defaultFormat(unit)).toBe(prose);
    expect(rowFormat(unit as (typeof units)[number])).toBe(row);
  });
});

describe('values with their units', () => {
  const cases: [unknown, string | undefined, ValueOptions, string][] = [
    [84.94, 'pct', {}, '84.9%'],
    [84.94, '%', {}, '84.9%'],
    [84.94, 'pct', { decimals: 0 }, '85%'],
    [12.34, 'seconds', {}, '12.3 s'],
    [12.34, 's', {}, '12.3 s'],
    [12.34, 'seconds', { wholeSeconds: true }, '12 s'],
    [12.34, 'seconds', { words: 'long' }, '12.3 seconds'],
    [6.5432, 'per_1000', {}, '6.54 per 1,000'],
    [40.4, 'days', {}, '40 days'],
    [1234, 'count', {}, '1,234'],
    [1234.4, '', {}, '1,234'],
    [2.25, undefined, {}, '2.3'],
    [5, 'count', { decimals: null }, '5'],
    ['c', 'count', {}, '[c]'],
    [null, 'pct', {}, '–'],
    [undefined, 'count', {}, '–'],
  ];
  it.each(cases)('%s %s %o → "%s"', (v, unit, options, want) => expect(formatValue(v, unit, options)).toBe(want));

  it('splits number and unit word for the tiles', () => {
    expect(valueParts(12.34, 'seconds')).toEqual({ number: '12.3', suffix: 's' });
    expect(valueParts(84.94, 'pct')).toEqual({ number: '84.9%', suffix: '' });
    expect(valueParts(6.5432, 'per_1000', { decimals: 1 })).toEqual({ number: '6.5', suffix: 'per 1,000' });
    expect(valueParts('c', 'count')).toEqual({ number: '[c]', suffix: '' });
  });

  const figures: [number, string, string][] = [
    [14346, 'int', '14,346'],
    [96.25, 'pct0', '96%'],
    [16.875, 'pct0', '17%'],
    [0.564, 'pct2', '0.56%'],
    [328, 'mmss', '5:28'],
    [6.5432, 'dp2', '6.54'],
    [7.2, 'secs', '7 seconds'],
    [228.04, 'secs1', '228.0 seconds'],
    [40.5, 'days', '41 days'],
  ];
  it.each(figures)('the pack prints %s as %s: "%s"', (v, format, want) =>
    expect(formatFigure(v, format as Parameters<typeof formatFigure>[1])).toBe(want),
  );
});

describe('months and periods', () => {
  // Three-letter months as the papers print them ("Sep", never ICU's "Sept"); a financial year to
  // date named by its months (the year starts in April).
  const labels: [Grain, string, string][] = [
    ['month', '2023-09', 'Sep 2023'],
    ['r12', '2023-09', '12 months to Sep 2023'],
    ['fytd', '2022-10', 'Apr–Oct 2022'],
    ['fytd', '2023-04', 'Apr 2023'],
    ['fytd', '2024-02', 'Apr 2023–Feb 2024'],
    ['fy', '2022/23', 'FY 2022/23'],
    ['quarter', '2023-Q2', '2023 Q2'],
    ['cy', '2023', '2023'],
  ];
  it.each(labels)('%s %s reads "%s"', (grain, period, want) => expect(periodLabel(grain, period)).toBe(want));

  it('months and days', () => {
    expect(monthLabel('2023-09')).toBe('Sep 2023');
    expect(monthLabel('2023-12-31')).toBe('Dec 2023');
    expect(dayLabel('2023-09-01')).toBe('1 Sep 2023');
    expect(dayLabel('2023-11-07T23:30:00Z')).toBe('7 Nov 2023');
    expect(dayLabel(null)).toBe('–');
  });

  const shifts: [string, number, string][] = [
    ['2023-09', -12, '2022-09'],
    ['2023-01', -1, '2022-12'],
    ['2023-12', 1, '2024-01'],
    ['2023-07', -35, '2020-08'],
    ['2023-10-31', -12, '2022-10'],
    ['2023-05', 0, '2023-05'],
  ];
  it.each(shifts)('%s shifted by %i months is %s', (ym, by, want) => expect(shiftMonth(ym, by)).toBe(want));

  it('a year before: same grain, ending twelve months earlier, starting in the same month', () => {
    const fytd = [
      { id: '2022-10', start: '2022-04-01', end: '2022-10-31' },
      { id: '2023-09', start: '2023-04-01', end: '2023-09-30' },
      { id: '2023-10', start: '2023-04-01', end: '2023-10-31' },
    ];
    expect(yearBefore(fytd, fytd[2]!)?.id).toBe('2022-10');
    expect(yearBefore(fytd, fytd[1]!)).toBeUndefined();
  });

  it('every grain has its filter name, meaning and example; the data files carry meaning and example only', () => {
    expect(Object.keys(grainInfo)).toEqual([...grains]);
    expect(grainInfo.r12.name).toBe('Rolling 12 months');
    expect(grainLabels.fy).toEqual({ label: 'financial year (April to March)', example: '2022/23' });
    expect(Object.keys(grainLabels.month)).toEqual(['label', 'example']);
  });
});
