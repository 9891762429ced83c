// A night with poisoned files beside good ones (test/fixtures/ingest/values/night/): every bad value
// a tester found — two-digit years, -infinity, epoch, BC, an offset, 'force', an area's name, an
// unknown area, a stray 0x92 in UTF-8, a NUL in a key — in crimes_poisoned.csv and
// calls_poisoned.csv. The run must publish the good files, quarantine the bad rows by line and
// field, and leave a warehouse whose marts build and whose metrics compute at every grain and area.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../../pipeline/ingest/index.ts';
import type { RunReport } from '../../pipeline/ingest/report.ts';
import { computeMetrics, type MetricValue } from '../../pipeline/metrics/compute.ts';
import { grains } from '../../pipeline/metrics/periods.ts';
import { openReadOnly, queryRows, type Db } from '../../pipeline/warehouse/duckdb.ts';
import { tempWorkspace } from '../helpers.ts';

const night = [
  'crimes_2023-24.csv',
  'outcomes_2023-24.csv',
  'orders_all.csv',
  'breaches_all.csv',
  'calls_999_2023-24.csv',
  'dvds_all.csv',
  'crimes_poisoned.csv',
  'calls_poisoned.csv',
];
const AREAS = ['AV', 'CH', 'DC', 'DD', 'ER', 'HP', 'NE', 'SD'];

describe('a nightly run with poisoned files beside good ones', () => {
  const paths = tempWorkspace(night.map((f) => `ingest/values/night/${f}`));
  let report: RunReport;
  let db: Db;
  let values: MetricValue[];
  const file = (name: string) => report.files.find((f) => f.file === name)!;
  const quarantine = (name: string) =>
    queryRows<{ line: number; field: string; reason: string }>(
      db.conn,
      `SELECT line, field, reason FROM quarantine WHERE file = '${name}' ORDER BY line, field`,
    );

  beforeAll(async () => {
    report = await ingest(paths, [], { now: new Date('2023-10-15T03:30:00Z') });
    db = await openReadOnly(paths.warehouse);
    values = await computeMetrics(db.conn);
  });
  afterAll(() => db?.close());

  it('publishes every file; the good ones whole, the poisoned ones without their bad rows', () => {
    expect(report.published).toBe(true);
    expect(report.files.every((f) => f.status === 'loaded')).toBe(true);
    for (const f of report.files) expect(f.loaded + f.quarantined, f.file).toBe(f.rows);
    for (const f of report.files.filter((x) => !x.file.includes('poisoned'))) expect(f.quarantined, f.file).toBe(0);
    expect(file('crimes_poisoned.csv')).toMatchObject({ encoding: 'utf-8', rows: 12, loaded: 2, quarantined: 10 });
    expect(file('calls_poisoned.csv')).toMatchObject({ rows: 6, loaded: 3, quarantined: 3 });
  });

  it('quarantines each bad crime row at its line, naming the field', async () => {
    const rows = await quarantine('crimes_poisoned.csv');
    expect(rows.map((r) => [r.line, r.field])).toEqual([
      [3, 'recorded_date'], // 01/04/23
      [4, 'recorded_date'], // -infinity
      [5, 'recorded_date'], // epoch
      [6, 'recorded_date'], // 0044-03-15 (BC)
      [7, 'area'], // force
      [8, 'area'], // Derby City
      [9, 'area'], // ZZ
      [10, 'offence_description'], // a stray 0x92
      [11, 'crime_ref'], // a NUL
      [12, 'recorded_date'], // 01/04/0023
    ]);
    for (const r of rows) expect(r.reason.startsWith(`${r.field} `), r.reason).toBe(true);
    const [cafe] = await queryRows<{ d: string }>(db.conn, `SELECT offence_description AS d FROM crimes WHERE crime_ref = 'X01'`);
    expect(cafe!.d).toBe('Caf\u00e9 assault'); // not "CafÃ©": the file stayed UTF-8
  });

  it('quarantines unreadable times and converts an offset to UK local time', async () => {
    expect((await quarantine('calls_poisoned.csv')).map((r) => [r.line, r.field])).toEqual([
      [3, 'offered_at'],
      [5, 'offered_at'],
      [6, 'offered_at'],
    ]);
    const calls = await queryRows<{ call_id: string; at: string }>(
      db.conn,
      `SELECT call_id, offered_at::VARCHAR AS at FROM calls WHERE call_id LIKE 'Y%' ORDER BY call_id`,
    );
    expect(calls).toEqual([
      { call_id: 'Y01', at: '2023-04-02 10:00:00' },
      { call_id: 'Y03', at: '2023-07-01 11:30:00' }, // 15:30+05:00 is 10:30 UTC, 11:30 BST
      { call_id: 'Y06', at: '2023-07-02 10:00:00' }, // 09:00Z is 10:00 BST
    ]);
  });

  it('keeps periods to the six months of data and the areas to the force and its own', async () => {
    const [p] = await queryRows<{ months: number; first: string; last: string }>(
      db.conn,
      `SELECT count(*)::INTEGER AS months,
      min(period_start)::VARCHAR AS first, max(period_end)::VARCHAR AS last FROM periods WHERE grain = 'month'`,
    );
    expect(p).toEqual({ months: 6, first: '2023-04-01', last: '2023-09-30' });
    const areas = await queryRows<{ area: string }>(db.conn, 'SELECT area FROM report_areas ORDER BY sort_order, area');
    expect(areas.map((a) => a.area)).toEqual(['force', ...AREAS]);
  });

  it('computes every metric at every grain and area, with one force figure each, the sum of its areas', () => {
    expect(new Set(values.map((v) => v.grain))).toEqual(new Set(grains));
    expect(new Set(values.map((v) => v.area))).toEqual(new Set(['force', ...AREAS]));
    const at = (metric: string, area: string) =>
      values.filter((v) => v.metric === metric && v.grain === 'fytd' && v.period === '2023-09' && v.area === area);
    // 999 calls, April to September: six in the good file, three good rows of the poisoned one.
    expect(at('calls999_calls', 'force').map((v) => v.value)).toEqual([9]);
    // RASSO crimes: G02 (CH), G06 (HP, a non-recent offence), G09 (SD); none of the poisoned rows.
    expect(at('rasso_recorded', 'force').map((v) => v.value)).toEqual([3]);
    expect(AREAS.reduce((s, a) => s + (at('rasso_recorded', a)[0]?.value ?? 0), 0)).toBe(3);
  });
});
