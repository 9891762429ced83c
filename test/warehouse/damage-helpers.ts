// Damage done to real DuckDB files on disk, the ways a disk or a careless copy does it.
import { randomBytes } from 'node:crypto';
import { closeSync, cpSync, openSync, readSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkspacePaths } from '../../pipeline/config.ts';
import { ingest } from '../../pipeline/ingest/index.ts';
import { openReadOnly, queryRows } from '../../pipeline/warehouse/duckdb.ts';
import { checkWarehouse } from '../../pipeline/warehouse/integrity.ts';
import { fixtures, tempWorkspace } from '../helpers.ts';

/** DuckDB's layout: three 4 KiB headers, then blocks of 256 KiB (the default block size). */
export const HEADERS = 3 * 4096;
export const BLOCK = 262_144;

/** Overwrites `length` bytes at `offset` with garbage; returns what was there, to put back. */
export function garble(file: string, offset: number, length = 4096): Buffer {
  const fd = openSync(file, 'r+');
  try {
    const saved = Buffer.alloc(length);
    readSync(fd, saved, 0, length, offset);
    writeSync(fd, randomBytes(length), 0, length, offset);
    return saved;
  } finally {
    closeSync(fd);
  }
}

export function putBack(file: string, offset: number, saved: Buffer): void {
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, saved, 0, saved.length, offset);
  } finally {
    closeSync(fd);
  }
}

/** Garbage over the middle of block `id` (whatever the block holds). */
export const garbleBlock = (file: string, id: number): Buffer => garble(file, blockOffset(id));
export const blockOffset = (id: number): number => HEADERS + id * BLOCK + 100_000;

export const truncateTo = (file: string, bytes: number): void => truncateSync(file, bytes);

/** A block that holds the data of `table` (the largest of its segments' blocks). */
export async function dataBlockOf(file: string, table: string): Promise<number> {
  const db = await openReadOnly(file);
  try {
    const [row] = await queryRows<{ b: number }>(
      db.conn,
      `SELECT max(block_id)::INTEGER AS b FROM pragma_storage_info('${table}') WHERE block_id >= 0`,
    );
    if (row?.b === undefined || row.b === null) throw new Error(`${table} has no block of its own in ${file}`);
    return row.b;
  } finally {
    db.close();
  }
}

/**
 * A block that only `table` uses, and that a night which leaves the table as it was does not read.
 * Only its: a block shared with a table the night rewrites may be read with that table's row groups.
 * Opening a file reads some blocks, and DuckDB reads some to describe their segments
 * (pragma_storage_info, which that check runs on every table), so each candidate is damaged in turn
 * and tried.
 */
export async function blockNotReadByANightOf(file: string, table: string): Promise<number> {
  const db = await openReadOnly(file);
  const tables = await queryRows<{ t: string }>(db.conn, `SELECT table_name AS t FROM duckdb_tables()`);
  const uses = tables.map((r) => `SELECT '${r.t}' AS t, block_id FROM pragma_storage_info('${r.t}') WHERE block_id >= 0`);
  const blocks = await queryRows<{ b: number }>(
    db.conn,
    `SELECT block_id::INTEGER AS b FROM (${uses.join(' UNION ALL ')}) GROUP BY block_id
    HAVING count(DISTINCT t) = 1 AND min(t) = '${table}' ORDER BY b DESC`,
  ).finally(() => db.close());
  const itself = (await checkWarehouse(file, { map: true })).rowGroups!;
  for (const { b } of blocks) {
    const saved = garble(file, blockOffset(b));
    // Neither the opening of the published file nor the check of a night that changed nothing reads it.
    const read =
      (await checkWarehouse(file, { scan: false })).state !== 'ok' || (await checkWarehouse(file, { since: itself })).state !== 'ok';
    putBack(file, blockOffset(b), saved);
    if (!read) return b;
  }
  throw new Error(`every block of ${table} in ${file} is read to describe it`);
}

/** Blocks in use (not free), from DuckDB's own count. */
export async function usedBlocks(file: string): Promise<{ total: number; used: number }> {
  const db = await openReadOnly(file);
  try {
    const [row] = await queryRows<{ total: number; used: number }>(
      db.conn,
      'SELECT total_blocks::INTEGER AS total, used_blocks::INTEGER AS used FROM pragma_database_size()',
    );
    return row!;
  } finally {
    db.close();
  }
}

/** The name of the biggest table (a file table of the extract with most rows). */
export async function biggestTable(file: string): Promise<string> {
  const db = await openReadOnly(file);
  try {
    const [row] = await queryRows<{ t: string }>(
      db.conn,
      `SELECT table_name AS t FROM duckdb_tables() ORDER BY estimated_size DESC LIMIT 1`,
    );
    return row!.t;
  } finally {
    db.close();
  }
}

/** A calls extract big enough to fill several blocks (canonical headers), written to `path`. */
export function writeCalls(path: string, rows: number, prefix = 'B'): void {
  const base = Date.UTC(2022, 3, 1);
  const lines = ['call_id,line,queue,offered_at,answered_at,abandoned_at'];
  for (let i = 0; i < rows; i++) {
    const t = new Date(base + i * 20_000).toISOString().slice(0, 19);
    const a = new Date(base + i * 20_000 + (i % 30) * 1000).toISOString().slice(0, 19);
    lines.push(`${prefix}${i},999,999,${t},${a},`);
  }
  writeFileSync(path, lines.join('\n') + '\n');
}

/**
 * A workspace published twice, so it has a previous warehouse: crimes and a big calls file first,
 * then outcomes. Made with the real ingest.
 */
export async function publishedTwice(): Promise<WorkspacePaths> {
  const paths = tempWorkspace(['ingest/crimes_gzipped.csv.gz']);
  writeCalls(join(paths.inbox, 'calls_999_2022-23.csv'), 150_000);
  await ingest(paths, [], { now: NOW });
  cpSync(join(fixtures, 'ingest/outcomes_some_unknown.csv'), join(paths.inbox, 'outcomes_some_unknown.csv'));
  await ingest(paths, [], { now: NOW });
  return paths;
}

export const NOW = new Date('2024-01-15T12:00:00Z');
