// Every code field is held to its list, and areas to the force's own (data/areas.json, the list the
// warehouse's `areas` table is loaded from), through the real ingest into a real warehouse on disk.
// Lines counted by hand from test/fixtures/ingest/values/ (the header is line 1).
import { beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../../pipeline/ingest/index.ts';
import type { RunReport } from '../../pipeline/ingest/report.ts';
import { query, tempWorkspace } from '../helpers.ts';

interface Quarantined {
  file: string;
  line: number;
  field: string;
  value: string | null;
  reason: string;
}
const quarantined = (warehouse: string, file: string) =>
  query<Quarantined>(warehouse, `SELECT file, line, field, value, reason FROM quarantine WHERE file = '${file}' ORDER BY line, field`);
const AREAS = 'DC, CH, AV, ER, HP, NE, DD, SD';
const NOW = new Date('2024-01-15T12:00:00Z');

describe("areas: only the force's own codes", () => {
  const paths = tempWorkspace(['ingest/values/crimes_areas.csv']);
  let report: RunReport;
  beforeAll(async () => {
    report = await ingest(paths, [], { now: NOW });
  });

  it("quarantines 'force', area names and unknown codes by line and field, naming the allowed codes", async () => {
    const rows = await quarantined(paths.warehouse, 'crimes_areas.csv');
    expect(rows.map((r) => [r.line, r.field, r.value])).toEqual([
      [4, 'area', 'force'],
      [5, 'area', 'Derby City'],
      [6, 'area', 'ZZ'],
      [7, 'area', 'high peak'],
      [8, 'area', 'FORCE'],
    ]);
    expect(rows[0]!.reason).toBe(
      `area force is the whole force, not an area: the force figure is the sum of its areas, so a row must name its own (one of: ${AREAS})`,
    );
    expect(rows[1]!.reason).toBe('area Derby City is the name of area DC: send the code, or map the name to it in the force mapping');
    expect(rows[2]!.reason).toBe(`area ZZ is not one of the force's areas: ${AREAS} (data/areas.json)`);
    expect(rows[3]!.reason).toContain('is the name of area HP');
    expect(report.files[0]).toMatchObject({ rows: 7, loaded: 2, quarantined: 5 });
  });

  it('stores a code sent in lower case in the list spelling, and creates no phantom area', async () => {
    const crimes = await query<{ crime_ref: string; area: string }>(
      paths.warehouse,
      'SELECT crime_ref, area FROM crimes ORDER BY crime_ref',
    );
    expect(crimes).toEqual([
      { crime_ref: 'A01', area: 'DC' },
      { crime_ref: 'A02', area: 'CH' },
    ]);
    const areas = await query<{ area: string }>(paths.warehouse, 'SELECT area FROM report_areas ORDER BY sort_order, area');
    expect(areas.map((a) => a.area)).toEqual(['force', 'AV', 'CH', 'DC', 'DD', 'ER', 'HP', 'NE', 'SD']);
  });

  it("loads names the force mapping maps to codes (the force's own spelling, mapped once)", async () => {
    const mapped = tempWorkspace(['ingest/values/crimes_areas.csv'], 'ingest/values/force-mapping-area-names.json');
    const r = await ingest(mapped, [], { now: NOW });
    expect(r.files[0]).toMatchObject({ rows: 7, loaded: 3, quarantined: 4 });
    const [a04] = await query<{ area: string }>(mapped.warehouse, `SELECT area FROM crimes WHERE crime_ref = 'A04'`);
    expect(a04).toEqual({ area: 'DC' });
  });
});

describe('code fields: each held to its list, the reason listing it', () => {
  const files = ['crimes_codes.csv', 'orders_codes.csv', 'outcomes_codes.csv', 'breaches_codes.csv', 'dvds_codes.csv', 'calls_codes.csv'];
  const paths = tempWorkspace(files.map((f) => `ingest/values/${f}`));
  let report: RunReport;
  const file = (name: string) => report.files.find((f) => f.file === name)!;
  beforeAll(async () => {
    report = await ingest(paths, [], { now: NOW });
  });

  it('accounts for every row of every file', () => {
    expect(report.files.map((f) => f.status)).toEqual(files.map(() => 'loaded'));
    for (const f of report.files) expect(f.loaded + f.quarantined, f.file).toBe(f.rows);
  });

  it('sexes and age bands', async () => {
    const rows = await quarantined(paths.warehouse, 'crimes_codes.csv');
    expect(rows.map((r) => [r.line, r.field, r.reason])).toEqual([
      [3, 'victim_sex', 'victim_sex X is not one of: F, M, U'],
      [4, 'victim_age_band', 'victim_age_band 18-25 is not one of: 0-17, 18-24, 25-34, 35-44, 45-54, 55-64, 65+, unknown'],
    ]);
    const [k01] = await query<{ victim_sex: string }>(paths.warehouse, `SELECT victim_sex FROM crimes WHERE crime_ref = 'K01'`);
    expect(k01).toEqual({ victim_sex: 'F' });
  });

  it('order types, decisions, areas, and an expiry: a far-future one is scheduled, infinity is not a date', async () => {
    const rows = await quarantined(paths.warehouse, 'orders_codes.csv');
    expect(rows.map((r) => [r.line, r.field, r.value])).toEqual([
      [3, 'order_type', 'XYZ'],
      [4, 'decision', 'maybe'],
      [5, 'expiry_date', 'infinity'],
      [6, 'area', 'Force'],
      [7, 'area', 'Amber Valley'],
    ]);
    expect(rows[0]!.reason).toBe('order_type XYZ is not one of: DVPN, DVPO, DAPN, DAPO, SPO, ISPO, SHPO, SRO, FMPO, FGMPO, RO');
    expect(rows[1]!.reason).toBe('decision maybe is not one of: granted, refused, withdrawn, pending');
    expect(rows[4]!.reason).toContain('is the name of area AV');
    expect(file('orders_codes.csv')).toMatchObject({ rows: 6, loaded: 1, quarantined: 5 });
    const [o01] = await query<{ expiry: string }>(paths.warehouse, `SELECT expiry_date::VARCHAR AS expiry FROM orders`);
    expect(o01).toEqual({ expiry: '9999-12-31' }); // "until further order", as some systems write it
  });

  it('outcome types (1a is 1A), breach actions, routes, lines and queues', async () => {
    const all = await query<Quarantined>(
      paths.warehouse,
      `SELECT file, line, field, value, reason FROM quarantine WHERE file NOT IN ('crimes_codes.csv', 'orders_codes.csv') ORDER BY file, line`,
    );
    expect(all.map((r) => [r.file, r.line, r.field, r.reason])).toEqual([
      ['breaches_codes.csv', 3, 'action', 'action arrested is not one of: charged, cautioned, presented_to_court, nfa, pending'],
      // zod keeps an enum's codes with integer-like ones first (JavaScript's key order): 101 before 999.
      ['calls_codes.csv', 3, 'line', 'line 112 is not one of: 101, 999'],
      ['calls_codes.csv', 4, 'queue', 'queue triage is not one of: 999, 101-triage, 101-cw'],
      ['dvds_codes.csv', 3, 'route', 'route self_referral is not one of: right_to_ask, right_to_know'],
      ['dvds_codes.csv', 4, 'decision_date', 'decision_date epoch is a placeholder word, not a date'],
      [
        'outcomes_codes.csv',
        3,
        'outcome_code',
        'outcome_code 23 is not one of: 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 1A, 2A, 3A',
      ],
      ['outcomes_codes.csv', 4, 'outcome_date', 'outcome_date 01/05/23 has a two-digit year (write the year in full: dd/mm/yyyy)'],
    ]);
    const [o] = await query<{ outcome_code: string }>(paths.warehouse, 'SELECT outcome_code FROM outcomes');
    expect(o).toEqual({ outcome_code: '1A' });
  });
});
