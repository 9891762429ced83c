// The warehouse's tables, derived from the extract contracts (zod is the single source of column
// types), plus the ledger, quarantine and reference tables.
import type { DuckDBConnection } from '@duckdb/node-api';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir } from '../config.ts';
import { contracts, extractNames, fieldsOf } from '../extracts/index.ts';
import { ident, sqlString } from './duckdb.ts';

/** Lineage columns every canonical row carries: the archived file (by hash) and its data row number
 * (1-based, after the header). Quarantine and warnings carry physical line numbers instead. */
export const lineageColumns = 'source_sha256 VARCHAR NOT NULL, source_row INTEGER NOT NULL';

export function canonicalTableSql(name: (typeof extractNames)[number]): string {
  const cols = fieldsOf(contracts[name]).map((f) => `${ident(f.name)} ${f.sqlType}`);
  return `CREATE TABLE IF NOT EXISTS ${name} (${cols.join(', ')}, ${lineageColumns})`;
}

export async function createSchema(conn: DuckDBConnection): Promise<void> {
  for (const name of extractNames) await conn.run(canonicalTableSql(name));
  await conn.run(`CREATE TABLE IF NOT EXISTS ledger (
    sha256 VARCHAR PRIMARY KEY, file VARCHAR, extract VARCHAR, received_at TIMESTAMP,
    period_start DATE, period_end DATE, data_rows INTEGER, loaded INTEGER, quarantined INTEGER,
    warnings INTEGER, superseded INTEGER DEFAULT 0, supersedes INTEGER DEFAULT 0, archive_path VARCHAR)`);
  await conn.run(`CREATE TABLE IF NOT EXISTS quarantine (
    sha256 VARCHAR, file VARCHAR, extract VARCHAR, line INTEGER, field VARCHAR, value VARCHAR, reason VARCHAR, kind VARCHAR)`);
  await conn.run(`CREATE TABLE IF NOT EXISTS warnings (
    sha256 VARCHAR, file VARCHAR, extract VARCHAR, line INTEGER, field VARCHAR, value VARCHAR, reason VARCHAR, kind VARCHAR)`);
  await loadReferenceTables(conn);
}

/** Reference data from data/: reloaded on every run so an edit to the CSV takes effect. */
export async function loadReferenceTables(conn: DuckDBConnection, dir = dataDir): Promise<void> {
  const areas = join(dir, 'areas.json');
  const groups = join(dir, 'ho-offence-groups.csv');
  await conn.run(existsSync(areas)
    ? `CREATE OR REPLACE TABLE areas AS SELECT area::VARCHAR AS area, area_name::VARCHAR AS area_name FROM read_json_auto(${sqlString(areas)})`
    : 'CREATE OR REPLACE TABLE areas (area VARCHAR, area_name VARCHAR)');
  await conn.run(existsSync(groups)
    ? `CREATE OR REPLACE TABLE ho_offence_groups AS SELECT ho_offence_code::VARCHAR AS ho_offence_code, offence_group::VARCHAR AS offence_group,
        offence_name::VARCHAR AS offence_name FROM read_csv(${sqlString(groups)}, header = true, all_varchar = true)`
    : 'CREATE OR REPLACE TABLE ho_offence_groups (ho_offence_code VARCHAR, offence_group VARCHAR, offence_name VARCHAR)');
}
