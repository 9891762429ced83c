// RASSO positive outcome rate and median days to charge on test/fixtures/metrics/rasso/.
// Crimes (recorded, area): R1 2022-01-10 DC · R2 2022-02-01 DC · R3 2022-03-01 CH · R4 2022-04-01 CH
// (male victim: still RASSO) · R5 2022-05-01 DC · R6 2022-06-01 DC · N1 (assault, not RASSO).
// Outcomes (+ = positive type): R1 1+ 2022-06-30, 1+ 2022-09-01 · R2 15 2022-06-15, 1A+ 2022-07-10
// (re-assigned to positive) · R3 1+ 2022-07-20, 16 2022-08-05 (re-assigned to negative) ·
// R4 14 2022-07-01 · R5 2+ 2022-07-31 · R6 1+ 2022-06-11 · N1 1 2022-07-01 (ignored: not RASSO).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureWarehouse, type FixtureWarehouse } from './fixture-warehouse.ts';

let w: FixtureWarehouse;
beforeAll(async () => {
  w = await fixtureWarehouse('rasso');
});
afterAll(() => w?.close());

const rate = 'rasso_positive_outcome_rate_pct';
const median = 'rasso_median_days_to_charge';

describe('rasso_positive_outcome_rate_pct: latest outcome in the window, per crime', () => {
  it('month 2022-06: R1 (1, +), R2 (15, −), R6 (1, +) → 2/3', async () => {
    const v = await w.value(rate, 'month', '2022-06');
    expect(v).toMatchObject({ numerator: 2, denominator: 3 });
    expect(v.value).toBeCloseTo(200 / 3, 10);
  });
  it('month 2022-07: R2 1A+, R3 1+, R4 14−, R5 2+ → 3/4 = 75%; DC R2, R5 → 100%; CH R3, R4 → 50%', async () => {
    expect((await w.value(rate, 'month', '2022-07')).value).toBe(75);
    expect((await w.value(rate, 'month', '2022-07', 'DC')).value).toBe(100);
    expect((await w.value(rate, 'month', '2022-07', 'CH')).value).toBe(50);
  });
  it('r12 2022-07: R2 counts once, at its later 1A (+); R3 at its 1 (+) because the 16 falls after the window → 5/6', async () => {
    const v = await w.value(rate, 'r12', '2022-07');
    expect(v).toMatchObject({ numerator: 5, denominator: 6 });
  });
  it('r12 2022-08: R3 re-assigned to 16 inside the window → latest wins, not positive → 4/6; DC 4/4, CH 0/2', async () => {
    expect(await w.value(rate, 'r12', '2022-08')).toMatchObject({ numerator: 4, denominator: 6 });
    expect(await w.value(rate, 'r12', '2022-08', 'DC')).toMatchObject({ numerator: 4, denominator: 4, value: 100 });
    expect(await w.value(rate, 'r12', '2022-08', 'CH')).toMatchObject({ numerator: 0, denominator: 2, value: 0 });
  });
  it('quarter 2022-Q3: R1 (Sep 1, +), R2 +, R3 (Aug 5, −), R4 −, R5 + → 3/5 = 60%', async () => {
    expect(await w.value(rate, 'quarter', '2022-Q3')).toMatchObject({ numerator: 3, denominator: 5, value: 60 });
  });
  it('a window with no outcomes has no rate (value NULL), and an area with none in it too', async () => {
    expect(await w.value(rate, 'month', '2022-05')).toMatchObject({ numerator: 0, denominator: 0, value: null });
    expect(await w.value(rate, 'month', '2022-06', 'CH')).toMatchObject({ denominator: 0, value: null });
  });
});

describe('rasso_median_days_to_charge: first charge (type 1) dated in the window', () => {
  // Days: R1 10 Jan → 30 Jun 2022 = 171; R3 1 Mar → 20 Jul = 141; R6 1 Jun → 11 Jun = 10.
  it('r12 2022-07: 10, 141, 171 → 141 (denominator 3 crimes, numerator empty)', async () => {
    expect(await w.value(median, 'r12', '2022-07')).toMatchObject({ value: 141, numerator: null, denominator: 3 });
  });
  it('month 2022-06: R6 10 and R1 171 → even count, mean of the middle two = 90.5', async () => {
    expect((await w.value(median, 'month', '2022-06')).value).toBe(90.5);
    expect((await w.value(median, 'quarter', '2022-Q2')).value).toBe(90.5);
  });
  it("month 2022-09: R1's second charge is not a first charge → no crimes, value NULL", async () => {
    expect(await w.value(median, 'month', '2022-09')).toMatchObject({ value: null, denominator: 0 });
  });
  it('areas: month 2022-07 CH = R3 → 141; DC none → NULL; fy 2022/23 force → 141', async () => {
    expect((await w.value(median, 'month', '2022-07', 'CH')).value).toBe(141);
    expect((await w.value(median, 'month', '2022-07', 'DC')).value).toBeNull();
    expect((await w.value(median, 'fy', '2022/23')).value).toBe(141);
  });
});
