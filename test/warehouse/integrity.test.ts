// The warehouse check (integrity.ts) on real DuckDB files damaged on disk: cut short, garbage from
// the first byte, one block in the middle overwritten. And every block in use, one at a time.
import { copyFileSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WorkspacePaths } from '../../pipeline/config.ts';
import { WarehouseDamagedError } from '../../pipeline/warehouse/damage.ts';
import { openReadOnly, openWriter, queryRows } from '../../pipeline/warehouse/duckdb.ts';
import { checkWarehouse } from '../../pipeline/warehouse/integrity.ts';
import { stampSql } from '../../pipeline/warehouse/row-groups.ts';
import {
  BLOCK,
  biggestTable,
  blockOffset,
  dataBlockOf,
  HEADERS,
  garble,
  garbleBlock,
  publishedTwice,
  putBack,
  truncateTo,
  usedBlocks,
} from './damage-helpers.ts';

let paths: WorkspacePaths;
let scratch: string;
/** A fresh copy of the published warehouse to damage, inside a warehouse folder of its own. */
const copy = (name = 'psm.duckdb') => {
  const dir = mkdtempSync(join(scratch, 'w-'));
  const file = join(dir, name);
  copyFileSync(paths.warehouse, file);
  return file;
};

/** A data block of `table` that only its row groups `from`…`to` use. */
async function blockOnlyIn(file: string, table: string, from: number, to = 1e9): Promise<number> {
  const db = await openReadOnly(file);
  try {
    const [row] = await queryRows<{ b: number }>(
      db.conn,
      `SELECT block_id::INTEGER AS b FROM pragma_storage_info('${table}') WHERE block_id >= 0
      GROUP BY block_id HAVING min(row_group_id) >= ${from} AND max(row_group_id) <= ${to} ORDER BY b LIMIT 1`,
    );
    if (!row) throw new Error(`no block of ${table} only in row groups ${from}-${to}`);
    return row.b;
  } finally {
    db.close();
  }
}

/** Runs statements on a warehouse file as a run would, and checkpoints. */
async function write(file: string, ...statements: string[]): Promise<void> {
  const writer = await openWriter(file);
  try {
    for (const sql of statements) await writer.conn.run(sql);
    await writer.conn.run('CHECKPOINT');
  } finally {
    writer.close();
  }
}

beforeAll(async () => {
  paths = await publishedTwice();
  scratch = mkdtempSync(join(tmpdir(), 'psm-integrity-'));
}, 120_000);

describe('checkWarehouse', () => {
  it('passes a sound warehouse, block by block or only opened', async () => {
    expect(await checkWarehouse(paths.warehouse)).toMatchObject({
      state: 'ok',
      checked: 'scanned',
      detail: null,
      bytes: statSync(paths.warehouse).size,
    });
    expect(await checkWarehouse(paths.warehouse, { scan: false })).toMatchObject({ state: 'ok', checked: 'opened' });
    expect(await checkWarehouse(join(scratch, 'nowhere.duckdb'))).toMatchObject({ state: 'missing', checked: null });
  });

  it('finds a file cut short, an empty one and one that was never a database', async () => {
    const cut = copy();
    truncateTo(cut, Math.floor(statSync(cut).size / 2));
    expect(await checkWarehouse(cut, { scan: false })).toMatchObject({
      state: 'damaged',
      detail: expect.stringMatching(/Could not read enough bytes|truncated/),
    });
    const empty = copy();
    truncateTo(empty, 0);
    expect(await checkWarehouse(empty)).toMatchObject({
      state: 'damaged',
      detail: expect.stringContaining('not a valid DuckDB database file'),
    });
    const text = copy();
    writeFileSync(text, 'crime_ref,recorded_date\nCR-1,01/04/2023\n');
    expect(await checkWarehouse(text)).toMatchObject({ state: 'damaged' });
  });

  it('passes a sound file that DuckDB has cut short of its free blocks', async () => {
    // A table dropped from the end of the file (as psm ingest --recheck drops a file's table): its
    // blocks are freed and the checkpoint shortens the file below the header's total of blocks.
    const file = copy();
    const w = await openWriter(file);
    await w.conn.run('CREATE TABLE scratch AS SELECT range AS i, md5(range::VARCHAR) AS s FROM range(300000)');
    await w.conn.run('CHECKPOINT');
    const grown = statSync(file).size;
    await w.conn.run('DROP TABLE scratch');
    await w.conn.run('CHECKPOINT');
    w.close();
    const { total } = await usedBlocks(file);
    expect(statSync(file).size).toBeLessThan(grown);
    expect(statSync(file).size).toBeLessThan(HEADERS + total * BLOCK); // the case that was misread as truncation
    expect(await checkWarehouse(file)).toMatchObject({ state: 'ok' });
    expect(await checkWarehouse(file, { scan: false })).toMatchObject({ state: 'ok' });
  });

  it('finds one damaged block in the middle of a table that opening alone does not', async () => {
    const file = copy();
    garbleBlock(file, await dataBlockOf(file, await biggestTable(file)));
    expect(await checkWarehouse(file, { scan: false })).toMatchObject({ state: 'ok' }); // why the full check exists
    expect(await checkWarehouse(file)).toMatchObject({ state: 'damaged', detail: expect.stringContaining('checksum') });
  });

  it('after a run on a copy, reads the row groups the run wrote and not those it kept', async () => {
    // Whole numbers: DuckDB reads a block of text to describe its segment (pragma_storage_info),
    // not one of numbers, so only the check's own reads can find these blocks damaged.
    const before = copy();
    await write(before, `CREATE TABLE nums AS SELECT hash(range) AS x FROM range(300000)`);
    const after = join(mkdtempSync(join(scratch, 'w-')), 'psm.duckdb');
    copyFileSync(before, after);
    await write(
      after,
      `INSERT INTO nums SELECT hash(range) FROM range(300000, 600000)`,
      `CREATE TABLE night AS SELECT hash(range) AS x FROM range(300000)`,
    );
    const since = (await checkWarehouse(before, { map: true })).rowGroups!;
    const changed = (file: string) => checkWarehouse(file, { since });
    expect(await changed(after)).toMatchObject({ state: 'ok', checked: 'changed' });
    // A new table, and the row groups appended to a kept one.
    for (const block of [await blockOnlyIn(after, 'night', 0), await blockOnlyIn(after, 'nums', 3)]) {
      const saved = garble(after, blockOffset(block), 1024);
      expect((await changed(after)).state).toBe('damaged');
      putBack(after, blockOffset(block), saved);
    }
    // A block only the first row group uses was read when that row group was written, and is read
    // again at the next full check (PSM_FULL_CHECK_DAYS), not by a night that did not change it.
    garble(after, blockOffset(await blockOnlyIn(after, 'nums', 0, 0)), 1024);
    expect((await changed(after)).state).toBe('ok');
    expect((await checkWarehouse(after)).state).toBe('damaged');
  });

  it('describes a stamped table again when it is made again or its rows change, and trusts it otherwise', async () => {
    // File tables are stamped when they join the warehouse (stampSql): a night leaves the record's
    // row groups for a table with the same stamp and live rows, and describes every other table.
    const before = copy();
    const nums = (from: number, to: number) => `SELECT hash(range) AS x FROM range(${from}, ${to})`;
    await write(
      before,
      ...['again', 'grown', 'thinned'].flatMap((t) => [`CREATE TABLE ${t} AS ${nums(0, 300000)}`, stampSql(t)]),
      `CREATE TABLE text_kept AS SELECT md5(range::VARCHAR) AS s FROM range(300000)`,
      stampSql('text_kept'),
    );
    const since = (await checkWarehouse(before, { map: true })).rowGroups!;
    const after = join(mkdtempSync(join(scratch, 'w-')), 'psm.duckdb');
    copyFileSync(before, after);
    await write(
      after,
      // The same rows written again under the same name (a re-check): a new stamp, the same count.
      'DROP TABLE again',
      `CREATE TABLE again AS ${nums(0, 300000)}`,
      stampSql('again'),
      // Rows added or deleted under the same stamp.
      `INSERT INTO grown ${nums(300000, 600000)}`,
      `DELETE FROM thinned WHERE x % 2 = 0`,
    );
    const changed = () => checkWarehouse(after, { since });
    const blocks = [await blockOnlyIn(after, 'again', 0), await blockOnlyIn(after, 'grown', 3)];
    for (const block of blocks) {
      const saved = garble(after, blockOffset(block), 1024);
      expect((await changed()).state).toBe('damaged');
      putBack(after, blockOffset(block), saved);
    }
    const now = (await changed()).rowGroups!;
    expect(now.get('"main"."thinned"')!.liveRows).toBeLessThan(since.get('"main"."thinned"')!.liveRows);
    expect(now.get('"main"."text_kept"')).toEqual(since.get('"main"."text_kept"'));
    // Describing a table of text reads its blocks (see above): a kept, stamped one is not described.
    garble(after, blockOffset(await blockOnlyIn(after, 'text_kept', 0, 0)), 1024);
    expect((await changed()).state).toBe('ok');
    expect((await checkWarehouse(after)).state).toBe('damaged');
  });

  it('describes a stamped table whose deleted rows a later night vacuums out, its counts of live rows unchanged', async () => {
    // A checkpoint run beside another transaction leaves deleted rows in place; the next night's
    // checkpoint then rewrites the table's blocks though that night does not touch the table.
    const before = copy();
    const instance = await DuckDBInstance.create(before);
    const [a, b] = [await instance.connect(), await instance.connect()];
    await a.run(`CREATE TABLE thinned AS SELECT hash(range) AS x FROM range(400000)`);
    await a.run(stampSql('thinned'));
    await a.run('CHECKPOINT');
    await b.run('BEGIN TRANSACTION');
    await b.run('SELECT count(*) FROM thinned');
    await a.run('DELETE FROM thinned WHERE x % 4 <> 0');
    await a.run('CHECKPOINT');
    await b.run('COMMIT');
    await a.run('CHECKPOINT');
    [a, b].forEach((c) => c.closeSync());
    instance.closeSync();
    const since = (await checkWarehouse(before, { map: true })).rowGroups!;
    const after = join(mkdtempSync(join(scratch, 'w-')), 'psm.duckdb');
    copyFileSync(before, after);
    await write(after, 'CREATE TABLE other AS SELECT 1');
    const now = (await checkWarehouse(after, { since })).rowGroups!.get('"main"."thinned"')!;
    expect(now.liveRows).toBe(since.get('"main"."thinned"')!.liveRows);
    expect(now.groups).not.toEqual(since.get('"main"."thinned"')!.groups); // rewritten
    garble(after, blockOffset(await blockOnlyIn(after, 'thinned', 0)), 1024);
    expect((await checkWarehouse(after, { since })).state).toBe('damaged');
  });

  it('catches damage to every block in use and to each header', async () => {
    const file = copy();
    const { total, used } = await usedBlocks(file);
    const offsets = [100, 4096 + 100, 8192 + 100, ...Array.from({ length: total }, (_, id) => blockOffset(id))];
    let caught = 0;
    for (const offset of offsets) {
      const saved = garble(file, offset, 1024);
      if ((await checkWarehouse(file)).state === 'damaged') caught++;
      putBack(file, offset, saved);
    }
    // Only free blocks may be damaged unnoticed: they hold nothing.
    expect(caught).toBe(3 + used);
    expect((await checkWarehouse(file)).state).toBe('ok');
  }, 120_000);
});

describe('readers of a damaged warehouse get a plain message', () => {
  it('naming the file and psm recover when the file will not open', async () => {
    const file = copy();
    copyFileSync(file, join(file, '..', 'psm.previous.duckdb'));
    truncateTo(file, 20_000);
    const err = await openReadOnly(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WarehouseDamagedError);
    expect((err as Error).message).toMatch(/^The published warehouse .*psm\.duckdb is damaged \(.*\)\. Run `psm recover`/);
    expect((err as Error).message).not.toContain('IO Error');
  });

  it('and in whichever query first reads the damaged block', async () => {
    const file = copy();
    const table = await biggestTable(file);
    garbleBlock(file, await dataBlockOf(file, table));
    const db = await openReadOnly(file);
    try {
      const err = await db.conn.run(`SELECT bit_xor(hash(COLUMNS(*))) FROM "${table}"`).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WarehouseDamagedError);
      expect((err as Error).message).toContain(`${file} is damaged`);
      expect((err as Error).message).toContain('no previous warehouse to restore');
    } finally {
      db.close();
    }
  });
});
