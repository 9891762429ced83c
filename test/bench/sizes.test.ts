// Which sizes `psm bench` measures: --sizes names them; --scale grows through the usual steps.
import { describe, expect, it } from 'vitest';
import { benchSizes } from '../../pipeline/commands/bench.ts';

describe('bench sizes', () => {
  it.each([
    [undefined, '1,43', [1, 43]],
    [undefined, '43, 1,1', [1, 43]],
    ['20', undefined, [1, 2, 5, 10, 20]],
    ['43', undefined, [1, 2, 5, 10, 20, 43]],
    [undefined, undefined, [1]],
    ['7', '5', [5]],
  ])('--scale %s --sizes %s measures %j', (scale, sizes, want) => {
    expect(benchSizes(scale, sizes)).toEqual(want);
  });

  it.each(['0', '1,44', 'a', '1.5', ''])('refuses --sizes %j', (sizes) => {
    expect(benchSizes(undefined, sizes)).toBeNull();
  });
});
