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
import { isStamped, stampSql } from './row-groups.ts';

export const fileTableName = (extract: ExtractName, sha256: string): string => `${extract}__${sha256.slice(0, 16)}`;
/** fileTableName in SQL, of two columns. */
const fileTableNameSql = (extract: string, sha256: string): string => `${extract} || '__' || left(${sha256}, 16)`;

/** A range of values one column of a file spans (compared as text: ISO dates sort as dates). */
export interface ColumnRange {
  field: string;
  lo: string;
  hi: string;
}

/**
 * The loaded files of an extract, in the order they were received — only those whose recorded range
 * of each of `overlapping`'s columns meets it (a file with no range recorded for a column may hold
 * anything there). `catalog` is the database: the building warehouse, or the published one attached
 * under that name (psm check; checkFile refuses one in the single-table layout, which has no file tables).
 */
export async function filesOf(
  conn: DuckDBConnection,
  extract: ExtractName,
  overlapping: ColumnRange[] = [],
  catalog?: string,
): Promise<string[]> {
  const prefix = catalog ? `${ident(catalog)}.` : '';
  const disjoint = overlapping.map((r) => `(f.field = ${sqlString(r.field)} AND (f.hi < ${sqlString(r.lo)} OR f.lo > ${sqlString(r.hi)}))`);
  const rows = await queryRows<{ sha256: string }>(
    conn,
    `SELECT l.sha256 FROM ${prefix}ledger l WHERE l.extract = ${sqlString(extract)}
    ${disjoint.length ? `AND NOT EXISTS (SELECT 1 FROM ${prefix}file_ranges f WHERE f.sha256 = l.sha256 AND (${disjoint.join(' OR ')}))` : ''}
    ORDER BY l.received_at, l.file, l.sha256`,
  );
  return rows.map((r) => r.sha256);
}

/** The extracts held in one base table each: a warehouse written before file tables (migrateSingleTables). */
export async function singleTableExtracts(conn: DuckDBConnection, catalog?: string): Promise<ExtractName[]> {
  const rows = await queryRows<{ name: ExtractName }>(
    conn,
    `SELECT table_name AS name FROM duckdb_tables()
    WHERE database_name = ${catalog ? sqlString(catalog) : 'current_database()'} AND schema_name = 'main'
      AND table_name IN (${extractNames.map(sqlString).join(', ')})`,
  );
  return rows.map((r) => r.name);
}

/** Records the range each of a file's key columns spans, for filesOf. */
export async function recordRanges(conn: DuckDBConnection, sha256: string, ranges: ColumnRange[]): Promise<void> {
  if (!ranges.length) return;
  await conn.run(
    `INSERT INTO file_ranges VALUES ${ranges.map((r) => `(${[sha256, r.field, r.lo, r.hi].map(sqlString).join(', ')})`).join(', ')}`,
  );
}

/** The view's SQL: every file table of the extract, or no rows of the right types when there is none. */
export function canonicalViewSql(extract: ExtractName, shas: string[]): string {
  const fields = fieldsOf(contracts[extract]);
  const body = shas.length
    ? shas
        .map(
          (sha) => `SELECT ${fields.map((f) => ident(f.name)).join(', ')}, ${sqlString(sha)} AS source_sha256, source_row
    FROM ${ident(fileTableName(extract, sha))}`,
        )
        .join('\nUNION ALL ')
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
  for (const name of await singleTableExtracts(conn)) {
    const fields = fieldsOf(contracts[name])
      .map((f) => ident(f.name))
      .join(', ');
    await conn.run('BEGIN TRANSACTION');
    // Every file the ledger lists gets a table, rows or none (a file whose rows were all quarantined).
    const shas = await queryRows<{ sha: string }>(
      conn,
      `SELECT DISTINCT source_sha256 AS sha FROM ${ident(name)}
      UNION SELECT sha256 FROM ledger WHERE extract = ${sqlString(name)}`,
    );
    for (const { sha } of shas) {
      await conn.run(`CREATE TABLE ${ident(fileTableName(name, sha))} AS SELECT ${fields}, source_row
        FROM ${ident(name)} WHERE source_sha256 = ${sqlString(sha)} ORDER BY source_row`);
    }
    await conn.run(`DROP TABLE ${ident(name)}`);
    await conn.run('COMMIT');
  }
}

/**
 * File tables loaded before tables were stamped (8 Dec 2026) get a stamp, once, so a night's check
 * stops describing them (row-groups.ts). The night that stamps one describes it, as it has no stamp
 * in the record yet.
 */
export async function stampFileTables(conn: DuckDBConnection): Promise<void> {
  const tables = await queryRows<{ name: string; comment: string | null }>(
    conn,
    `SELECT t.table_name AS name, t.comment FROM duckdb_tables() t JOIN ledger l ON t.table_name = ${fileTableNameSql('l.extract', 'l.sha256')}
    WHERE t.database_name = current_database() AND t.schema_name = 'main'`,
  );
  const unstamped = tables.filter((t) => !isStamped(t.comment));
  if (!unstamped.length) return;
  await conn.run('BEGIN TRANSACTION'); // one commit for a thousand tables, not one each
  for (const { name } of unstamped) await conn.run(stampSql(name));
  await conn.run('COMMIT');
}
