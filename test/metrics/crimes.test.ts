// VAWG, violence and RASSO-recorded counts on test/fixtures/metrics/crimes/crimes.csv.
// The fixture, by hand (offence groups from test/fixtures/metrics/reference/ho-offence-groups.csv):
//   C01 2022-07-31 8N  violence_with_injury     DC F
//   C02 2022-08-01 8N  violence_with_injury     DC F      first day of r12 2023-07
//   C03 2023-07-31 5D  violence_with_injury     CH F      last day of r12 2023-07
//   C04 2023-08-01 8N  violence_with_injury     DC F      first day after r12 2023-07
//   C05 2023-01-15 8N  violence_with_injury     DC M      male: violence, not VAWG
//   C06 2023-01-15 8N  violence_with_injury     AV U      unknown sex
//   C07 2023-02-10 105A violence_without_injury DC F DA
//   C08 2023-03-31 8Q  stalking_harassment      CH F      last day of FY 2022/23
//   C09 2023-04-01 8L  stalking_harassment      DC F DA   first day of FY 2023/24
//   C10 2023-05-05 19C rape                     DC F
//   C11 2023-06-06 20A other_sexual_offences    CH F
//   C12 2023-06-07 17A other_sexual_offences    DC M      male: RASSO, not VAWG
//   C13 2023-06-08 28E (not in the groups file → other) DC F DA
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureWarehouse, type FixtureWarehouse } from './fixture-warehouse.ts';

let w: FixtureWarehouse;
beforeAll(async () => {
  w = await fixtureWarehouse('crimes');
});
afterAll(() => w?.close());

const count = async (metric: string, grain: Parameters<FixtureWarehouse['value']>[1], period: string, area = 'force') =>
  (await w.value(metric, grain, period, area)).value;

describe('vawg_violence_with_injury (female victims, by recorded_date)', () => {
  it('r12 2023-07 = 1 Aug 2022 to 31 Jul 2023: C02 (first day) and C03 (last day) → 2', async () => {
    const v = await w.value('vawg_violence_with_injury', 'r12', '2023-07');
    expect(v).toMatchObject({ period_start: '2022-08-01', period_end: '2023-07-31', value: 2, numerator: 2, denominator: null });
  });
  it('r12 moves a month on: 2023-08 drops C02 and gains C04 → 2; 2022-07 holds only C01 → 1', async () => {
    expect(await count('vawg_violence_with_injury', 'r12', '2023-08')).toBe(2);
    expect(await count('vawg_violence_with_injury', 'r12', '2022-07')).toBe(1);
  });
  it('areas: r12 2023-07 DC = C02 → 1, CH = C03 → 1, AV → 0; force = their sum', async () => {
    expect(await count('vawg_violence_with_injury', 'r12', '2023-07', 'DC')).toBe(1);
    expect(await count('vawg_violence_with_injury', 'r12', '2023-07', 'CH')).toBe(1);
    expect(await count('vawg_violence_with_injury', 'r12', '2023-07', 'AV')).toBe(0);
  });
  it('fy, fytd, quarter, cy and month windows', async () => {
    expect(await count('vawg_violence_with_injury', 'fy', '2022/23')).toBe(2); // C01, C02
    expect(await count('vawg_violence_with_injury', 'fytd', '2023-07')).toBe(1); // Apr–Jul 2023: C03
    expect(await count('vawg_violence_with_injury', 'fytd', '2023-08')).toBe(2); // + C04
    expect(await count('vawg_violence_with_injury', 'quarter', '2023-Q3')).toBe(2); // C03 31 Jul, C04 1 Aug
    expect(await count('vawg_violence_with_injury', 'cy', '2022')).toBe(2); // C01, C02
    expect(await count('vawg_violence_with_injury', 'month', '2022-09')).toBe(0); // a zero row, not a gap
  });
});

describe('violence_with_injury / violence_without_injury (all victims)', () => {
  it('fy 2022/23 with injury: C01, C02, C05 (male), C06 (unknown sex) → 4; DC 3, AV 1, CH 0', async () => {
    expect(await count('violence_with_injury', 'fy', '2022/23')).toBe(4);
    expect(await count('violence_with_injury', 'fy', '2022/23', 'DC')).toBe(3);
    expect(await count('violence_with_injury', 'fy', '2022/23', 'AV')).toBe(1);
    expect(await count('violence_with_injury', 'fy', '2022/23', 'CH')).toBe(0);
    expect(await count('violence_with_injury', 'fy', '2023/24')).toBe(2); // C03, C04
  });
  it('fy 2022/23 without injury: C07 → 1', async () => {
    expect(await count('violence_without_injury', 'fy', '2022/23')).toBe(1);
  });
});

describe('the other VAWG groups, r12 2023-07', () => {
  it('vawg_violence_without_injury: C07 → 1', async () => {
    expect(await count('vawg_violence_without_injury', 'r12', '2023-07')).toBe(1);
  });
  it('vawg_stalking_harassment: C08 + C09 → 2; split 1/1 across the FY boundary (31 Mar / 1 Apr)', async () => {
    expect(await count('vawg_stalking_harassment', 'r12', '2023-07')).toBe(2);
    expect(await count('vawg_stalking_harassment', 'fy', '2022/23')).toBe(1);
    expect(await count('vawg_stalking_harassment', 'fy', '2023/24')).toBe(1);
  });
  it('vawg_rape: C10 → 1 (DC 1, CH 0)', async () => {
    expect(await count('vawg_rape', 'r12', '2023-07')).toBe(1);
    expect(await count('vawg_rape', 'r12', '2023-07', 'DC')).toBe(1);
    expect(await count('vawg_rape', 'r12', '2023-07', 'CH')).toBe(0);
  });
  it('vawg_other_sexual_offences: C11 only (C12 is male) → 1', async () => {
    expect(await count('vawg_other_sexual_offences', 'r12', '2023-07')).toBe(1);
    expect(await count('vawg_other_sexual_offences', 'r12', '2023-07', 'CH')).toBe(1);
  });
  it('vawg_domestic_abuse: flagged, female, any offence: C07, C09, C13 (group other) → 3, all DC', async () => {
    expect(await count('vawg_domestic_abuse', 'r12', '2023-07')).toBe(3);
    expect(await count('vawg_domestic_abuse', 'r12', '2023-07', 'DC')).toBe(3);
    expect(await count('vawg_domestic_abuse', 'r12', '2023-07', 'CH')).toBe(0);
  });
});

describe('rasso_recorded (rape + other sexual offences, any victim)', () => {
  it('r12 2023-07: C10, C11, C12 → 3 (DC 2, CH 1); month 2023-06: C11, C12 → 2', async () => {
    expect(await count('rasso_recorded', 'r12', '2023-07')).toBe(3);
    expect(await count('rasso_recorded', 'r12', '2023-07', 'DC')).toBe(2);
    expect(await count('rasso_recorded', 'r12', '2023-07', 'CH')).toBe(1);
    expect(await count('rasso_recorded', 'month', '2023-06')).toBe(2);
  });
});

describe('every period of every grain, for the force and every area', () => {
  it('data 31 Jul 2022 to 1 Aug 2023: 14 months, 5 quarters, 2 FYs, 2 CYs, 14 r12, 14 fytd; × force, AV, CH, DC', async () => {
    const values = await w.values('vawg_rape');
    expect(values.length).toBe((14 + 5 + 2 + 2 + 14 + 14) * 4);
    expect(new Set(values.map((v) => v.area))).toEqual(new Set(['force', 'AV', 'CH', 'DC']));
  });
  it('period ids and bounds per grain', async () => {
    const at = async (grain: Parameters<FixtureWarehouse['value']>[1], period: string) => {
      const v = await w.value('vawg_rape', grain, period);
      return [v.period_start, v.period_end];
    };
    expect(await at('fy', '2022/23')).toEqual(['2022-04-01', '2023-03-31']);
    expect(await at('quarter', '2023-Q3')).toEqual(['2023-07-01', '2023-09-30']);
    expect(await at('fytd', '2023-08')).toEqual(['2023-04-01', '2023-08-31']);
    expect(await at('fytd', '2023-02')).toEqual(['2022-04-01', '2023-02-28']);
    expect(await at('cy', '2023')).toEqual(['2023-01-01', '2023-12-31']);
    expect(await at('month', '2023-02')).toEqual(['2023-02-01', '2023-02-28']);
  });
});
