// Clare's Law metrics on test/fixtures/metrics/dvds/dvds.csv (force only).
// V1 received 1 Aug 2021, disclosed 29 Aug (28 days: within) · V2 15 Aug, disclosed 13 Sep (29 days:
// not within) · V3 1 Sep, decided not to disclose · V4 5 Sep, no decision yet · V10 31 Aug 2022,
// V6 1 Sep 2022, V7 1 Jan 2023, V8 31 Aug 2023, V9 1 Sep 2023: all awaiting a decision.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureWarehouse, type FixtureWarehouse } from './fixture-warehouse.ts';

let w: FixtureWarehouse;
beforeAll(async () => {
  w = await fixtureWarehouse('dvds');
});
afterAll(() => w?.close());

describe('dvds_requests (by received_date)', () => {
  it('r12 2021-08 (Sep 2020–Aug 2021): V1, V2 → 2; r12 2023-08 (Sep 2022–Aug 2023): V6, V7, V8 → 3', async () => {
    expect((await w.value('dvds_requests', 'r12', '2021-08')).value).toBe(2);
    expect((await w.value('dvds_requests', 'r12', '2023-08')).value).toBe(3); // V10 (31 Aug 2022) and V9 (1 Sep 2023) fall outside
  });
  it('fy 2022/23: V10, V6, V7 → 3; cy 2023: V7, V8, V9 → 3', async () => {
    expect((await w.value('dvds_requests', 'fy', '2022/23')).value).toBe(3);
    expect((await w.value('dvds_requests', 'cy', '2023')).value).toBe(3);
  });
});

describe('dvds_disclosed_within_28d_pct (over requests with a decision)', () => {
  it('Aug 2021: V1 within 28 days, V2 at 29 days → 1/2 = 50%', async () => {
    expect(await w.value('dvds_disclosed_within_28d_pct', 'month', '2021-08')).toMatchObject({ numerator: 1, denominator: 2, value: 50 });
  });
  it('Sep 2021: V3 decided not to disclose counts, V4 with no decision does not → 0/1 = 0%', async () => {
    expect(await w.value('dvds_disclosed_within_28d_pct', 'month', '2021-09')).toMatchObject({ numerator: 0, denominator: 1, value: 0 });
  });
  it('Q3 2021: 1 of 3 decided; r12 2023-08: none decided → NULL', async () => {
    expect((await w.value('dvds_disclosed_within_28d_pct', 'quarter', '2021-Q3')).value).toBeCloseTo(100 / 3, 10);
    expect(await w.value('dvds_disclosed_within_28d_pct', 'r12', '2023-08')).toMatchObject({ denominator: 0, value: null });
  });
});
