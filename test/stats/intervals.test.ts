// Intervals and funnel limits, table-driven. Each expected value was worked out by hand from the
// formula in the comment (and checked against scipy.stats: norm.ppf, chi2.ppf, poisson.cdf), never
// by the code under test.
import { describe, expect, it } from 'vitest';
import { funnelBand, funnelFor, funnelLimits, garwood, rateInterval, wilson, zFor } from '../../pipeline/stats/intervals.ts';
import { gammaP } from '../../pipeline/stats/special.ts';

describe('zFor: two-sided normal quantiles', () => {
  it.each([
    [0.95, 1.959964], // norm.ppf(0.975)
    [0.998, 3.090232], // norm.ppf(0.999)
  ])('%s → %s', (level, z) => expect(zFor(level)).toBeCloseTo(z, 5));
});

describe('wilson: score interval of a proportion', () => {
  // 23 of 80 at 95%: p = 0.2875, z² = 3.841459, z²/n = 0.0480182.
  //   centre = (0.2875 + 0.0240091)/1.0480182 = 0.297236
  //   half   = 1.959964·√(0.2875·0.7125/80 + 3.841459/25600)/1.0480182 = 1.959964·√0.00271061/1.0480182 = 0.097367
  // 0 of 10: the upper limit is z²/(n + z²) = 3.841459/13.841459 = 0.277533, the lower exactly 0;
  // 10 of 10 is its mirror image.
  it.each([
    [23, 80, 0.95, 0.199869, 0.394603],
    [23, 80, 0.998, 0.160635, 0.459687], // z = 3.090232, by the same formula
    [0, 10, 0.95, 0, 0.277533],
    [10, 10, 0.95, 0.722467, 1],
  ])('%i of %i at %s → [%s, %s]', (x, n, level, lo, hi) => {
    const [a, b] = wilson(x, n, level);
    expect(a).toBeCloseTo(lo, 5);
    expect(b).toBeCloseTo(hi, 5);
  });
  it('refuses what is not a proportion', () => {
    expect(() => wilson(3, 0)).toThrow(RangeError);
    expect(() => wilson(5, 4)).toThrow(RangeError);
    expect(() => wilson(1.5, 4)).toThrow(RangeError);
  });
});

describe('garwood: exact Poisson interval of a count', () => {
  // k = 0: the upper limit U has P(X = 0) = e^(−U) = 0.025, U = −ln 0.025 = 3.688879.
  // k = 1: the lower limit L has P(X ≥ 1) = 1 − e^(−L) = 0.025, L = −ln 0.975 = 0.025318;
  //        the upper solves e^(−U)(1 + U) = 0.025: U = 5.571643 (= χ²(0.975; 4)/2).
  // k = 5: [χ²(0.025; 10)/2, χ²(0.975; 12)/2] = [1.623486, 11.668332] — the familiar 1.62 to 11.67;
  //        check: P(X ≤ 5 | 11.668332) = 0.025 and P(X ≥ 5 | 1.623486) = 0.025.
  it.each([
    [0, 0.95, 0, 3.688879],
    [1, 0.95, 0.025318, 5.571643],
    [5, 0.95, 1.623486, 11.668332],
    [5, 0.998, 0.739372, 16.454745],
    [250, 0.95, 219.967996, 282.987705],
  ])('%i events at %s → [%s, %s]', (k, level, lo, hi) => {
    const [a, b] = garwood(k, level);
    expect(a).toBeCloseTo(lo, 5);
    expect(b).toBeCloseTo(hi, 5);
  });
  it('the incomplete gamma it inverts: P(1, x) = 1 − e^(−x), P(2, x) = 1 − e^(−x)(1 + x)', () => {
    expect(gammaP(1, 2)).toBeCloseTo(1 - Math.exp(-2), 12);
    expect(gammaP(2, 3)).toBeCloseTo(1 - Math.exp(-3) * 4, 12);
    expect(gammaP(2, 30)).toBeCloseTo(1 - Math.exp(-30) * 31, 12);
  });
});

describe('rateInterval: in the metric’s own unit', () => {
  it('a percentage is Wilson × 100; a rate per 1,000 is Garwood on the numerator × 1000/n', () => {
    const [a, b] = rateInterval('pct', 23, 80)!;
    expect([a, b].map((v) => Number(v.toFixed(3)))).toEqual([19.987, 39.46]);
    // 5 SPOs on 2,000 stalking crimes: 2.5 per 1,000, [1.623486, 11.668332] × 1000/2000.
    const [c, d] = rateInterval('per_1000', 5, 2000)!;
    expect(c).toBeCloseTo(0.811743, 5);
    expect(d).toBeCloseTo(5.834166, 5);
    expect(rateInterval('pct', 0, 0)).toBeNull();
    // A rate per 100 (breaches per 100 applications), and a "percentage" with more events than
    // cases, are Poisson: 5 breaches on 4 applications is 125 per 100, [1.623486, 11.668332] × 100/4.
    for (const unit of ['per_100', 'pct'] as const) {
      const [e, f] = rateInterval(unit, 5, 4)!;
      expect(e).toBeCloseTo(40.58716, 4);
      expect(f).toBeCloseTo(291.7083, 3);
    }
  });
});

describe('funnel limits (normal approximation)', () => {
  // p = 0.3, n = 100: se = √(0.3·0.7/100) = √0.0021 = 0.0458258.
  //   95%:   0.3 ± 1.959964·0.0458258 = 0.3 ± 0.0898168 → [21.0183%, 38.9817%]
  //   99.8%: 0.3 ± 3.090232·0.0458258 = 0.3 ± 0.1416122 → [15.8388%, 44.1612%]
  // A rate of 5 per 1,000 at n = 2,000: sd = √(1000·5/2000) = √2.5 = 1.581139;
  //   95%: 5 ± 3.098975 → [1.901025, 8.098975].
  it.each([
    ['pct', 30, 100, 0.95, 21.018317, 38.981683],
    ['pct', 30, 100, 0.998, 15.838777, 44.161223],
    ['per_1000', 5, 2000, 0.95, 1.901025, 8.098975],
    ['pct', 2, 10, 0.95, 0, 10.67713],
    // A rate per 100 of 120 at n = 50: sd = √(100·120/50) = √240 = 15.491933; 95%: 120 ± 30.363632.
    ['per_100', 120, 50, 0.95, 89.636368, 150.363632],
    ['pct', 120, 50, 0.95, 89.636368, 150.363632], // a force "percentage" past 100% is a rate per 100 // 2 ± 1.959964·√(0.02·0.98/10)·100 = 2 ± 1.959964·4.427189 = 2 ± 8.67713, clipped at 0
  ] as const)('%s centre %s at n = %s, %s → [%s, %s]', (unit, centre, n, level, lo, hi) => {
    const [a, b] = funnelLimits(funnelFor(unit, centre), n, level);
    expect(a).toBeCloseTo(lo, 5);
    expect(b).toBeCloseTo(hi, 5);
  });

  it.each([
    [45, 'above998'], // above 44.16
    [40, 'above95'], // between 38.98 and 44.16
    [38.98, 'within'],
    [30, 'within'],
    [22, 'within'],
    [21, 'below95'], // below 21.018
    [15, 'below998'], // below 15.84
  ] as const)('force 30%%, n = 100: %s%% is %s', (value, band) => {
    expect(funnelBand(funnelFor('pct', 30), value, 100)).toBe(band);
  });
});
