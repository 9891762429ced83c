// Dates and timestamps are read only in the documented forms and only inside their window, through
// the real ingest into a real warehouse on disk. Fixtures: test/fixtures/ingest/values/; the line
// of each row is its position in the file (the header is line 1), counted by hand.
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

/** Every quarantine reason starts with the field it names. */
function expectNamesField(rows: Quarantined[]): void {
  for (const r of rows) expect(r.reason.startsWith(`${r.field} `), `${r.file}:${r.line} ${r.reason}`).toBe(true);
}

const NOW = new Date('2024-01-15T12:00:00Z'); // the day the files are received: 2024-01-15

describe('dates: the documented forms, between the floor and the day received', () => {
  const paths = tempWorkspace(['ingest/values/crimes_dates.csv', 'ingest/values/calls_times.csv']);
  let report: RunReport;
  const file = (name: string) => report.files.find((f) => f.file === name)!;
  beforeAll(async () => {
    report = await ingest(paths, [], { now: NOW });
  });

  it('quarantines two-digit years, infinity, epoch, BC, out-of-window dates and a time in a date, by line and field', async () => {
    const rows = await quarantined(paths.warehouse, 'crimes_dates.csv');
    expect(rows.map((r) => [r.line, r.field, r.value])).toEqual([
      [4, 'recorded_date', '01/04/23'],
      [5, 'recorded_date', '-infinity'],
      [6, 'recorded_date', 'infinity'],
      [7, 'recorded_date', 'epoch'],
      [8, 'recorded_date', '0044-03-15 (BC)'],
      [9, 'recorded_date', '31/12/1999'],
      [10, 'recorded_date', '16/01/2024'],
      [11, 'recorded_date', '2023-04-03T00:00:00'],
      [13, 'offence_date', '1899-12-31'], // offence_date is historic: its floor is 1900, not 2000
      [14, 'offence_date', '01/04/0023'],
    ]);
    expectNamesField(rows);
    const reason = (line: number) => rows.find((r) => r.line === line)!.reason;
    expect(reason(4)).toBe('recorded_date 01/04/23 has a two-digit year (write the year in full: dd/mm/yyyy)');
    expect(reason(5)).toBe('recorded_date -infinity is a placeholder word, not a date');
    expect(reason(7)).toBe('recorded_date epoch is a placeholder word, not a date');
    expect(reason(8)).toBe('recorded_date 0044-03-15 (BC) is a date Before Christ (BC)');
    expect(reason(9)).toContain('recorded_date 31/12/1999 is before 2000-01-01');
    expect(reason(10)).toBe('recorded_date 16/01/2024 is in the future (after 2024-01-15)');
    expect(reason(11)).toBe('recorded_date 2023-04-03T00:00:00 has a time where only a date is expected');
    expect(reason(13)).toContain('offence_date 1899-12-31 is before 1900-01-01');
    expect(reason(14)).toContain('offence_date 01/04/0023 is before 1900-01-01');
  });

  it('loads the good rows, a non-recent offence_date among them, and accounts for every row', async () => {
    expect(file('crimes_dates.csv')).toMatchObject({ status: 'loaded', rows: 13, loaded: 3, quarantined: 10 });
    const crimes = await query<{ crime_ref: string; recorded: string; offence: string | null }>(
      paths.warehouse,
      `SELECT crime_ref, recorded_date::VARCHAR AS recorded, offence_date::VARCHAR AS offence FROM crimes ORDER BY crime_ref`,
    );
    expect(crimes).toEqual([
      { crime_ref: 'D01', recorded: '2023-04-01', offence: null },
      { crime_ref: 'D02', recorded: '2023-04-02', offence: null },
      { crime_ref: 'D11', recorded: '2024-01-15', offence: '1985-01-01' }, // recorded on the day received
    ]);
    for (const f of report.files) expect(f.loaded + f.quarantined, f.file).toBe(f.rows);
  });

  it('converts a time with Z or an offset to UK local time (BST in summer), never dropping the offset', async () => {
    const calls = await query<{ call_id: string; offered: string; answered: string | null; abandoned: string | null }>(
      paths.warehouse,
      `SELECT call_id, offered_at::VARCHAR AS offered, answered_at::VARCHAR AS answered, abandoned_at::VARCHAR AS abandoned
       FROM calls ORDER BY call_id`,
    );
    expect(calls).toEqual([
      { call_id: 'T01', offered: '2023-04-01 10:00:00', answered: '2023-04-01 10:00:08', abandoned: null },
      { call_id: 'T02', offered: '2023-07-01 10:00:00', answered: '2023-07-01 10:00:07.5', abandoned: null }, // 09:00Z = 10:00 BST
      { call_id: 'T03', offered: '2023-01-10 09:00:00', answered: null, abandoned: '2023-01-10 09:01:00' }, // GMT in January
      { call_id: 'T04', offered: '2023-07-01 11:30:00', answered: '2023-07-01 11:30:09', abandoned: null }, // 15:30+05:00 = 10:30Z
      { call_id: 'T12', offered: '2023-04-01 10:00:00.25', answered: '2023-04-01 10:00:09.25', abandoned: null },
    ]);
  });

  it('quarantines timestamps with a two-digit year, a word, a zone name or an unreadable offset', async () => {
    const rows = await quarantined(paths.warehouse, 'calls_times.csv');
    expect(rows.map((r) => [r.line, r.field, r.value])).toEqual([
      [6, 'offered_at', '01/04/23 10:00:00'],
      [7, 'offered_at', 'epoch'],
      [8, 'offered_at', '2023-04-01T10:00:00 BST'],
      [9, 'offered_at', '01/04/2023 10:00:00+01:00'],
      [10, 'offered_at', 'infinity'],
      [11, 'offered_at', '1999-12-31T23:59:59'],
      [12, 'offered_at', '2023-04-01T10:00:00+25:00'],
      [14, 'abandoned_at', '-infinity'],
    ]);
    expectNamesField(rows);
    expect(rows[0]!.reason).toBe('offered_at 01/04/23 10:00:00 has a two-digit year (write the year in full: dd/mm/yyyy)');
    expect(rows[2]!.reason).toContain('offered_at 2023-04-01T10:00:00 BST has a time zone or offset that cannot be read');
    expect(rows[5]!.reason).toContain('is before 2000-01-01');
    expect(file('calls_times.csv')).toMatchObject({ rows: 13, loaded: 5, quarantined: 8 });
  });

  it('keeps periods to the span of the good rows', async () => {
    const [p] = await query<{ first: string; months: number }>(
      paths.warehouse,
      `SELECT min(period_start)::VARCHAR AS first, count(*) FILTER (WHERE grain = 'month')::INTEGER AS months FROM periods`,
    );
    // Calls from 10 Jan 2023 to crimes on 15 Jan 2024: 13 months; every r12 starts 11 months before its month.
    expect(p).toEqual({ first: '2022-02-01', months: 13 });
  });
});

describe("the force mapping's earliestDate", () => {
  it('lets a force with older records load them, and holds the rest to its own floor', async () => {
    const paths = tempWorkspace(['ingest/values/crimes_before_2000.csv'], 'ingest/values/force-mapping-earliest.json');
    const report = await ingest(paths, [], { now: NOW });
    expect(report.files[0]).toMatchObject({ rows: 3, loaded: 2, quarantined: 1 });
    const rows = await quarantined(paths.warehouse, 'crimes_before_2000.csv');
    expect(rows.map((r) => [r.line, r.field, r.value])).toEqual([[4, 'recorded_date', '31/12/1989']]);
    expect(rows[0]!.reason).toContain('is before 1990-01-01');
  });
});
