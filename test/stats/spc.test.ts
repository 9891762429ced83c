// Worked XmR examples. Every expected number below was computed by hand (shown in the comments),
// not by running the code under test.
import { describe, expect, it } from 'vitest';
import { describeSpc, xmr, type SeriesPoint, type SpcResult } from '../../pipeline/stats/spc.ts';

/** Monthly series starting 2022-01, so describeSpc speaks of "months". */
function months(values: (number | null)[]): SeriesPoint[] {
  return values.map((value, i) => {
    const y = 2022 + Math.floor(i / 12);
    const m = String((i % 12) + 1).padStart(2, '0');
    return { period: `${y}-${m}`, value };
  });
}
const flagged = (r: SpcResult, rule: string) => r.points.flatMap((p, i) => (p.signals.some((s) => s.rule === rule) ? [i] : []));

describe('xmr: a point beyond the upper limit', () => {
  // values 10,14,10,14,10,14,10,14,10,30
  // mean = (5×10 + 4×14 + 30) / 10 = 136/10 = 13.6
  // moving ranges: eight of 4 (=32) then |30−10| = 20 → 52/9 = 5.7778
  // UPL = 13.6 + 2.66×5.7778 = 13.6 + 15.3689 = 28.9689; LPL = 13.6 − 15.3689 = −1.7689
  // sigma = 5.7778/1.128 = 5.1221; mean + 2σ = 23.8443: only the 30 is beyond it, so no 2-of-3.
  // 10 and 14 alternate either side of 13.6: no shift, no trend. Only the last point is special.
  const series = months([10, 14, 10, 14, 10, 14, 10, 14, 10, 30]);

  it('computes mean, mean moving range and limits', () => {
    const r = xmr(series, { polarity: 'up_is_good' });
    expect(r.mean).toBeCloseTo(13.6, 10);
    expect(r.meanMovingRange).toBeCloseTo(52 / 9, 10);
    expect(r.upperLimit).toBeCloseTo(28.9689, 4);
    expect(r.lowerLimit).toBeCloseTo(-1.7689, 4);
    expect(r.points[9]!.movingRange).toBe(20);
    expect(r.points[0]!.movingRange).toBeNull();
  });

  it('flags only the last point, as improvement when up is good', () => {
    const r = xmr(series, { polarity: 'up_is_good' });
    expect(flagged(r, 'outside_limits')).toEqual([9]);
    expect(r.points.filter((p) => p.special !== null)).toHaveLength(1);
    expect(r.points[9]!.special).toBe('improvement');
    expect(r.variation).toBe('special_improvement');
  });

  it('calls the same point a concern when down is good', () => {
    const r = xmr(series, { polarity: 'down_is_good' });
    expect(r.points[9]!.special).toBe('concern');
    expect(r.variation).toBe('special_concern');
    expect(describeSpc('Test metric', r, '')).toBe(
      'Test metric: special cause of concern — the latest value (30.0) is above the upper process limit (29.0).',
    );
  });
});

describe('xmr: a shift of 7 above the mean', () => {
  // values 10,12,10,12,10, 13,14,13,14,13,14,13
  // mean = (54 + 94) / 12 = 148/12 = 12.3333: the first five are all below, the last seven above.
  // moving ranges: 2,2,2,2,3,1,1,1,1,1,1 = 17 → 17/11 = 1.5455
  // UPL = 12.3333 + 4.1109 = 16.4442, LPL = 8.2224: nothing outside.
  // sigma = 1.3701; mean ± 2σ = 15.0736 / 9.5931: nothing beyond, so no 2-of-3.
  // longest rise: 10→13→14 (3 points): no trend.
  const series = months([10, 12, 10, 12, 10, 13, 14, 13, 14, 13, 14, 13]);

  it('flags all seven points of the run and none before it', () => {
    const r = xmr(series, { polarity: 'down_is_good' });
    expect(r.mean).toBeCloseTo(12.3333, 4);
    expect(r.upperLimit).toBeCloseTo(16.4442, 3);
    expect(flagged(r, 'shift')).toEqual([5, 6, 7, 8, 9, 10, 11]);
    expect(flagged(r, 'outside_limits')).toEqual([]);
    expect(flagged(r, 'trend')).toEqual([]);
    expect(flagged(r, 'two_of_three')).toEqual([]);
    expect(r.points[5]!.signals[0]).toEqual({ rule: 'shift', toward: 'up', cause: 'concern' });
    expect(r.variation).toBe('special_concern');
    expect(describeSpc('Test metric', r, '')).toBe('Test metric: special cause of concern — 7 months in a row above the average (12.3).');
  });

  it('honours a shorter run length: the first five (below the mean) become a shift too', () => {
    const r = xmr(series, { polarity: 'down_is_good', runLength: 5 });
    expect(flagged(r, 'shift')).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(r.points[0]!.signals[0]).toEqual({ rule: 'shift', toward: 'down', cause: 'improvement' });
  });
});

describe('xmr: a trend of 7 rising points', () => {
  // values 20,9,19,10,11,12,13,14,15,16: from index 3 each value is 1 higher than the last (7 points).
  // mean = (20+9+19 + 91) / 10 = 13.9
  // moving ranges 11,10,9,1,1,1,1,1,1 = 36 → 4.0; UPL = 13.9 + 10.64 = 24.54, LPL = 3.26
  // sigma = 3.5461; mean ± 2σ = 20.9922 / 6.8078: 20 and 9 stay inside, so no 2-of-3.
  // sides: + − + − − − − + + + : longest run is 4 below, no shift.
  const series = months([20, 9, 19, 10, 11, 12, 13, 14, 15, 16]);

  it('flags the seven points of the trend as improvement when up is good', () => {
    const r = xmr(series, { polarity: 'up_is_good' });
    expect(r.upperLimit).toBeCloseTo(24.54, 10);
    expect(r.lowerLimit).toBeCloseTo(3.26, 10);
    expect(flagged(r, 'trend')).toEqual([3, 4, 5, 6, 7, 8, 9]);
    expect(flagged(r, 'shift')).toEqual([]);
    expect(flagged(r, 'two_of_three')).toEqual([]);
    expect(r.variation).toBe('special_improvement');
    expect(describeSpc('Test metric', r, '')).toBe(
      'Test metric: special cause of improvement — 7 months in a row rising, each higher than the last.',
    );
  });

  it('does not call 6 rising points a trend', () => {
    const r = xmr(series.slice(0, 9), { polarity: 'up_is_good' });
    expect(flagged(r, 'trend')).toEqual([]);
  });
});

describe('xmr: two of three beyond 2 sigma', () => {
  // 16 points alternating 10,14 then 22,15,22 (19 points)
  // mean = (8×10 + 8×14 + 59) / 19 = 251/19 = 13.2105
  // moving ranges: fifteen of 4 (=60), then 8, 7, 7 → 82/18 = 4.5556
  // UPL = 13.2105 + 2.66×4.5556 = 13.2105 + 12.1178 = 25.3283: nothing outside.
  // sigma = 4.5556/1.128 = 4.0386; mean + 2σ = 21.2877: both 22s are beyond it, the 15 is not.
  // sides of the last four: 14,22,15,22 all above → run of 4 only; no three-step rise.
  const series = months([...Array.from({ length: 16 }, (_, i) => (i % 2 === 0 ? 10 : 14)), 22, 15, 22]);

  it('flags the two outer-third points, not the one between them', () => {
    const r = xmr(series, { polarity: 'neutral' });
    expect(r.mean).toBeCloseTo(13.2105, 4);
    expect(r.upperTwoSigma).toBeCloseTo(21.2877, 3);
    expect(flagged(r, 'two_of_three')).toEqual([16, 18]);
    expect(flagged(r, 'outside_limits')).toEqual([]);
    expect(flagged(r, 'shift')).toEqual([]);
    expect(r.points[17]!.special).toBeNull();
    expect(r.points[18]!.special).toBe('neither');
    expect(r.variation).toBe('special_neither');
    expect(describeSpc('Test metric', r, '')).toBe(
      'Test metric: special cause variation — 2 of the last 3 months are close to the upper process limit (25.3).',
    );
  });
});

describe('xmr: assurance against a target', () => {
  // 88,92,88,92,88,92: mean 90, moving ranges 4×5/5 = 4, limits 90 ± 10.64 = 79.36 … 100.64
  const series = months([88, 92, 88, 92, 88, 92]);
  const at = (polarity: 'up_is_good' | 'down_is_good' | 'neutral', target?: number) => xmr(series, { polarity, target }).assurance;

  it('passes, fails or is inconsistent by where the target sits against the limits', () => {
    expect(at('up_is_good', 75)).toBe('pass'); // 75 ≤ LPL 79.36: every usual value meets it
    expect(at('up_is_good', 105)).toBe('fail'); // 105 > UPL 100.64: no usual value reaches it
    expect(at('up_is_good', 90)).toBe('inconsistent');
    expect(at('down_is_good', 105)).toBe('pass');
    expect(at('down_is_good', 75)).toBe('fail');
    expect(at('up_is_good')).toBeNull();
    expect(at('neutral', 90)).toBeNull();
  });

  it('describes common cause and an inconsistent target', () => {
    const r = xmr(series, { polarity: 'up_is_good', target: 90 });
    expect(r.variation).toBe('common_cause');
    expect(describeSpc('999 answered within 10 s', r, '%')).toBe(
      '999 answered within 10 s: no significant change — the latest value (92.0%) is within the expected range of variation (79.4% to 100.6%).' +
        ' The target (90.0%) lies within the range of variation, so it will be met in some months and missed in others.',
    );
  });
});

describe('xmr: short series, gaps and baselines', () => {
  it('gives no limits for fewer than two values', () => {
    const r = xmr(months([5, null]), { polarity: 'up_is_good', target: 3 });
    expect(r.n).toBe(1);
    expect(r.upperLimit).toBeNull();
    expect(r.variation).toBeNull();
    expect(r.assurance).toBeNull();
    expect(describeSpc('T', r, '')).toBe('T: too few values to judge variation (1; at least 2 are needed).');
  });

  it('skips nulls: the moving range spans the gap', () => {
    // non-null 10,14,10,14: mean 12, moving ranges 4,4,4 → UPL 12 + 10.64 = 22.64
    const r = xmr(months([10, null, 14, 10, 14]), { polarity: 'up_is_good' });
    expect(r.n).toBe(4);
    expect(r.mean).toBe(12);
    expect(r.upperLimit).toBeCloseTo(22.64, 10);
    expect(r.points[1]!.movingRange).toBeNull();
    expect(r.points[2]!.movingRange).toBe(4);
  });

  it('computes limits from the baseline only', () => {
    // baseline 10,14,10,14,10,14: mean 12, mR 4, UPL 22.64 → 30, 31, 32 are all outside
    const r = xmr(months([10, 14, 10, 14, 10, 14, 30, 31, 32]), { polarity: 'up_is_good', baselineLength: 6 });
    expect(r.baselineCount).toBe(6);
    expect(r.mean).toBe(12);
    expect(r.upperLimit).toBeCloseTo(22.64, 10);
    expect(flagged(r, 'outside_limits')).toEqual([6, 7, 8]);
  });
});
