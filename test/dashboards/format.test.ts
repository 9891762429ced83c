// Every printed figure rounds one way: half away from zero, as the force's spreadsheets (Excel
// ROUND) and the papers do. The page code has its own copy of the rule (it cannot import the
// pipeline), so this holds the dashboards, the packs' prose and the SPC text to the catalogue's.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../pipeline/config.ts';
import { formatNumber } from '../../pipeline/metrics/format.ts';
import { formatNumber as formatFigure } from '../../pipeline/packs/prose.ts';
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

  it('a change sentence rounds its percentages the same way', () => {
    // 80 → 91 is up 13.75%, exactly on a half (13.749999… in floating point): up 13.8%.
    expect(describeChange(comparePoissonCounts(80, 91))).toMatch(/^up 13\.8% \(80 to 91\)/);
  });
});
