// The summary table's rows ("The figures at a glance"): each row prints its latest month and its
// year-on-year pair in one unit form, so a reader can set them side by side. A tester once read
// "3:48 min" beside "391.2 seconds → 326.7 seconds" for the same ring time.
import { describe, expect, it } from 'vitest';
import { getMetric } from '../../pipeline/metrics/catalogue.ts';
import { latestText, yearOnYear, type Values } from '../../pipeline/packs/figures.ts';
import { valueKey } from '../../pipeline/packs/prose.ts';

const value = (v: number) => ({ value: v, numerator: null, denominator: null, suppressed: false });
const r12 = (metric: string, pairs: Record<string, number>): Values =>
  new Map(Object.entries(pairs).map(([period, v]) => [valueKey(metric, 'r12', period, 'force'), value(v)]));

describe('one unit form per summary row', () => {
  it('prints ring times in seconds to one place, long or short, never as minutes:seconds', () => {
    // 228.04 s is 3:48 as minutes:seconds; the row's year-on-year figures are in seconds.
    expect(latestText(228.04, 'seconds')).toBe('228.0 seconds');
    expect(latestText(150, 'seconds')).toBe('150.0 seconds');
    // 7.46 s once printed as "7 seconds" beside "7.1 seconds → 6.8 seconds".
    expect(latestText(7.46, 'seconds')).toBe('7.5 seconds');
  });

  it('leaves the other units as they were', () => {
    expect(latestText(82.43, 'pct')).toBe('82.4%');
    expect(latestText(15625, 'count')).toBe('15,625');
  });

  it('gives the year-on-year move in the same seconds as the latest value', () => {
    const metric = getMetric('calls101_mean_ring_cw_s');
    const y = yearOnYear(metric, r12(metric.id, { '2023-08': 326.7, '2022-08': 391.2 }), '2023-08', 'force');
    // (326.7 − 391.2) / 391.2 = −64.5 / 391.2 = −16.49%.
    expect(y?.short).toBe('−16.5% (391.2 seconds → 326.7 seconds); not tested');
    expect(y?.sentence).toBe(
      'Over the 12 months to Aug 2023 compared with the 12 months before: 326.7 seconds against 391.2 seconds (down 16.5%); no significance test is applied to this kind of measure.',
    );
    // The summary's latest cell for a month of 228.04 s then reads in the same form as the pair.
    const form = /^\d+\.\d seconds$/;
    expect(latestText(228.04, metric.unit)).toMatch(form);
    for (const s of y!.short.match(/[\d.]+ seconds/g)!) expect(s).toMatch(form);
  });
});
