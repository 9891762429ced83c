// Rebasing a control chart at a process change. Every expected number below was worked out by hand
// (shown in the comments), not by running the code under test.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataDir } from '../../pipeline/config.ts';
import { getMetric } from '../../pipeline/metrics/catalogue.ts';
import { annotationSchema, loadAnnotations, rebasePointsFor } from '../../pipeline/stats/annotations.ts';
import { monthlySpc } from '../../pipeline/stats/monthly-spc.ts';
import { xmrRebased } from '../../pipeline/stats/rebase.ts';
import { xmr } from '../../pipeline/stats/spc.ts';

/** Monthly periods from 2022-01. */
const months = (values: number[]) =>
  values.map((value, i) => ({ period: `${2022 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`, value }));

// Before the change, 12 months alternating 10, 12 (Jan–Dec 2022); after it, 5 months (Jan–May 2023).
const before = [10, 12, 10, 12, 10, 12, 10, 12, 10, 12, 10, 12];
const after = [20, 23, 21, 24, 22];
const series = months([...before, ...after]);

describe('xmrRebased: limits per segment at a rebase point (hand-computed)', () => {
  // Segment 1, 12 points: mean = (6×10 + 6×12)/12 = 132/12 = 11; 11 moving ranges, each 2 → mR-bar 2;
  //   limits 11 ± 2.66×2 = 11 ± 5.32 → 5.68 to 16.32. 12 points: not trial.
  // Segment 2, 5 points: mean = (20+23+21+24+22)/5 = 110/5 = 22; moving ranges 3, 2, 3, 2 (the
  //   |20 − 12| = 8 across the rebase is not one of them) → mR-bar 10/4 = 2.5;
  //   limits 22 ± 2.66×2.5 = 22 ± 6.65 → 15.35 to 28.65. 5 points < 12: trial limits.
  const r = xmrRebased(series, { polarity: 'up_is_good', target: 25 }, ['2023-01']);

  it('recalculates mean, mR-bar and limits for each segment', () => {
    expect(r.segments).toHaveLength(2);
    const [s1, s2] = r.segments as [NonNullable<(typeof r.segments)[0]>, NonNullable<(typeof r.segments)[0]>];
    expect([s1.from, s1.to, s1.n, s1.trial]).toEqual(['2022-01', '2022-12', 12, false]);
    expect(s1.mean).toBeCloseTo(11, 10);
    expect(s1.meanMovingRange).toBeCloseTo(2, 10);
    expect(s1.upperLimit).toBeCloseTo(16.32, 10);
    expect(s1.lowerLimit).toBeCloseTo(5.68, 10);
    expect([s2.from, s2.to, s2.n, s2.trial]).toEqual(['2023-01', '2023-05', 5, true]);
    expect(s2.mean).toBeCloseTo(22, 10);
    expect(s2.meanMovingRange).toBeCloseTo(2.5, 10);
    expect(s2.upperLimit).toBeCloseTo(28.65, 10);
    expect(s2.lowerLimit).toBeCloseTo(15.35, 10);
  });

  it('does not carry the moving range across the rebase point', () => {
    expect(r.points[11]!.movingRange).toBe(2);
    expect(r.points[12]!.movingRange).toBeNull();
    expect(r.points[13]!.movingRange).toBe(3);
  });

  it('takes the headline figures and icons from the current segment', () => {
    expect(r.mean).toBeCloseTo(22, 10);
    expect(r.upperLimit).toBeCloseTo(28.65, 10);
    expect(r.n).toBe(5);
    // Every point of segment 2 lies within 15.35–28.65 and there are only 5: common cause.
    expect(r.variation).toBe('common_cause');
    // Target 25 lies between the current limits: inconsistent (segment 1's upper limit, 16.32, would fail it).
    expect(r.assurance).toBe('inconsistent');
    expect(r.points.every((p) => p.special === null)).toBe(true);
  });

  it('differs from the chart without the rebase, which calls the new level special cause', () => {
    // Unrebased: mean 242/17 = 14.2353; mR-bar (11×2 + 8 + 3+2+3+2)/16 = 40/16 = 2.5;
    // upper limit 14.2353 + 6.65 = 20.8853, so 23, 21, 24 and 22 lie above it.
    const plain = xmr(series, { polarity: 'up_is_good', target: 25 });
    expect(plain.mean).toBeCloseTo(242 / 17, 10);
    expect(plain.meanMovingRange).toBeCloseTo(2.5, 10);
    expect(plain.upperLimit).toBeCloseTo(242 / 17 + 6.65, 10);
    expect(plain.points.slice(13).every((p) => p.signals.some((s) => s.rule === 'outside_limits'))).toBe(true);
    expect(plain.variation).toBe('special_improvement');
  });

  it('ignores a rebase point at the first period or outside the series', () => {
    const same = xmrRebased(series, { polarity: 'up_is_good' }, ['2022-01', '2030-01']);
    expect(same.segments).toHaveLength(1);
    expect(same.mean).toBeCloseTo(242 / 17, 10);
    expect(same.segments[0]!.trial).toBe(false);
  });
});

describe('rebase points from annotations', () => {
  const entry = (o: object) => annotationSchema.parse({ label: 'x', metrics: ['calls999_*'], ...o });

  it('starts a change dated mid-month at the next month, a month-precision one at its own month', () => {
    expect(rebasePointsFor('calls999_calls', [entry({ date: '2023-02-27', rebase: true })]).map((p) => p.month)).toEqual(['2023-03']);
    expect(rebasePointsFor('calls999_calls', [entry({ date: '2022-12-01', precision: 'month', rebase: true })])[0]!.month).toBe('2022-12');
    expect(rebasePointsFor('calls999_calls', [entry({ date: '2022-12-31', rebase: true })])[0]!.month).toBe('2023-01');
  });

  it('rebases only what the analyst marked', () => {
    const list = [
      entry({ date: '2023-02-27', metrics: ['calls999_*', 'calls101_*'], rebase: ['calls999_*'] }),
      entry({ date: '2022-01-01' }),
    ];
    expect(rebasePointsFor('calls999_calls', list)).toHaveLength(1);
    expect(rebasePointsFor('calls101_calls', list)).toEqual([]);
  });

  it('the committed annotations rebase the 999 series at the new contact-management operating model', () => {
    const list = loadAnnotations(join(dataDir, 'annotations.json'));
    expect(rebasePointsFor('calls999_answered_10s_pct', list).map(({ month, when, label }) => ({ month, when, label }))).toEqual([
      { month: '2023-03', when: '27 Feb 2023', label: 'New contact-management operating model' },
    ]);
    expect(rebasePointsFor('calls101_calls', list)).toEqual([]);
  });
});

describe('monthlySpc with a rebase point', () => {
  it('says where the limits were recalculated and that the new ones are trial limits', () => {
    const m = getMetric('calls999_answered_10s_pct');
    const rebase = [{ month: '2023-01', when: '9 Jan 2023', label: 'New rota' }];
    const { result, description } = monthlySpc(m, series, 'Answered', 36, rebase);
    expect(result.segments.map((s) => s.trial)).toEqual([false, true]);
    expect(description).toContain('Limits recalculated from Jan 2023 (New rota, 9 Jan 2023): average 11.0% before, 22.0% since.');
    expect(description).toContain('These are trial limits, from 5 months: treat them as provisional until there are 12.');
  });
});
