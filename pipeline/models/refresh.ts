// Bringing one mart up to date on the building warehouse, in the cheapest way that is exact:
//   kept     its fingerprint is tonight's (fingerprint.ts): nothing it reads has changed;
//   updated  an incremental mart (`-- incremental: col`) built by tonight's code from exactly the
//            files the published warehouse held: the values of `col` in tonight's new files are
//            deleted and recomputed, and every other row stays where it was (by file, the files
//            whose rows changed: touchedSql);
//   built    anything else: CREATE OR REPLACE from its SQL.
// `col` is part of the record key of every extract the mart reads (graph.ts checks), so a row a new
// file supersedes has a value the new file holds, and is recomputed with it. Every write restamps
// the mart (recordFingerprint), which the night's check relies on (warehouse/row-groups.ts).
import type { DuckDBConnection } from '@duckdb/node-api';
import { createHash } from 'node:crypto';
import type { ExtractName } from '../extracts/index.ts';
import { bytesOf, ident, queryRows, sqlString } from '../warehouse/duckdb.ts';
import { fileTableName } from '../warehouse/file-tables.ts';
import { isStamped, stampSql } from '../warehouse/row-groups.ts';
import { parseFingerprint, recordFingerprint, type Fingerprint } from './fingerprint.ts';
import { BY_FILE, type MartFile } from './graph.ts';

/** What the run started from: the files of the published warehouse (null: not an ingest, or a re-check). */
export interface RunDelta {
  startingFiles: ReadonlySet<string>;
}

interface LoadedFile {
  extract: ExtractName;
  sha256: string;
}

const filesHash = (files: LoadedFile[]): string =>
  createHash('sha256')
    .update(
      files
        .map((f) => f.sha256)
        .sort()
        .join(','),
    )
    .digest('hex');

/** Brings `mart` up to date; says what it did (for PSM_DEBUG). */
export async function refreshMart(
  conn: DuckDBConnection,
  mart: MartFile,
  extracts: ReadonlySet<ExtractName>,
  fp: Fingerprint,
  delta: RunDelta | null,
): Promise<string> {
  const kind = mart.materialized === 'view' ? 'VIEW' : 'TABLE';
  const [was] = await queryRows<{ type: string; comment: string | null }>(
    conn,
    `SELECT table_type AS type, table_comment AS comment FROM information_schema.tables
    WHERE table_catalog = current_database() AND table_schema = 'main' AND table_name = '${mart.name}'`,
  );
  const files = await loadedFiles(conn, extracts);
  const built = { ...fp, files: filesHash(files) };
  const stored = kind === 'TABLE' && was?.type === 'BASE TABLE' ? parseFingerprint(was.comment) : null;
  if (stored?.full === fp.full) {
    // Built before marts were stamped (8 Dec 2026): stamped now, as its row groups are described tonight anyway.
    if (!isStamped(was!.comment)) await conn.run(stampSql(mart.name, was!.comment!));
    return 'kept (inputs unchanged)';
  }
  if (stored && delta && mart.incremental && stored.code === fp.code) {
    const before = files.filter((f) => delta.startingFiles.has(f.sha256));
    const fresh = files.filter((f) => !delta.startingFiles.has(f.sha256));
    if (stored.files === filesHash(before) && fresh.length) {
      const updated = await updateValues(conn, mart, touchedSql(mart, fresh, extracts), built);
      if (updated !== null) return `updated for ${updated} ${mart.incremental} values`;
    }
  }
  // A warehouse built when the mart was the other kind (a view, a table) has that dropped first.
  if (was && was.type !== (kind === 'VIEW' ? 'VIEW' : 'BASE TABLE'))
    await conn.run(`DROP ${kind === 'VIEW' ? 'TABLE' : 'VIEW'} ${mart.name}`);
  // A mart by file holds a row or so per file, however many rows the files hold: one pass.
  const passes = mart.incremental && mart.incremental !== BY_FILE ? await passesFor(conn, extracts) : 1;
  if (passes > 1) await buildInPasses(conn, mart, [...extracts][0]!, passes);
  else await conn.run(`CREATE OR REPLACE ${kind} ${mart.name} AS\n${mart.sql}\n`);
  if (kind === 'TABLE') await recordFingerprint(conn, mart.name, built);
  return passes > 1 ? `built in ${passes} passes` : 'built';
}

/**
 * Input rows one pass may group or join, per byte of the memory cap. DuckDB's aggregate of the 101
 * legs (eleven aggregates per call) does not spill within its cap: ten forces' legs (21M) needed
 * more than 120 MB on two threads, and a quarter of them at a time fitted; at national size the
 * outcomes joined to their crimes did not fit 4 GB in two parts (README, Scale). Two hundred bytes a
 * row leaves room for the other marts and files being loaded beside it.
 */
const BYTES_PER_ROW = 200;

/** How many parts `rows` input rows need under a cap of `capBytes` (at least one). */
export const passesNeeded = (rows: number, capBytes: number): number => Math.max(1, Math.ceil((rows * BYTES_PER_ROW) / capBytes));

/** How many parts of its column's values a whole build of an incremental mart needs under the cap. */
async function passesFor(conn: DuckDBConnection, extracts: ReadonlySet<ExtractName>): Promise<number> {
  if (!extracts.size) return 1;
  const [row] = await queryRows<{ rows: number | null; cap: string }>(
    conn,
    `SELECT sum(loaded)::DOUBLE AS rows, current_setting('memory_limit') AS cap FROM ledger
    WHERE extract IN (${[...extracts].map(sqlString).join(', ')})`,
  );
  return passesNeeded(row!.rows ?? 0, bytesOf(row!.cap));
}

/**
 * A whole build in parts by ranges of the mart's column: each row depends only on input rows with
 * its value (`-- incremental`), so each pass's GROUP BY or join holds one range's share of the
 * values. Ranges of the column itself, because DuckDB pushes a constant range of a joined column
 * into the scans on both sides of the join (EXPLAIN shows 11 of the 12 scans of outcomes_enriched
 * filtered), where a range of hash(col) reaches only one side and a modulo none (it could divide by
 * zero). The bounds are quantiles of a fixed sample of one extract the mart reads: they need only
 * be roughly even. NULLs, in no range, have a pass of their own. The table has no fingerprint until
 * every pass is in, so a run stopped half way rebuilds it.
 */
export async function buildInPasses(conn: DuckDBConnection, mart: MartFile, sampled: ExtractName, passes: number): Promise<void> {
  const key = ident(mart.incremental!);
  const quantiles = Array.from({ length: passes - 1 }, (_, i) => (i + 1) / passes);
  const [row] = await queryRows<{ bounds: string[] | null }>(
    conn,
    `SELECT list_sort(list_distinct(quantile_disc(${key}, [${quantiles.join(', ')}])))::VARCHAR[] AS bounds
    FROM (SELECT ${key} FROM ${ident(sampled)} WHERE ${key} IS NOT NULL) USING SAMPLE reservoir(50000 ROWS) REPEATABLE (1)`,
  );
  const bounds = (row?.bounds ?? []).map(sqlString); // in the column's own order
  const col = `m.${key}`;
  const ranges = [
    ...bounds.map((hi, i) => (i ? `${col} >= ${bounds[i - 1]} AND ${col} < ${hi}` : `${col} < ${hi}`)),
    bounds.length ? `${col} >= ${bounds.at(-1)}` : `${col} IS NOT NULL`,
    `${col} IS NULL`,
  ];
  const part = (where: string) => `SELECT * FROM (\n${mart.sql}\n) m WHERE ${where}`;
  await conn.run(`CREATE OR REPLACE TABLE ${mart.name} AS ${part(ranges[0]!)}`);
  for (const where of ranges.slice(1)) await conn.run(`INSERT INTO ${mart.name} ${part(where)}`);
}

/** Up to this many values are written into the SQL as a list: DuckDB pushes a list of constants into every scan the mart's SQL joins, and a subquery into none (1.6 s against 0.2 s for 50 crimes at five forces). */
const LISTED = 10_000;

async function touchedValues(conn: DuckDBConnection, touched: string, n: number): Promise<string> {
  if (n > LISTED) return `SELECT k FROM ${touched}`;
  const rows = await queryRows<{ k: string }>(conn, `SELECT k::VARCHAR AS k FROM ${touched}`);
  return rows.map((r) => sqlString(r.k)).join(', ');
}

async function loadedFiles(conn: DuckDBConnection, extracts: ReadonlySet<ExtractName>): Promise<LoadedFile[]> {
  if (!extracts.size) return [];
  return queryRows<LoadedFile>(conn, `SELECT extract, sha256 FROM ledger WHERE extract IN (${[...extracts].map(sqlString).join(', ')})`);
}

/**
 * The values of the mart's column to recompute, as SQL of one column `k`: those the new files hold;
 * for a mart by file, the files whose rows not superseded are not the mart's `live_rows` (the new
 * ones, those a new file superseded rows of) and the files it holds that the ledger no longer does.
 */
function touchedSql(mart: MartFile, fresh: LoadedFile[], extracts: ReadonlySet<ExtractName>): string {
  if (mart.incremental !== BY_FILE) {
    const col = ident(mart.incremental!);
    return `SELECT DISTINCT k FROM (${fresh.map((f) => `SELECT ${col} AS k FROM ${ident(fileTableName(f.extract, f.sha256))}`).join('\nUNION ALL ')})`;
  }
  return `SELECT l.sha256 AS k FROM ledger l LEFT JOIN ${mart.name} m ON m.source_sha256 = l.sha256
    WHERE l.extract IN (${[...extracts].map(sqlString).join(', ')}) AND l.loaded - l.superseded IS DISTINCT FROM coalesce(m.live_rows, 0)
    UNION SELECT m.source_sha256 FROM ${mart.name} m ANTI JOIN ledger l ON l.sha256 = m.source_sha256`;
}

/**
 * Deletes and recomputes the rows for the values of the mart's column in `touched` (SQL), in one
 * transaction. null: a new file has no value there in some row (rebuilt whole instead).
 */
async function updateValues(conn: DuckDBConnection, mart: MartFile, touchedValuesSql: string, fp: Fingerprint): Promise<number | null> {
  const col = ident(mart.incremental!);
  const touched = `touched_${mart.name}`;
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${touched} AS ${touchedValuesSql}`);
  try {
    const [{ n, gaps }] = await queryRows<{ n: number; gaps: number }>(
      conn,
      `SELECT count(*)::INTEGER AS n, count(*) FILTER (WHERE k IS NULL)::INTEGER AS gaps FROM ${touched}`,
    );
    if (gaps) return null;
    if (!n) {
      await recordFingerprint(conn, mart.name, fp); // the new files hold no rows: nothing to recompute
      return 0;
    }
    const values = await touchedValues(conn, touched, n!);
    await conn.run('BEGIN TRANSACTION');
    try {
      await conn.run(`DELETE FROM ${mart.name} WHERE ${col} IN (${values})`);
      await conn.run(`INSERT INTO ${mart.name} SELECT * FROM (\n${mart.sql}\n) m WHERE m.${col} IN (${values})`);
      await recordFingerprint(conn, mart.name, fp);
      await conn.run('COMMIT');
    } catch (err) {
      await conn.run('ROLLBACK').catch(() => undefined);
      throw err;
    }
    return n!;
  } finally {
    await conn.run(`DROP TABLE IF EXISTS ${touched}`);
  }
}
