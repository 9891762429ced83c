// Where the rows of each extract live. Every loaded file keeps its rows in a table of its own,
// `<extract>__<first 16 hex digits of its SHA-256>`, written once, straight from the CSV reader
// (source_row is its data row number). The canonical `<extract>` is a view over those tables, adding
// each file's hash as `source_sha256`, so every reader sees one table with its lineage.
// Why not one table per extract: loading then meant writing every row twice (a working table, then
// the canonical one), and that second copy was the largest single cost of an ingest (README,
// Performance). A file's table is also its unit of lineage: superseded rows are deleted from it.
import type { DuckDBConnection } from '@duckdb/node-api';
import { contracts, extractNames, fieldsOf, type ExtractName } from '../extracts/index.ts';
import { ident, queryRows, sqlString } from './duckdb.ts';

export const fileTableName = (extract: ExtractName, sha256: string): string => `${extract}__${sha256.slice(0, 16)}`;

/** The loaded files of an extract whose table exists, in the order they were received. */
export async function filesOf(conn: DuckDBConnection, extract: ExtractName): Promise<string[]> {
  const rows = await queryRows<{ sha256: string }>(conn, `SELECT l.sha256 FROM ledger l
    JOIN duckdb_tables() t ON t.database_name = current_database() AND t.schema_name = 'main' AND t.table_name = l.extract || '__' || left(l.sha256, 16)
    WHERE l.extract = ${sqlString(extract)} ORDER BY l.received_at, l.file, l.sha256`);
  return rows.map((r) => r.sha256);
}

/** The view's SQL: every file table of the extract, or no rows of the right types when there is none. */
export function canonicalViewSql(extract: ExtractName, shas: string[]): string {
  const fields = fieldsOf(contracts[extract]);
  const body = shas.length
    ? shas.map((sha) => `SELECT ${fields.map((f) => ident(f.name)).join(', ')}, ${sqlString(sha)} AS source_sha256, source_row
    FROM ${ident(fileTableName(extract, sha))}`).join('\nUNION ALL ')
    : `SELECT ${fields.map((f) => `NULL::${f.sqlType} AS ${ident(f.name)}`).join(', ')}, NULL::VARCHAR AS source_sha256,
    NULL::INTEGER AS source_row WHERE false`;
  return `CREATE OR REPLACE VIEW ${ident(extract)} AS\n${body}`;
}

/** Points the canonical view at the extract's file tables, as the ledger lists them now. */
export async function refreshCanonicalView(conn: DuckDBConnection, extract: ExtractName): Promise<void> {
  await conn.run(canonicalViewSql(extract, await filesOf(conn, extract)));
}

/**
 * A file's table for rows made by SQL rather than read from a CSV (test fixtures): the contract's
 * columns, plus source_row. `select` is matched BY NAME; the caller adds the ledger row.
 */
export async function createFileTable(conn: DuckDBConnection, extract: ExtractName, sha256: string, select: string): Promise<void> {
  const table = ident(fileTableName(extract, sha256));
  const cols = fieldsOf(contracts[extract]).map((f) => `${ident(f.name)} ${f.sqlType}`);
  await conn.run(`CREATE TABLE ${table} (${cols.join(', ')}, source_row INTEGER)`);
  await conn.run(`INSERT INTO ${table} BY NAME ${select}`);
}

/**
 * Warehouses written before file tables held each extract in one base table with the lineage in
 * every row. Splits such a table into file tables, once, so the next run carries on from it.
 */
export async function migrateSingleTables(conn: DuckDBConnection): Promise<void> {
  const single = await queryRows<{ name: ExtractName }>(conn, `SELECT table_name AS name FROM duckdb_tables()
    WHERE database_name = current_database() AND schema_name = 'main' AND table_name IN (${extractNames.map(sqlString).join(', ')})`);
  for (const { name } of single) {
    const fields = fieldsOf(contracts[name]).map((f) => ident(f.name)).join(', ');
    await conn.run('BEGIN TRANSACTION');
    const shas = await queryRows<{ sha: string }>(conn, `SELECT DISTINCT source_sha256 AS sha FROM ${ident(name)}`);
    for (const { sha } of shas) {
      await conn.run(`CREATE TABLE ${ident(fileTableName(name, sha))} AS SELECT ${fields}, source_row
        FROM ${ident(name)} WHERE source_sha256 = ${sqlString(sha)} ORDER BY source_row`);
    }
    await conn.run(`DROP TABLE ${ident(name)}`);
    await conn.run('COMMIT');
  }
}
