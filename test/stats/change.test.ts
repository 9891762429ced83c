// Worked significance examples; expected values were computed by hand in the comments.
import { describe, expect, it } from 'vitest';
import { comparePoissonCounts, compareProportions, describeChange, formatP } from '../../pipeline/stats/change.ts';

describe('comparePoissonCounts', () => {
  it('4,601 → 4,766 is within chance', () => {
    // change 165; 165/4601 = 3.5862%.
    // If nothing changed, 4,766 ~ Bin(9,367, ½): mean 4,683.5, sd = √9367/2 = 96.7833/2 = 48.3916.
    // Normal approximation with continuity correction: z = (4766 − 0.5 − 4683.5)/48.3916 = 1.6945,
    // two-sided p = 2 × 0.0451 = 0.0902 (the exact binomial agrees to three decimals).
    // Rate-ratio CI, log scale: ln(4766/4601) = 0.03522 ± 1.96 × √(1/4601 + 1/4766) = ± 0.04051
    // → (0.9947, 1.0787); the exact interval is a hair wider.
    const c = comparePoissonCounts(4601, 4766);
    expect(c.change).toBe(165);
    expect(c.pctChange).toBeCloseTo(3.5862, 4);
    expect(c.pValue).toBeGreaterThan(0.089);
    expect(c.pValue).toBeLessThan(0.091);
    expect(c.significant).toBe(false);
    expect(c.method).toBe('exact_conditional_binomial');
    expect(c.ci![0]).toBeCloseTo(0.9947, 3);
    expect(c.ci![1]).toBeCloseTo(1.0787, 3);
    expect(describeChange(c)).toBe('up 3.6% (4,601 to 4,766); within what chance alone would produce (p = 0.09)');
  });

  it('100 → 150 is clearly more than chance', () => {
    // 150 ~ Bin(250, ½): mean 125, sd = √250/2 = 7.9057; z = (150 − 0.5 − 125)/7.9057 = 3.099,
    // p = 2 × 0.00097 = 0.0019. Ratio 1.5, log CI 1.5 × e^(±1.96 × √(1/100 + 1/150)) = (1.165, 1.932).
    const c = comparePoissonCounts(100, 150);
    expect(c.pctChange).toBe(50);
    expect(c.pValue).toBeGreaterThan(0.0015);
    expect(c.pValue).toBeLessThan(0.0025);
    expect(c.significant).toBe(true);
    expect(c.ci![0]).toBeGreaterThan(1.1);
    expect(c.ci![1]).toBeLessThan(2.0);
    expect(describeChange(c)).toBe('up 50.0% (100 to 150); more than chance alone would explain (p = 0.002)');
  });

  it('is exact for small counts: 1 → 9', () => {
    // Bin(10, ½): P(X ≥ 9) = (C(10,9) + C(10,10))/1024 = 11/1024; two-sided doubles it = 22/1024.
    const c = comparePoissonCounts(1, 9);
    expect(c.pValue).toBeCloseTo(22 / 1024, 12);
    expect(c.significant).toBe(true);
  });

  it('handles a zero before: 0 → 5', () => {
    // Bin(5, ½): P(X = 5) = 1/32, two-sided 2/32 = 0.0625. Clopper–Pearson lower bound on the share:
    // p^5 = 0.025 → p = 0.025^(1/5) = 0.47818; ratio bound 0.47818/0.52182 = 0.91637; upper is infinite.
    const c = comparePoissonCounts(0, 5);
    expect(c.pValue).toBeCloseTo(0.0625, 12);
    expect(c.pctChange).toBeNull();
    expect(c.ci![0]).toBeCloseTo(0.91637, 4);
    expect(c.ci![1]).toBe(Infinity);
    expect(describeChange(c)).toBe('up from 0 to 5; within what chance alone would produce (p = 0.06)');
  });

  it('compares rates when the periods differ in length', () => {
    // 10 in 2 months (5 a month) → 10 in 1 month: ratio 2, +100%.
    const c = comparePoissonCounts(10, 10, { exposureBefore: 2, exposureAfter: 1 });
    expect(c.rateRatio).toBe(2);
    expect(c.pctChange).toBe(100);
  });

  it('uses the normal approximation for very large counts', () => {
    // 152,000 ~ Bin(302,000, ½): sd = √302000/2 = 274.773; z = (1000 − 0.5)/274.773 = 3.6375,
    // p = 2 × 0.000138 = 0.000275.
    const c = comparePoissonCounts(150_000, 152_000);
    expect(c.method).toBe('normal_approximation');
    expect(c.pValue).toBeGreaterThan(0.00026);
    expect(c.pValue).toBeLessThan(0.00029);
  });

  it('rejects impossible counts', () => {
    expect(() => comparePoissonCounts(-1, 3)).toThrow(RangeError);
    expect(() => comparePoissonCounts(2.5, 3)).toThrow(RangeError);
  });
});

describe('compareProportions', () => {
  it('45% → 65% on 200 each is significant', () => {
    // pooled P = 220/400 = 0.55; SE = √(0.55 × 0.45 × (2/200)) = √0.002475 = 0.049749
    // z = 0.20/0.049749 = 4.0202 → p ≈ 5.8e-5
    // CI: SE = √(0.45×0.55/200 + 0.65×0.35/200) = √0.002375 = 0.048734; ±1.96 × 0.048734 = ±0.0955
    // → 20 ± 9.55 pp = (10.45, 29.55)
    const c = compareProportions(90, 200, 130, 200);
    expect(c.diffPp).toBeCloseTo(20, 10);
    expect(c.z).toBeCloseTo(4.0202, 3);
    expect(c.pValue).toBeLessThan(0.0001);
    expect(c.significant).toBe(true);
    expect(c.ci![0]).toBeCloseTo(10.45, 1);
    expect(c.ci![1]).toBeCloseTo(29.55, 1);
    expect(describeChange(c)).toBe('up 20.0 percentage points (45.0% to 65.0%); more than chance alone would explain (p < 0.001)');
  });

  it('9% → 12% on 200 each is within chance', () => {
    // P = 42/400 = 0.105; SE = √(0.105 × 0.895 × 0.01) = 0.030655; z = 0.03/0.030655 = 0.9786
    // p = 2 × 0.1639 = 0.328
    const c = compareProportions(18, 200, 24, 200);
    expect(c.z).toBeCloseTo(0.9786, 3);
    expect(c.pValue).toBeGreaterThan(0.32);
    expect(c.pValue).toBeLessThan(0.335);
    expect(c.significant).toBe(false);
    expect(describeChange(c)).toBe('up 3.0 percentage points (9.0% to 12.0%); within what chance alone would produce (p = 0.33)');
  });

  it('cannot compare against an empty period', () => {
    const c = compareProportions(0, 0, 3, 10);
    expect(c.diffPp).toBeNull();
    expect(c.pValue).toBeNull();
    expect(c.significant).toBe(false);
  });
});

describe('formatP', () => {
  it('never prints a significant p as 0.05', () => {
    expect(formatP(0.0496)).toBe('p = 0.0496');
    expect(formatP(0.05)).toBe('p = 0.05');
    expect(formatP(0.0042)).toBe('p = 0.004');
    expect(formatP(0.0004)).toBe('p < 0.001');
  });
});
