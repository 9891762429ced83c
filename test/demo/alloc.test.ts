// The exact-construction helpers the demo's calibration rests on. Expected values worked by hand.
import { describe, expect, it } from 'vitest';
import { apportion, fitSum, numeratorFor } from '../../pipeline/demo/alloc.ts';

describe('apportion', () => {
  it('splits by largest remainder, ties to the earlier part', () => {
    // 10/3 = 3.33 each: floors 3,3,3, one left over goes to the first.
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    // 7 × 2/3 = 4.67, 7 × 1/3 = 2.33: floors 4, 2; the larger remainder (.67) takes the last unit.
    expect(apportion(7, [2, 1])).toEqual([5, 2]);
    expect(apportion(0, [5, 1])).toEqual([0, 0]);
  });
});

describe('numeratorFor', () => {
  it('finds the count whose percentage prints as published, nearest the exact value', () => {
    // 154 of 160 = 96.25% prints as 96; 153 (95.6%) would too, but 154 is nearer 96 × 1.6 = 153.6.
    expect(numeratorFor(160, 96, 0)).toBe(154);
    // 0.9% of 152,944 = 1,376.5: 1,376 gives 0.89967%, 0.9 at 1 dp.
    expect(numeratorFor(152_944, 0.9, 1)).toBe(1376);
    // SPO rate per 1,000: 12 of 1,835 = 6.5395 → 6.54.
    expect(numeratorFor(1835, 6.54, 2, 1000)).toBe(12);
  });

  it('refuses when no count prints as the value (4/63 = 6.35%, 5/63 = 7.94%: never 7.2)', () => {
    expect(() => numeratorFor(63, 7.2, 1)).toThrow(/no count of 63/);
    expect(numeratorFor(63, 7.2, 1, 100, false)).toBe(5); // nearest, for scaled-down test runs
  });
});

describe('fitSum', () => {
  it('scales the spread above the floor to hit the total exactly, keeping the order', () => {
    // free = 0+1+2+3 = 6, factor (20 − 4)/6 = 2.667: 1, 1+2.67→4, 1+5.33→6, 1+8→9; sum 20.
    const v = Int32Array.from([1, 2, 3, 4]);
    fitSum(v, 20, 1, 10);
    expect([...v]).toEqual([1, 4, 6, 9]);
  });

  it('stays within bounds and reaches awkward totals', () => {
    const v = Int32Array.from({ length: 1000 }, (_, i) => 11 + (i % 50));
    fitSum(v, 18_123, 11, 420);
    expect(v.reduce((s, x) => s + x, 0)).toBe(18_123);
    expect(Math.min(...v)).toBeGreaterThanOrEqual(11);
    expect(Math.max(...v)).toBeLessThanOrEqual(420);
  });

  it('refuses an unreachable total', () => {
    expect(() => fitSum(Int32Array.from([1, 1]), 25, 1, 10)).toThrow(/out of reach/);
  });
});
