// Every printed figure rounds one way: half away from zero, as the force's spreadsheets (Excel
// ROUND) and the papers do. The page code has its own copy of the rule (it cannot import the
// pipeline), so this holds the dashboards, the packs' prose and the SPC text to the catalogue's.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../pipeline/config.ts';
import { formatNumber } from '../../pipeline/metrics/format.ts';
import { periodLabel, type Grain } from '../../pipeline/metrics/periods.ts';
import { formatAnnotationDate } from '../../pipeline/stats/annotations.ts';
import { formatNumber as formatFigure } from '../../pipeline/packs/prose.ts';
import { round } from '../../pipeline/site/series.ts';
import { describeChange, comparePoissonCounts } from '../../pipeline/stats/change.ts';
import { formatValue as spcValue } from '../../pipeline/stats/spc.ts';

type PageFormat = { formatNumber: (v: number, dp: number) => string; formatValue: (v: number, unit: string, dp?: number) => string };
const page = (await import(pathToFileURL(join(repoRoot, 'dashboards/components/format.js')).href)) as PageFormat;

describe('one rounding rule for every figure', () => {
  // Shares of small whole numbers, worked out by hand: each lies exactly on a half, which floating
  // point stores just below it (23/80 × 100 = 28.749999…).
  const halves: [number, number, number, string][] = [
    [23, 80, 1, '28.8'], [23, 40, 0, '58'], [29, 200, 0, '15'], [41, 160, 2, '25.63'], [23, 160, 2, '14.38'],
  ];
  it.each(halves)('%i of %i as a percentage to %i dp is %s everywhere', (a, b, dp, want) => {
    const v = (a / b) * 100;
    expect(formatNumber(v, dp)).toBe(want);
    expect(page.formatNumber(v, dp)).toBe(want);
    expect(spcValue(v, '', dp)).toBe(want);
    if (dp === 1) expect(formatFigure(v, 'pct1')).toBe(`${want}%`);
    if (dp === 0) expect(formatFigure(v, 'int')).toBe(want);
    expect(page.formatValue(v, 'pct', dp)).toBe(`${want}%`);
  });

  it('the page and the catalogue agree on every share of counts a ≤ 200 of b ≤ 400 at 0, 1 and 2 dp', () => {
    const differ: string[] = [];
    for (let a = 0; a <= 200; a++) {
      for (let b = 1; b <= 400; b += 7) {
        for (const dp of [0, 1, 2]) {
          const v = (a / b) * 100;
          if (page.formatNumber(v, dp) !== formatNumber(v, dp)) differ.push(`${a}/${b} at ${dp} dp`);
        }
      }
    }
    expect(differ).toEqual([]);
  });

  it('the value the page receives still rounds as the value itself does', () => {
    // 9.34996 is below the half: 9.3 in the catalogue and the packs. Cut to 3 decimals on its way to
    // the page it became 9.350, which the page showed as 9.4.
    for (const v of [9.34996, 95.04999, 1.904999, 28.749999999999996]) {
      for (const dp of [1, 2]) expect(page.formatNumber(round(v), dp)).toBe(formatNumber(v, dp));
    }
  });

  it('a change sentence rounds its percentages the same way', () => {
    // 80 → 91 is up 13.75%, exactly on a half (13.749999… in floating point): up 13.8%.
    expect(describeChange(comparePoissonCounts(80, 91))).toMatch(/^up 13\.8% \(80 to 91\)/);
  });
});

type PageLabels = { periodLabel: (grain: string, period: string) => string; dayLabel: (iso: string) => string };
const labels = page as unknown as PageLabels;

describe('one wording for periods', () => {
  // Three-letter months as the papers print them ("Sep", never ICU's "Sept"); a financial year to
  // date named by its months (the year starts in April).
  const cases: [Grain, string, string][] = [
    ['month', '2023-09', 'Sep 2023'], ['r12', '2023-09', '12 months to Sep 2023'], ['fytd', '2022-10', 'Apr–Oct 2022'],
    ['fytd', '2023-04', 'Apr 2023'], ['fytd', '2024-02', 'Apr 2023–Feb 2024'], ['fy', '2022/23', 'FY 2022/23'], ['quarter', '2023-Q2', '2023 Q2'],
  ];
  it.each(cases)('%s %s reads "%s" in the pipeline and on the page', (grain, period, want) => {
    expect(periodLabel(grain, period)).toBe(want);
    expect(labels.periodLabel(grain, period)).toBe(want);
  });

  it('a day reads "1 Sep 2023" on the page, as annotations do in packs', () => {
    expect(labels.dayLabel('2023-09-01')).toBe('1 Sep 2023');
    expect(formatAnnotationDate({ date: '2023-09-01', precision: 'day' })).toBe('1 Sep 2023');
  });
});
