// Ingest against real files with the faults real extracts have, into a real DuckDB file on disk.
// Expected values were worked out by reading the fixture files line by line (see comments).
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkFile, ingest } from '../../pipeline/ingest/index.ts';
import type { RunReport } from '../../pipeline/ingest/report.ts';
import { fixtures, query, tempWorkspace } from '../helpers.ts';

const crimeFiles = [
  'ingest/crimes_utf8_bom_crlf.csv',
  'ingest/crimes_windows1252.csv',
  'ingest/crimes_gzipped.csv.gz',
  'ingest/crimes_utf8_bom_crlf_amended.csv',
  'ingest/crimes_wrong_header.csv',
  'ingest/outcomes_some_unknown.csv',
  'ingest/calls_force_headers.csv',
];

describe('ingest of messy real-world files', () => {
  const paths = tempWorkspace(crimeFiles, 'force-mapping.json');
  let report: RunReport;
  const file = (name: string) => report.files.find((f) => f.file === name)!;

  beforeAll(async () => {
    report = await ingest(paths, [], { now: new Date('2024-01-15T12:00:00Z') });
  });

  it('loads files in dependency order and name order, the re-send after the original', () => {
    // Calls first (nothing refers to them), then crimes before the outcomes that refer to them.
    expect(report.files.map((f) => f.file)).toEqual([
      'calls_force_headers.csv',
      'crimes_gzipped.csv.gz',
      'crimes_utf8_bom_crlf.csv',
      'crimes_utf8_bom_crlf_amended.csv',
      'crimes_windows1252.csv',
      'crimes_wrong_header.csv',
      'outcomes_some_unknown.csv',
    ]);
  });

  it('accounts for every data row: loaded + quarantined = rows, per file', () => {
    for (const f of report.files.filter((x) => x.status === 'loaded')) {
      expect(f.loaded + f.quarantined, f.file).toBe(f.rows);
    }
    // 8 records (one spans two lines; three trailing empty lines are not records): 3 good, 5 bad.
    expect(file('crimes_utf8_bom_crlf.csv')).toMatchObject({ rows: 8, loaded: 3, quarantined: 5, encoding: 'utf-8-bom' });
    expect(file('crimes_gzipped.csv.gz')).toMatchObject({ rows: 2, loaded: 2, quarantined: 0 });
    expect(file('crimes_windows1252.csv')).toMatchObject({ rows: 2, loaded: 2, encoding: 'windows-1252' });
  });

  it('quarantines bad rows with the physical line, field, value and an actionable reason', async () => {
    const rows = await query<{ line: number; field: string; value: string; reason: string }>(
      paths.warehouse,
      `SELECT line, field, value, reason FROM quarantine WHERE file = 'crimes_utf8_bom_crlf.csv' ORDER BY line, field`,
    );
    expect(rows.map((r) => [r.line, r.field, r.value])).toEqual([
      [5, 'recorded_date', '31/02/2023'], // line 3-4 is one record with a line break inside quotes
      [6, 'domestic_abuse_flag', 'sometimes'],
      [7, 'crime_ref', 'CR-0001'],
      [8, 'offence_date', '05/04/2023'],
      [9, 'recorded_date', null],
      [9, 'victim_sex', 'Z'],
    ]);
    expect(rows[0].reason).toBe('recorded_date 31/02/2023 is not a date (expected dd/mm/yyyy or yyyy-mm-dd)');
    expect(rows[2].reason).toContain('repeats the record on line 2');
    expect(rows[3].reason).toContain('after the recorded_date');
    expect(rows[4].reason).toBe('recorded_date is empty but is required');
  });

  it('decodes Windows-1252 bytes 0x80-0x9F and keeps line breaks inside quoted fields', async () => {
    const rows = await query<{ crime_ref: string; offence_description: string }>(
      paths.warehouse,
      `SELECT crime_ref, offence_description FROM crimes WHERE crime_ref IN ('CR-1001', 'CR-1002', 'CR-0002') ORDER BY crime_ref`,
    );
    expect(rows.map((r) => r.offence_description)).toEqual([
      'Assault without injury\r\nsecond line of the note',
      'Theft of \u20ac200 \u2013 \u201cwallet\u201d',
      'Caf\u00e9 assault \u2018outside\u2019',
    ]);
  });

  it('parses dd/mm/yyyy, ISO dates and both timestamp forms', async () => {
    const [c] = await query<{ d1: string; d2: string }>(
      paths.warehouse,
      `SELECT (SELECT recorded_date::VARCHAR FROM crimes WHERE crime_ref = 'CR-0007') AS d1,
              (SELECT recorded_date::VARCHAR FROM crimes WHERE crime_ref = 'CR-2001') AS d2`,
    );
    expect(c).toEqual({ d1: '2023-04-05', d2: '2023-06-01' });
    const calls = await query<{ call_id: string; ring: number }>(
      paths.warehouse,
      `SELECT call_id, date_diff('millisecond', offered_at, answered_at)::INTEGER AS ring FROM calls WHERE queue = '999' ORDER BY call_id`,
    );
    expect(calls).toEqual([
      { call_id: 'K1', ring: 10000 },
      { call_id: 'K2', ring: 12500 },
    ]);
  });

  it("maps a force's own headers and codes to the canonical contract", async () => {
    expect(file('calls_force_headers.csv')).toMatchObject({ rows: 6, loaded: 4, quarantined: 2 });
    const q = await query<{ line: number; field: string }>(
      paths.warehouse,
      `SELECT line, field FROM quarantine WHERE extract = 'calls' ORDER BY line`,
    );
    expect(q).toEqual([
      { line: 6, field: 'answered_at' },
      { line: 7, field: 'queue' },
    ]);
    const legs = await query<{ queue: string; n: number }>(
      paths.warehouse,
      `SELECT queue, count(*)::INTEGER AS n FROM calls GROUP BY queue ORDER BY queue`,
    );
    expect(legs).toEqual([
      { queue: '101-cw', n: 1 },
      { queue: '101-triage', n: 1 },
      { queue: '999', n: 2 },
    ]);
  });

  it('refuses a file whose header does not fit, naming missing and unexpected columns', () => {
    const f = file('crimes_wrong_header.csv');
    expect(f.status).toBe('refused');
    expect(f.refused).toContain('missing column(s) recorded_date');
    expect(f.refused).toContain('unexpected column(s) "recorded", "officer"');
    expect(report.totals.refused).toBe(1);
  });

  it('loads an outcome for an unknown crime with a warning, not a drop', async () => {
    expect(file('outcomes_some_unknown.csv')).toMatchObject({ rows: 3, loaded: 2, quarantined: 1, warnings: 1 });
    const w = await query<{ line: number; value: string; kind: string }>(paths.warehouse, `SELECT line, value, kind FROM warnings`);
    // The kind names the extract the reference points into (crimes), not the file's own (outcomes).
    expect(w).toEqual([{ line: 3, value: 'CR-9999', kind: 'crime_ref not found in crimes' }]);
  });

  it('lets an amended re-send supersede the rows it replaces, and the ledger shows it', async () => {
    expect(file('crimes_utf8_bom_crlf_amended.csv')).toMatchObject({ loaded: 2, supersedes: 1 });
    const [crime] = await query<{ area: string; n: number }>(
      paths.warehouse,
      `SELECT any_value(area) AS area, count(*)::INTEGER AS n FROM crimes WHERE crime_ref = 'CR-0001'`,
    );
    expect(crime).toEqual({ area: 'CH', n: 1 });
    const ledger = await query<{ file: string; superseded: number }>(
      paths.warehouse,
      `SELECT file, superseded FROM ledger WHERE file LIKE 'crimes_utf8%' ORDER BY file`,
    );
    expect(ledger).toEqual([
      { file: 'crimes_utf8_bom_crlf.csv', superseded: 1 },
      { file: 'crimes_utf8_bom_crlf_amended.csv', superseded: 0 },
    ]);
    // 3 + 2 (gz) + 2 (1252) + 1 new in the re-send; CR-0001 counted once.
    const [{ n }] = await query<{ n: number }>(paths.warehouse, 'SELECT count(*)::INTEGER AS n FROM crimes');
    expect(n).toBe(8);
    // The rows left in the original keep their record numbers (CR-0002 is record 2, CR-0007 record 8)
    // after bad and superseded rows left its table.
    const kept = await query(
      paths.warehouse,
      `SELECT crime_ref, source_row FROM crimes
      WHERE source_sha256 = (SELECT sha256 FROM ledger WHERE file = 'crimes_utf8_bom_crlf.csv') ORDER BY source_row`,
    );
    expect(kept).toEqual([
      { crime_ref: 'CR-0002', source_row: 2 },
      { crime_ref: 'CR-0007', source_row: 8 },
    ]);
  });

  it('changes nothing when the same files are ingested again, and says so', async () => {
    const before = statSync(paths.warehouse).mtimeMs;
    const again = await ingest(paths, [], { now: new Date('2024-01-16T12:00:00Z') });
    expect(again.published).toBe(false);
    expect(again.files.filter((f) => f.status === 'unchanged')).toHaveLength(6);
    expect(statSync(paths.warehouse).mtimeMs).toBe(before);
    const [{ n }] = await query<{ n: number }>(paths.warehouse, 'SELECT count(*)::INTEGER AS n FROM ledger');
    expect(n).toBe(6);
  });

  it('archives each accepted file under its SHA-256', () => {
    for (const f of report.files.filter((x) => x.status === 'loaded')) {
      expect(statSync(`${paths.archive}/${f.sha256}${f.file.endsWith('.gz') ? '.csv.gz' : '.csv'}`).isFile()).toBe(true);
    }
  });
});

describe('psm check', () => {
  it('reports what ingest would do without loading anything', async () => {
    const paths = tempWorkspace();
    const r = await checkFile(paths, `${fixtures}/ingest/crimes_utf8_bom_crlf.csv`, { now: new Date('2024-01-15') });
    expect(r).toMatchObject({ status: 'checked', rows: 8, loaded: 3, quarantined: 5 });
    expect(r.reasons.find((x) => x.kind.startsWith('victim_sex'))?.count).toBe(1);
    expect(() => statSync(paths.warehouse)).toThrow();
  });

  it('flags dates in the future relative to the day of the check', async () => {
    const paths = tempWorkspace();
    // Every date in the file is in April 2023, so a check "on" 2023-04-03 finds later ones in the future.
    const r = await checkFile(paths, `${fixtures}/ingest/crimes_utf8_bom_crlf.csv`, { now: new Date('2023-04-03T12:00:00Z') });
    expect(r.reasons.some((x) => x.kind === 'recorded_date is in the future')).toBe(true);
  });
});

describe('scheduled dates', () => {
  it('accepts an order expiring years ahead, but not an application dated in the future', async () => {
    const paths = tempWorkspace();
    const r = await checkFile(paths, `${fixtures}/ingest/orders_future_dates.csv`, { now: new Date('2024-01-15T12:00:00Z') });
    // OR-1 loads (expiry 2031 is a scheduled date); OR-2 applied in 2031; OR-3 decided before it was applied for.
    expect(r).toMatchObject({ rows: 3, loaded: 1, quarantined: 2 });
    expect(r.examples.map((e) => [e.line, e.field])).toEqual([
      [3, 'applied_date'],
      [4, 'decision_date'],
    ]);
  });
});

describe('files that are hard to read', () => {
  it('decodes a gzipped Windows-1252 file, and refuses a truncated .gz by name while the rest load', async () => {
    const paths = tempWorkspace(['ingest/crimes_gz_windows1252.csv.gz', 'ingest/crimes_truncated.csv.gz', 'ingest/crimes_gzipped.csv.gz']);
    const report = await ingest(paths, [], { now: new Date('2024-01-15T12:00:00Z') });
    const byName = Object.fromEntries(report.files.map((f) => [f.file, f]));
    expect(byName['crimes_gz_windows1252.csv.gz']).toMatchObject({ status: 'loaded', loaded: 1, encoding: 'windows-1252' });
    expect(byName['crimes_truncated.csv.gz'].status).toBe('refused');
    expect(byName['crimes_truncated.csv.gz'].refused).toMatch(/could not be read/);
    expect(byName['crimes_gzipped.csv.gz']).toMatchObject({ status: 'loaded', loaded: 2 });
    const [row] = await query<{ d: string }>(paths.warehouse, `SELECT offence_description AS d FROM crimes WHERE crime_ref = 'CR-3001'`);
    expect(row.d).toBe('Theft of \u20ac50 \u2013 phone');
  });

  it('recognises already-ingested files by hash without rebuilding, also in psm check', async () => {
    const paths = tempWorkspace(['ingest/crimes_gzipped.csv.gz']);
    await ingest(paths, [], { now: new Date('2024-01-15T12:00:00Z') });
    const again = await ingest(paths);
    expect(again.files.map((f) => f.status)).toEqual(['unchanged']);
    expect((await checkFile(paths, `${paths.inbox}/crimes_gzipped.csv.gz`)).status).toBe('unchanged');
  });
});

describe('quotes that are never closed', () => {
  it('quarantines the lines an unclosed quote swallowed, so nothing is lost', async () => {
    // Lines 2-3 are good; line 4 opens a quote that never closes; lines 5-6 are swallowed by it.
    const r = await checkFile(tempWorkspace(), `${fixtures}/ingest/outcomes_unclosed_quote.csv`);
    expect(r).toMatchObject({ rows: 5, loaded: 2, quarantined: 3 });
    expect(r.examples.map((e) => e.line)).toEqual([4, 5, 6]);
    expect(r.examples[1]!.reason).toBe('line 5 was not read: the quote opened on line 4 is never closed');
  });

  it('judges the lines after an unclosed quote the same in a file DuckDB reads in pieces', async () => {
    // 4 MB: more than one of the pieces DuckDB reads on its threads; a piece starting inside the
    // quote would take the swallowed lines for rows, so the file is read again in one piece.
    const ws = tempWorkspace();
    const rows = Array.from({ length: 200_000 }, (_, i) => `B${i},1,2023-01-04`);
    const path = join(ws.root, 'outcomes_unclosed_big.csv');
    writeFileSync(
      path,
      ['crime_ref,outcome_code,outcome_date', 'A1,1,2023-01-01', 'A2,1,2023-01-02', 'A3,"1,2023-01-03', ...rows, ''].join('\n'),
    );
    const r = await checkFile(ws, path);
    expect(r).toMatchObject({ rows: 200_003, loaded: 2, quarantined: 200_001 });
    expect(r.examples.map((e) => e.line).slice(0, 3)).toEqual([4, 5, 6]);
  });

  it('does not count a line twice when the reader picks up again after a stray quote', async () => {
    // Line 3 has a stray quote inside a value (bad code); line 4 cannot be split; lines 2, 5, 6 load.
    const r = await checkFile(tempWorkspace(), `${fixtures}/ingest/outcomes_stray_quotes.csv`);
    expect(r).toMatchObject({ rows: 5, loaded: 3, quarantined: 2 });
  });
});

describe('psm check against a published warehouse', () => {
  it('reads a file whose line endings change part-way (CRLF, then LF)', async () => {
    const r = await checkFile(tempWorkspace(), `${fixtures}/ingest/crimes_mixed_line_endings.csv`);
    expect(r).toMatchObject({ status: 'checked', rows: 3, loaded: 3, quarantined: 0 });
  });

  it('says how many published rows an amended file would replace, and replaces none', async () => {
    const paths = tempWorkspace(['ingest/crimes_utf8_bom_crlf.csv']);
    await ingest(paths, [], { now: new Date('2024-01-15T12:00:00Z') });
    const r = await checkFile(paths, `${fixtures}/ingest/crimes_utf8_bom_crlf_amended.csv`, { now: new Date('2024-01-15T12:00:00Z') });
    expect(r.supersedes).toBe(1); // CR-0001 is in both files
    const [{ n }] = await query<{ n: number }>(
      paths.warehouse,
      `SELECT count(*)::INTEGER AS n FROM crimes WHERE crime_ref = 'CR-0001' AND area = 'DC'`,
    );
    expect(n).toBe(1);
  });
});
