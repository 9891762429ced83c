// 999 and 101 metrics on test/fixtures/metrics/calls/calls.csv (force only: calls carry no area).
// 999 (ring = answered − offered): A1 1 Apr 2022 10.000 s · A2 10.001 s · A3 4 s · A4 abandoned ·
// A5 offered 31 Mar 2023 23:59:58, answered 6 s later on 1 Apr (its FY is 2022/23, by offered_at) ·
// A6 1 Apr 2023 2 s.
// 101 (triage ring; cw ring): T1 triage 30 Apr 23:59:50 5 s; cw offered 1 May, 60.0 s (the call is
// April's: earliest offered) · T2 20 s; 60.5 s · T3 abandoned in triage, no cw leg · T4 10 s; cw
// abandoned · T5 30 s; 30 s. T2–T5 are in May 2022.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureWarehouse, type FixtureWarehouse } from './fixture-warehouse.ts';

let w: FixtureWarehouse;
beforeAll(async () => {
  w = await fixtureWarehouse('calls');
});
afterAll(() => w?.close());

describe('999 calls, FY 2022/23 (A1–A5)', () => {
  it('calls999_calls → 5; fy 2023/24 → A6 → 1', async () => {
    expect((await w.value('calls999_calls', 'fy', '2022/23')).value).toBe(5);
    expect((await w.value('calls999_calls', 'fy', '2023/24')).value).toBe(1);
  });
  it('calls999_answered_10s: A1 (exactly 10.0 s counts), A3, A5; not A2 (10.001 s) → 3', async () => {
    expect((await w.value('calls999_answered_10s', 'fy', '2022/23')).value).toBe(3);
    expect((await w.value('calls999_answered_10s', 'month', '2022-04')).value).toBe(2);
  });
  it('calls999_answered_10s_pct: 3 of 5 offered (the abandoned A4 stays in) → 60%', async () => {
    expect(await w.value('calls999_answered_10s_pct', 'fy', '2022/23')).toMatchObject({ numerator: 3, denominator: 5, value: 60 });
  });
  it('calls999_mean_ring_s: (10 + 10.001 + 4 + 6) / 4 answered = 7.50025', async () => {
    const v = await w.value('calls999_mean_ring_s', 'fy', '2022/23');
    expect(v.denominator).toBe(4);
    expect(v.value).toBeCloseTo(7.50025, 9);
    expect((await w.value('calls999_mean_ring_s', 'month', '2022-04')).value).toBeCloseTo(24.001 / 3, 9);
  });
  it('calls999_abandoned_pct: A4 of 5 → 20%; month 2022-04: 1 of 4 → 25%', async () => {
    expect((await w.value('calls999_abandoned_pct', 'fy', '2022/23')).value).toBe(20);
    expect((await w.value('calls999_abandoned_pct', 'month', '2022-04')).value).toBe(25);
  });
  it('force only: no area rows for the calls metrics', async () => {
    expect(new Set((await w.values('calls999_calls')).map((v) => v.area))).toEqual(new Set(['force']));
  });
});

describe('101 calls', () => {
  it('calls101_calls: April = T1 (cw leg offered in May) → 1; May = T2–T5 → 4; Q2 → 5', async () => {
    expect((await w.value('calls101_calls', 'month', '2022-04')).value).toBe(1);
    expect((await w.value('calls101_calls', 'month', '2022-05')).value).toBe(4);
    expect((await w.value('calls101_calls', 'quarter', '2022-Q2')).value).toBe(5);
  });
  it('calls101_answered_60s_pct: April T1 at exactly 60.0 s → 100%; May T5 only of 4 (T2 60.5 s; T3 never reached cw) → 25%', async () => {
    expect((await w.value('calls101_answered_60s_pct', 'month', '2022-04')).value).toBe(100);
    expect(await w.value('calls101_answered_60s_pct', 'month', '2022-05')).toMatchObject({ numerator: 1, denominator: 4, value: 25 });
    expect((await w.value('calls101_answered_60s_pct', 'quarter', '2022-Q2')).value).toBe(40);
  });
  it('calls101_mean_ring_triage_s: May (20 + 10 + 30) / 3 = 20; Q2 (5 + 20 + 10 + 30) / 4 = 16.25', async () => {
    expect((await w.value('calls101_mean_ring_triage_s', 'month', '2022-05')).value).toBe(20);
    expect((await w.value('calls101_mean_ring_triage_s', 'quarter', '2022-Q2')).value).toBe(16.25);
  });
  it('calls101_mean_ring_cw_s: May (60.5 + 30) / 2 = 45.25; Q2 (60 + 60.5 + 30) / 3 = 50.1667', async () => {
    expect((await w.value('calls101_mean_ring_cw_s', 'month', '2022-05')).value).toBe(45.25);
    expect((await w.value('calls101_mean_ring_cw_s', 'quarter', '2022-Q2')).value).toBeCloseTo(150.5 / 3, 9);
    expect((await w.value('calls101_mean_ring_cw_s', 'month', '2022-04')).value).toBe(60);
  });
  it('calls101_abandoned_pct: May T3 (triage) + T4 (cw) of 4 → 50%; a month with no calls → NULL', async () => {
    expect((await w.value('calls101_abandoned_pct', 'month', '2022-05')).value).toBe(50);
    expect(await w.value('calls101_abandoned_pct', 'month', '2022-06')).toMatchObject({ denominator: 0, value: null });
  });
});
