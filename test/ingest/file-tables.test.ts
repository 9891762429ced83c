// Each loaded file keeps its rows in a table of its own; the canonical extract is a view over them.
import { cpSync, mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contracts, fieldsOf } from '../../pipeline/extracts/index.ts';
import type { WorkspacePaths } from '../../pipeline/config.ts';
import { checkFile, ingest } from '../../pipeline/ingest/index.ts';
import { ident, openWriter } from '../../pipeline/warehouse/duckdb.ts';
import { fixtures, query, tempWorkspace } from '../helpers.ts';

/** A published warehouse as psm wrote it before file tables: crimes in one table, a ledger of three files. */
async function writeSingleTableWarehouse(paths: WorkspacePaths): Promise<void> {
  mkdirSync(paths.warehouseDir, { recursive: true });
  const old = await openWriter(paths.warehouse);
  try {
    const cols = fieldsOf(contracts.crimes).map((f) => `${ident(f.name)} ${f.sqlType}`);
    await old.conn.run(`CREATE TABLE crimes (${cols.join(', ')}, source_sha256 VARCHAR NOT NULL, source_row INTEGER NOT NULL)`);
    await old.conn.run(`INSERT INTO crimes (crime_ref, recorded_date, ho_offence_code, area, source_sha256, source_row) VALUES
      ('CR-0001', DATE '2023-04-01', '8N', 'DC', '${'a'.repeat(64)}', 1), ('CR-0002', DATE '2023-04-02', '105A', 'CH', '${'a'.repeat(64)}', 3),
      ('CR-0007', DATE '2023-05-01', '19C', 'DC', '${'b'.repeat(64)}', 1)`);
    await old.conn.run(`CREATE TABLE ledger (sha256 VARCHAR PRIMARY KEY, file VARCHAR, extract VARCHAR, received_at TIMESTAMP,
      period_start DATE, period_end DATE, data_rows INTEGER, loaded INTEGER, quarantined INTEGER, warnings INTEGER,
      superseded INTEGER DEFAULT 0, supersedes INTEGER DEFAULT 0, archive_path VARCHAR)`);
    await old.conn
      .run(`INSERT INTO ledger VALUES ('${'a'.repeat(64)}', 'crimes_a.csv', 'crimes', TIMESTAMP '2023-06-01 02:00', NULL, NULL, 2, 2, 0, 0, 0, 0, NULL),
      ('${'b'.repeat(64)}', 'crimes_b.csv', 'crimes', TIMESTAMP '2023-06-02 02:00', NULL, NULL, 1, 1, 0, 0, 0, 0, NULL),
      ('${'c'.repeat(64)}', 'crimes_c.csv', 'crimes', TIMESTAMP '2023-06-03 02:00', NULL, NULL, 1, 0, 1, 0, 0, 0, NULL)`);
  } finally {
    old.close();
  }
}

describe('file tables behind the canonical views', () => {
  it('gives each loaded file its own table, and the view every row with its file and record number', async () => {
    const paths = tempWorkspace(['ingest/crimes_gzipped.csv.gz', 'ingest/crimes_windows1252.csv']);
    await ingest(paths, [], { now: new Date('2024-01-15T12:00:00Z') });
    const tables = await query<{ name: string }>(
      paths.warehouse,
      `SELECT table_name AS name FROM duckdb_tables()
      WHERE table_name LIKE 'crimes\\_\\_%' ESCAPE '\\' ORDER BY 1`,
    );
    const ledger = await query<{ sha256: string; loaded: number }>(paths.warehouse, 'SELECT sha256, loaded FROM ledger ORDER BY sha256');
    expect(tables.map((t) => t.name)).toEqual(ledger.map((l) => `crimes__${l.sha256.slice(0, 16)}`));
    const perFile = await query<{ sha: string; n: number; rows: number[] }>(
      paths.warehouse,
      `SELECT source_sha256 AS sha,
      count(*)::INTEGER AS n, list(source_row ORDER BY source_row) AS rows FROM crimes GROUP BY 1 ORDER BY 1`,
    );
    expect(perFile).toEqual(ledger.map((l) => ({ sha: l.sha256, n: l.loaded, rows: [1, 2] }))); // two good records each
  });

  it('splits a warehouse written with one table per extract into file tables, keeping every row and its lineage', async () => {
    // Three files were loaded: a (two rows), b (one), c (its one row quarantined, so no rows at all).
    const paths = tempWorkspace(['ingest/outcomes_some_unknown.csv']);
    await writeSingleTableWarehouse(paths);
    const report = await ingest(paths, [], { now: new Date('2024-01-15T12:00:00Z') });
    expect(report.files.map((f) => f.status)).toEqual(['loaded']);
    const crimes = await query(
      paths.warehouse,
      'SELECT crime_ref, left(source_sha256, 1) AS sha, source_row FROM crimes ORDER BY crime_ref',
    );
    expect(crimes).toEqual([
      { crime_ref: 'CR-0001', sha: 'a', source_row: 1 },
      { crime_ref: 'CR-0002', sha: 'a', source_row: 3 },
      { crime_ref: 'CR-0007', sha: 'b', source_row: 1 },
    ]);
    const [kind] = await query<{ type: string }>(
      paths.warehouse,
      `SELECT table_type AS type FROM information_schema.tables WHERE table_name = 'crimes'`,
    );
    expect(kind!.type).toBe('VIEW');
    // The outcomes' references resolve against the migrated crimes: CR-0007 is there, CR-9999 is not.
    const warned = await query<{ value: string }>(
      paths.warehouse,
      `SELECT DISTINCT value FROM warnings WHERE field = 'crime_ref' ORDER BY value`,
    );
    expect(warned.map((w) => w.value)).toEqual(['CR-9999']);
  });

  it('refuses to check a file against a warehouse in the old layout until an ingest converts it', async () => {
    const paths = tempWorkspace(['ingest/outcomes_some_unknown.csv']);
    await writeSingleTableWarehouse(paths);
    const amended = `${fixtures}/ingest/crimes_utf8_bom_crlf_amended.csv`; // CR-0001 is file a's too
    await expect(checkFile(paths, amended)).rejects.toThrow(/earlier version of psm.*run `psm ingest` once/);
    await ingest(paths, [], { now: new Date('2024-01-15T12:00:00Z') });
    expect((await checkFile(paths, amended, { now: new Date('2024-01-15T12:00:00Z') })).supersedes).toBe(1);
  });

  it('mends warnings an earlier version filed under the wrong extract, on the next ingest', async () => {
    const paths = tempWorkspace(['ingest/outcomes_some_unknown.csv']);
    await ingest(paths, [], { now: new Date('2024-01-15T12:00:00Z') });
    const db = await openWriter(paths.warehouse); // as the earlier version left it
    try {
      await db.conn.run(`UPDATE warnings SET kind = 'crime_ref not found in outcomes'`);
    } finally {
      db.close();
    }
    cpSync(`${fixtures}/ingest/crimes_windows1252.csv`, `${paths.inbox}/crimes_windows1252.csv`);
    await ingest(paths, [], { now: new Date('2024-01-16T12:00:00Z') });
    expect(await query(paths.warehouse, 'SELECT DISTINCT kind FROM warnings')).toEqual([{ kind: 'crime_ref not found in crimes' }]);
  });
});
