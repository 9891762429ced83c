// Publishing never carries damage forward. Before: an ingest copied the published file, damaged
// block and all, published the copy and rotated the damaged original into psm.previous.duckdb, so
// both copies were bad (or it stopped on a raw DuckDB IO error part-way). Real files, real ingest.
import { cpSync, existsSync, renameSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { WorkspacePaths } from '../../pipeline/config.ts';
import { ingest } from '../../pipeline/ingest/index.ts';
import { WarehouseDamagedError } from '../../pipeline/warehouse/damage.ts';
import { checkWarehouse } from '../../pipeline/warehouse/integrity.ts';
import { beginBuilding, publish } from '../../pipeline/warehouse/publish.ts';
import { sha256OfFile } from '../../pipeline/warehouse/pin.ts';
import { fixtures } from '../helpers.ts';
import { biggestTable, blockNotReadByANightOf, dataBlockOf, garbleBlock, NOW, publishedTwice, writeCalls } from './damage-helpers.ts';
import { queryRows } from '../../pipeline/warehouse/duckdb.ts';

const fingerprint = async (paths: WorkspacePaths) => ({
  published: existsSync(paths.warehouse) ? await sha256OfFile(paths.warehouse) : null,
  previous: existsSync(paths.previousWarehouse) ? await sha256OfFile(paths.previousWarehouse) : null,
});

const newFile = (paths: WorkspacePaths) =>
  cpSync(join(fixtures, 'ingest/crimes_utf8_bom_crlf.csv'), join(paths.inbox, 'crimes_utf8_bom_crlf.csv'));

describe('publish and integrity', () => {
  it('an ingest refuses to start from a published warehouse with a damaged block, and changes nothing', async () => {
    const paths = await publishedTwice();
    garbleBlock(paths.warehouse, await dataBlockOf(paths.warehouse, await biggestTable(paths.warehouse)));
    const before = await fingerprint(paths);
    newFile(paths);
    const err = await ingest(paths, [], { now: NOW }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WarehouseDamagedError);
    expect((err as Error).message).toMatch(
      /^The published warehouse .*psm\.duckdb is damaged \(Corrupt database file: .*\)\. Run `psm recover`.*Nothing was ingested\.$/,
    );
    expect(await fingerprint(paths)).toEqual(before); // neither file touched: the previous one is still good
    expect((await checkWarehouse(paths.previousWarehouse)).state).toBe('ok');
    expect(existsSync(paths.buildingWarehouse)).toBe(false);
  }, 120_000);

  it('a finished copy that fails its check is not published', async () => {
    const paths = await publishedTwice();
    const before = await fingerprint(paths);
    const db = await beginBuilding(paths, NOW);
    // Damage on the way to the disk, to what this run wrote.
    await db.conn.run(`CREATE TABLE night AS SELECT hash(range) AS x FROM range(300000)`);
    await db.conn.run('CHECKPOINT');
    const [night] = await queryRows<{ b: number }>(db.conn, `SELECT max(block_id)::INTEGER AS b FROM pragma_storage_info('night')`);
    garbleBlock(paths.buildingWarehouse, night!.b);
    const err = await publish(paths, db).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WarehouseDamagedError);
    expect((err as Error).message).toMatch(
      /^The new warehouse .*psm\.building\.duckdb failed its check \(.*\): it was not published, and .*psm\.duckdb is unchanged\.$/,
    );
    expect(await fingerprint(paths)).toEqual(before);
    expect(existsSync(paths.buildingWarehouse)).toBe(false);
  }, 120_000);

  it('a block that rots unseen is found when the last full check is PSM_FULL_CHECK_DAYS (7) old', async () => {
    const paths = await publishedTwice();
    const days = (n: number) => new Date(NOW.getTime() + n * 86_400_000);
    const s = statSync(paths.warehouse);
    const block = await blockNotReadByANightOf(paths.warehouse, await biggestTable(paths.warehouse));
    garbleBlock(paths.warehouse, block);
    utimesSync(paths.warehouse, s.atimeMs / 1000, s.mtimeMs / 1000); // the bytes change, the file's times do not
    // The next night reads the blocks it writes, not this one: it was read when written, on day 0.
    newFile(paths);
    expect((await ingest(paths, [], { now: days(1) })).published).toBe(true);
    // A week after the last full check every block is read again, and nothing is built on it.
    writeCalls(join(paths.inbox, 'calls_999_2023-24.csv'), 100, 'N');
    const err = await ingest(paths, [], { now: days(7) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WarehouseDamagedError);
    expect((err as Error).message).toMatch(/^The published warehouse .*psm\.duckdb is damaged .*Nothing was ingested\.$/);
  }, 120_000);

  it('a published warehouse damaged while a run was going is replaced but never kept as previous', async () => {
    const paths = await publishedTwice();
    const goodPrevious = await sha256OfFile(paths.previousWarehouse);
    newFile(paths);
    const db = await beginBuilding(paths);
    // Damaged after the run's copy was checked: written to in place, so its mtime moves.
    garbleBlock(paths.warehouse, await dataBlockOf(paths.warehouse, await biggestTable(paths.warehouse)));
    await publish(paths, db);
    expect((await checkWarehouse(paths.warehouse)).state).toBe('ok');
    expect(await sha256OfFile(paths.previousWarehouse)).toBe(goodPrevious);
  }, 120_000);

  it('with the published warehouse gone but a previous one there, an ingest says so and starts nothing', async () => {
    const paths = await publishedTwice();
    renameSync(paths.warehouse, join(paths.root, 'moved-away.duckdb'));
    newFile(paths);
    const err = await ingest(paths, [], { now: NOW }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(
      /^No published warehouse at .*psm\.duckdb, but the previous one is there\. Run `psm recover`.*Nothing was ingested\.$/,
    );
    expect(existsSync(paths.warehouse)).toBe(false);
  }, 120_000);

  it('a sound ingest checks both files and publishes as before', async () => {
    const paths = await publishedTwice();
    const published = await sha256OfFile(paths.warehouse);
    const mtime = statSync(paths.warehouse).mtimeMs;
    newFile(paths);
    const report = await ingest(paths, [], { now: NOW });
    expect(report.published).toBe(true);
    expect(await sha256OfFile(paths.previousWarehouse)).toBe(published);
    expect(statSync(paths.warehouse).mtimeMs).toBeGreaterThanOrEqual(mtime);
    expect((await checkWarehouse(paths.warehouse)).state).toBe('ok');
  }, 120_000);
});
