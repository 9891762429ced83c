// The ledger as ingest reads and writes it: one row per loaded file (schema.ts), its identity the
// SHA-256 of the bytes loaded and archived.
import type { DuckDBConnection } from '@duckdb/node-api';
import { existsSync } from 'node:fs';
import type { WorkspacePaths } from '../config.ts';
import type { ExtractName } from '../extracts/contract.ts';
import { openReadOnly, queryRows, sqlString } from '../warehouse/duckdb.ts';

/** What a later run needs of a file already loaded: to recognise it, and to read it again in its place. */
export interface LedgerEntry {
  sha256: string;
  file: string;
  extract: ExtractName;
  /** As DuckDB prints the TIMESTAMP (UTC), so it goes back into SQL unchanged. */
  receivedAt: string;
  loaded: number;
  quarantined: number;
  warnings: number;
  supersedes: number;
  /** The earlier files it re-sends (replaced records of). */
  resends: string[];
  archivePath: string | null;
}

/** Every file the published warehouse holds, by hash (read-only: no copy for a no-op night). */
export async function publishedLedger(paths: WorkspacePaths): Promise<Map<string, LedgerEntry>> {
  if (!existsSync(paths.warehouse)) return new Map();
  const db = await openReadOnly(paths.warehouse);
  try {
    return new Map((await readLedger(db.conn)).map((e) => [e.sha256, e]));
  } finally {
    db.close();
  }
}

export async function readLedger(conn: DuckDBConnection, catalog = 'main', where = 'true'): Promise<LedgerEntry[]> {
  // A published warehouse written before `resends` existed is read as it is (it is opened read-only).
  const [{ n }] = await queryRows<{ n: number }>(
    conn,
    `SELECT count(*)::INTEGER AS n FROM duckdb_columns()
    WHERE database_name = ${catalog === 'main' ? 'current_database()' : sqlString(catalog)} AND table_name = 'ledger' AND column_name = 'resends'`,
  );
  const rows = await queryRows<Omit<LedgerEntry, 'resends'> & { resends: string }>(
    conn,
    `SELECT sha256, file, extract,
      received_at::VARCHAR AS receivedAt, loaded::INTEGER AS loaded, quarantined::INTEGER AS quarantined,
      warnings::INTEGER AS warnings, supersedes::INTEGER AS supersedes, archive_path AS archivePath,
      ${n ? "coalesce(array_to_string(resends, ','), '')" : "''"} AS resends
    FROM ${catalog}.ledger WHERE ${where}`,
  );
  return rows.map((r) => ({ ...r, resends: r.resends ? r.resends.split(',') : [] }));
}

/** The files of an extract received after `entry` (the load order: received_at, then file name, then hash). */
export async function filesAfter(conn: DuckDBConnection, entry: LedgerEntry, extract: string, catalog = 'main'): Promise<Set<string>> {
  const t = `TIMESTAMP ${sqlString(entry.receivedAt)}`;
  const rows = await queryRows<{ sha256: string }>(
    conn,
    `SELECT sha256 FROM ${catalog}.ledger WHERE extract = ${sqlString(extract)}
    AND (received_at > ${t} OR (received_at = ${t} AND (file > ${sqlString(entry.file)}
      OR (file = ${sqlString(entry.file)} AND sha256 > ${sqlString(entry.sha256)}))))`,
  );
  return new Set(rows.map((r) => r.sha256));
}

export interface LedgerRow {
  sha256: string;
  file: string;
  extract: string;
  receivedAt: string;
  periodStart: string | null;
  periodEnd: string | null;
  rows: number;
  loaded: number;
  quarantined: number;
  warnings: number;
  superseded: number;
  supersedes: number;
  archivePath?: string;
  lacks: number;
  resends: string[];
  recheckedAt?: string;
}

/** The INSERT of one file's row, by column name (the table has grown columns over time). */
export function ledgerInsert(r: LedgerRow): string {
  const date = (d: string | null) => (d ? `DATE ${sqlString(d)}` : 'NULL');
  const text = (s: string | undefined) => (s ? sqlString(s) : 'NULL');
  return `INSERT INTO ledger (sha256, file, extract, received_at, period_start, period_end, data_rows, loaded, quarantined,
      warnings, superseded, supersedes, archive_path, lacks, resends, rechecked_at)
    VALUES (${sqlString(r.sha256)}, ${sqlString(r.file)}, ${sqlString(r.extract)}, ${sqlString(r.receivedAt)}::TIMESTAMP,
      ${date(r.periodStart)}, ${date(r.periodEnd)}, ${r.rows}, ${r.loaded}, ${r.quarantined}, ${r.warnings}, ${r.superseded},
      ${r.supersedes}, ${text(r.archivePath)}, ${r.lacks}, [${r.resends.map(sqlString).join(', ')}]::VARCHAR[],
      ${r.recheckedAt ? `${sqlString(r.recheckedAt)}::TIMESTAMP` : 'NULL'})`;
}
