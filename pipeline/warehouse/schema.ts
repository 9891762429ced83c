// The warehouse's tables: the canonical view of each extract over its files' tables (file-tables.ts;
// column types come from the zod contracts), the ledger, quarantine, warnings and reference tables.
import type { DuckDBConnection } from '@duckdb/node-api';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir } from '../config.ts';
import { contracts, extractNames } from '../extracts/index.ts';
import { sqlString } from './duckdb.ts';
import { migrateSingleTables, refreshCanonicalView, stampFileTables } from './file-tables.ts';

export async function createSchema(conn: DuckDBConnection): Promise<void> {
  await conn.run(`CREATE TABLE IF NOT EXISTS ledger (
    sha256 VARCHAR PRIMARY KEY, file VARCHAR, extract VARCHAR, received_at TIMESTAMP,
    period_start DATE, period_end DATE, data_rows INTEGER, loaded INTEGER, quarantined INTEGER,
    warnings INTEGER, superseded INTEGER DEFAULT 0, supersedes INTEGER DEFAULT 0, archive_path VARCHAR)`);
  await conn.run(`CREATE TABLE IF NOT EXISTS quarantine (
    sha256 VARCHAR, file VARCHAR, extract VARCHAR, line INTEGER, field VARCHAR, value VARCHAR, reason VARCHAR, kind VARCHAR)`);
  await conn.run(`CREATE TABLE IF NOT EXISTS warnings (
    sha256 VARCHAR, file VARCHAR, extract VARCHAR, line INTEGER, field VARCHAR, value VARCHAR, reason VARCHAR, kind VARCHAR)`);
  // Per file, the range each key column spans: a check against earlier files visits only those it can touch.
  await conn.run('CREATE TABLE IF NOT EXISTS file_ranges (sha256 VARCHAR, field VARCHAR, lo VARCHAR, hi VARCHAR)');
  await migrateSingleTables(conn);
  await stampFileTables(conn);
  await mendWarningKinds(conn);
  for (const name of extractNames) await refreshCanonicalView(conn, name);
  await loadReferenceTables(conn);
}

/**
 * Ledger columns added after the first thirteen, by ALTER rather than in the CREATE above: a
 * warehouse written before them gains them on its next ingest, and code that inserts the first
 * thirteen by position (the dashboards' test fixture) keeps working on a fresh schema. Ingest and
 * `psm check` call this after createSchema; readers of these columns must allow for their absence.
 *   lacks         records of the earlier files it re-sends, dated in its period, that it does not have (kept)
 *   resends       the sha256 of each earlier file it replaced records of (a re-send of those files)
 *   rechecked_at  when `psm ingest --recheck` last read it again (received_at keeps its place in the load order)
 */
export async function extendLedger(conn: DuckDBConnection): Promise<void> {
  await conn.run('ALTER TABLE ledger ADD COLUMN IF NOT EXISTS lacks INTEGER DEFAULT 0');
  await conn.run('ALTER TABLE ledger ADD COLUMN IF NOT EXISTS resends VARCHAR[] DEFAULT []');
  await conn.run('ALTER TABLE ledger ADD COLUMN IF NOT EXISTS rechecked_at TIMESTAMP');
}

/**
 * Warnings written before 1 Dec 2026 named the file's own extract as the one a reference was not
 * found in ("crime_ref not found in outcomes"); they name the extract it points into. Idempotent.
 */
async function mendWarningKinds(conn: DuckDBConnection): Promise<void> {
  for (const name of extractNames) {
    for (const r of contracts[name].references) {
      const kind = sqlString(`${r.field} not found in ${r.extract}`);
      await conn.run(
        `UPDATE warnings SET kind = ${kind} WHERE extract = ${sqlString(name)} AND field = ${sqlString(r.field)} AND kind <> ${kind}`,
      );
    }
  }
}

/** Reference data from data/: reloaded on every run so an edit to the CSV takes effect. */
export async function loadReferenceTables(conn: DuckDBConnection, dir = dataDir): Promise<void> {
  const areas = join(dir, 'areas.json');
  const groups = join(dir, 'ho-offence-groups.csv');
  await conn.run(
    existsSync(areas)
      ? `CREATE OR REPLACE TABLE areas AS SELECT area::VARCHAR AS area, area_name::VARCHAR AS area_name FROM read_json_auto(${sqlString(areas)})`
      : 'CREATE OR REPLACE TABLE areas (area VARCHAR, area_name VARCHAR)',
  );
  await conn.run(
    existsSync(groups)
      ? `CREATE OR REPLACE TABLE ho_offence_groups AS SELECT ho_offence_code::VARCHAR AS ho_offence_code, offence_group::VARCHAR AS offence_group,
        offence_name::VARCHAR AS offence_name FROM read_csv(${sqlString(groups)}, header = true, all_varchar = true)`
      : 'CREATE OR REPLACE TABLE ho_offence_groups (ho_offence_code VARCHAR, offence_group VARCHAR, offence_name VARCHAR)',
  );
}
