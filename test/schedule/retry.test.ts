import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../pipeline/schedule/clock.ts';
import { backoffDelays, withRetry } from '../../pipeline/schedule/retry.ts';

describe('withRetry', () => {
  it('waits base * factor^n between attempts', () => {
    expect(backoffDelays({ attempts: 4, baseDelayMs: 1000, factor: 2 })).toEqual([1000, 2000, 4000]);
    expect(backoffDelays({ attempts: 3, baseDelayMs: 30_000, factor: 3 })).toEqual([30_000, 90_000]);
    expect(backoffDelays({ attempts: 1, baseDelayMs: 1000, factor: 2 })).toEqual([]);
  });

  it('returns the value and attempt count on success, without sleeping on the first try', async () => {
    const clock = new FakeClock('2023-11-16T03:30:00Z');
    expect(await withRetry(async () => 42, { attempts: 4, baseDelayMs: 1000, factor: 2 }, clock)).toEqual({
      status: 'ok',
      attempts: 1,
      value: 42,
    });
    expect(clock.sleeps).toEqual([]);
  });

  it('reports each failed attempt and the final error, never throwing', async () => {
    const clock = new FakeClock('2023-11-16T03:30:00Z');
    const seen: [number, string, number | null][] = [];
    const out = await withRetry(
      async () => {
        throw 'not an Error';
      },
      { attempts: 3, baseDelayMs: 500, factor: 2 },
      clock,
      (a, e, next) => seen.push([a, e, next]),
    );
    expect(out).toEqual({ status: 'failed', attempts: 3, error: 'not an Error' });
    expect(seen).toEqual([
      [1, 'not an Error', 500],
      [2, 'not an Error', 1000],
      [3, 'not an Error', null],
    ]);
    expect(clock.now().toISOString()).toBe('2023-11-16T03:30:01.500Z');
  });

  it('refuses a policy with no attempts', async () => {
    await expect(
      withRetry(async () => 1, { attempts: 0, baseDelayMs: 1, factor: 2 }, new FakeClock('2023-11-16T03:30:00Z')),
    ).rejects.toThrow('attempts must be an integer >= 1');
  });
});
