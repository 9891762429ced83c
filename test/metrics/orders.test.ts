// DVPN/DVPO and SPO metrics on test/fixtures/metrics/orders/ (orders, breaches, crimes).
// DVPN family: D1 DVPN applied 2021-01-01 granted DC · D2 DVPO 2021-06-15 granted DC · D3 DVPO
// 2021-12-31 refused CH · D4 DVPN 2020-12-31 granted CH · D6 DVPO 2021-07-01 pending CH; D5 is a DAPO.
// Breaches: B1 D1 2021-01-20 charged · B2 D2 2021-07-01 presented_to_court · B3 D4 2021-02-01 nfa ·
// B4 D5 (DAPO, not counted) · B5 D2 2022-01-01 cautioned · B6 of an unknown order (not counted).
// SPOs: S1 granted 2022-03-31, expires 2023-03-31, DC · S2 granted 2022-04-01, no expiry, CH ·
// S3 refused · S4 granted 2023-02-28 and expiring that same day, DC · S5 ISPO · S6 pending.
// SPO breaches: SB1, SB2 of S1 2022-06-01/02 charged · SB3 S2 2023-01-05 presented_to_court ·
// SB4 S2 2023-03-01 charged. Stalking (8Q): K5 2022-03-15 DC, K1 2022-04-10 DC, K2 2022-09-10 DC,
// K3 2023-01-10 CH (K4, K6 are harassment 8L: not in the SPO denominator).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureWarehouse, type FixtureWarehouse } from './fixture-warehouse.ts';

let w: FixtureWarehouse;
beforeAll(async () => {
  w = await fixtureWarehouse('orders');
});
afterAll(() => w?.close());

describe('DVPN/DVPO, calendar year 2021', () => {
  it('dvpn_applications: D1, D2, D3, D6 (D4 was applied in 2020, D5 is a DAPO) → 4; DC 2, CH 2', async () => {
    expect((await w.value('dvpn_applications', 'cy', '2021')).value).toBe(4);
    expect((await w.value('dvpn_applications', 'cy', '2021', 'DC')).value).toBe(2);
    expect((await w.value('dvpn_applications', 'cy', '2020')).value).toBe(1);
  });
  it('dvpn_granted_pct: D1, D2 granted of 4 (refused and pending stay in) → 50%; DC 100%, CH 0%', async () => {
    expect(await w.value('dvpn_granted_pct', 'cy', '2021')).toMatchObject({ numerator: 2, denominator: 4, value: 50 });
    expect((await w.value('dvpn_granted_pct', 'cy', '2021', 'DC')).value).toBe(100);
    expect((await w.value('dvpn_granted_pct', 'cy', '2021', 'CH')).value).toBe(0);
  });
  it('dvpn_breaches: B1, B2, B3 → 3 (DC 2, CH 1 by the order area); 2022: B5 → 1', async () => {
    expect((await w.value('dvpn_breaches', 'cy', '2021')).value).toBe(3);
    expect((await w.value('dvpn_breaches', 'cy', '2021', 'DC')).value).toBe(2);
    expect((await w.value('dvpn_breaches', 'cy', '2021', 'CH')).value).toBe(1);
    expect((await w.value('dvpn_breaches', 'cy', '2022')).value).toBe(1);
  });
  it('dvpn_breach_rate_pct: 3 breaches / 4 applications → 75%; DC 2/2, CH 1/2; 2022: 1/0 → NULL', async () => {
    expect(await w.value('dvpn_breach_rate_pct', 'cy', '2021')).toMatchObject({ numerator: 3, denominator: 4, value: 75 });
    expect((await w.value('dvpn_breach_rate_pct', 'cy', '2021', 'DC')).value).toBe(100);
    expect((await w.value('dvpn_breach_rate_pct', 'cy', '2021', 'CH')).value).toBe(50);
    expect(await w.value('dvpn_breach_rate_pct', 'cy', '2022')).toMatchObject({ numerator: 1, denominator: 0, value: null });
  });
  it('dvpn_breaches_to_court_pct: B1 charged + B2 presented of 3 → 66.67%; 2022: B5 cautioned → 0%', async () => {
    const v = await w.value('dvpn_breaches_to_court_pct', 'cy', '2021');
    expect(v).toMatchObject({ numerator: 2, denominator: 3 });
    expect(v.value).toBeCloseTo(200 / 3, 10);
    expect((await w.value('dvpn_breaches_to_court_pct', 'cy', '2022')).value).toBe(0);
  });
});

describe('SPOs', () => {
  it('spo_granted by decision_date: fy 2021/22 = S1 (31 Mar 2022) → 1; fy 2022/23 = S2 (1 Apr), S4 → 2', async () => {
    expect((await w.value('spo_granted', 'fy', '2021/22')).value).toBe(1);
    expect((await w.value('spo_granted', 'fy', '2022/23')).value).toBe(2);
    expect((await w.value('spo_granted', 'fy', '2022/23', 'CH')).value).toBe(1);
  });
  it('spo_granted_per_1000_stalking: fy 2022/23 = 2 / (K1, K2, K3) × 1000 = 666.67; DC 1/2 → 500; CH 1/1 → 1000', async () => {
    const v = await w.value('spo_granted_per_1000_stalking', 'fy', '2022/23');
    expect(v).toMatchObject({ numerator: 2, denominator: 3 });
    expect(v.value).toBeCloseTo(2000 / 3, 10);
    expect((await w.value('spo_granted_per_1000_stalking', 'fy', '2022/23', 'DC')).value).toBe(500);
    expect((await w.value('spo_granted_per_1000_stalking', 'fy', '2022/23', 'CH')).value).toBe(1000);
  });
  it('spo_granted_per_1000_stalking fytd: to Aug 2022 = S2 / K1 → 1000; to Dec 2022 = S2 / (K1, K2) → 500', async () => {
    expect((await w.value('spo_granted_per_1000_stalking', 'fytd', '2022-08')).value).toBe(1000);
    expect((await w.value('spo_granted_per_1000_stalking', 'fytd', '2022-12')).value).toBe(500);
    expect((await w.value('spo_granted_per_1000_stalking', 'fy', '2020/21')).value).toBeNull(); // 0 / 0
  });
  it('spo_active on the last day: Feb 2023 → S1, S2 and S4 (granted and expiring 28 Feb) = 3; DC 2, CH 1', async () => {
    expect((await w.value('spo_active', 'month', '2023-02')).value).toBe(3);
    expect((await w.value('spo_active', 'month', '2023-02', 'DC')).value).toBe(2);
    expect((await w.value('spo_active', 'month', '2023-02', 'CH')).value).toBe(1);
  });
  it('spo_active: Mar 2023 → S1 expiring 31 Mar still counts, S2 → 2; Apr 2023 → S2 → 1', async () => {
    expect((await w.value('spo_active', 'month', '2023-03')).value).toBe(2);
    expect((await w.value('spo_active', 'month', '2023-04')).value).toBe(1);
    expect((await w.value('spo_active', 'month', '2022-03')).value).toBe(1); // S1 granted on the last day
    expect((await w.value('spo_active', 'fy', '2022/23')).value).toBe(2); // on 31 Mar 2023
    expect((await w.value('spo_active', 'cy', '2023')).value).toBe(1); // on 31 Dec 2023: S2
  });
  it('spo_breaches: cy 2022 = SB1 + SB2 (same order, 2 breaches) → 2; cy 2023 = SB3, SB4 → 2; cy 2021 → 0', async () => {
    expect((await w.value('spo_breaches', 'cy', '2022')).value).toBe(2);
    expect((await w.value('spo_breaches', 'cy', '2023')).value).toBe(2);
    expect((await w.value('spo_breaches', 'cy', '2023', 'CH')).value).toBe(2);
    expect((await w.value('spo_breaches', 'cy', '2021')).value).toBe(0);
  });
  it('spo_breaches_charged_pct: 2022 2/2 → 100%; 2023 SB4 charged, SB3 only presented → 50%; 2021 → NULL', async () => {
    expect((await w.value('spo_breaches_charged_pct', 'cy', '2022')).value).toBe(100);
    expect(await w.value('spo_breaches_charged_pct', 'cy', '2023')).toMatchObject({ numerator: 1, denominator: 2, value: 50 });
    expect((await w.value('spo_breaches_charged_pct', 'cy', '2021')).value).toBeNull();
  });
});
