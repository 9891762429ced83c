// Pins on real files: a hard link keeps naming the warehouse it was made from when a publish renames
// another file over psm.duckdb, and pins left by runs that have ended are swept away.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WorkspacePaths } from '../../pipeline/config.ts';
import { processStart } from '../../pipeline/schedule/lock.ts';
import { openReadOnly, queryRows } from '../../pipeline/warehouse/duckdb.ts';
import { openPinned, pinWarehouse, readersDir, readerWarehouse, sha256OfFile, sweepPins } from '../../pipeline/warehouse/pin.ts';
import { tempWorkspace } from '../helpers.ts';
import { publishedTwice } from './damage-helpers.ts';
import { readSettings } from '../../pipeline/settings.ts';

let paths: WorkspacePaths;
beforeAll(async () => {
  paths = await publishedTwice();
}, 120_000);

const files = async (file: string) => {
  const db = await openReadOnly(file);
  try {
    return (await queryRows<{ n: number }>(db.conn, 'SELECT count(*)::INTEGER AS n FROM ledger'))[0]!.n;
  } finally {
    db.close();
  }
};

describe('pinWarehouse', () => {
  it('keeps reading the warehouse it pinned after a publish, and leaves nothing behind', async () => {
    const pin = pinWarehouse(paths);
    expect(statSync(pin.path).ino).toBe(statSync(paths.warehouse).ino); // a hard link, not a copy
    const sha = await sha256OfFile(paths.warehouse);
    const before = await files(pin.path);
    // A publish: the previous warehouse (one file fewer) renamed over psm.duckdb.
    const next = join(paths.warehouseDir, 'next.duckdb');
    copyFileSync(paths.previousWarehouse, next);
    renameSync(next, paths.warehouse);
    expect(await files(paths.warehouse)).toBe(before - 1);
    expect(await files(pin.path)).toBe(before);
    expect(await pin.sha256()).toBe(sha);
    pin.release();
    pin.release(); // twice is harmless
    expect(readdirSync(readersDir(paths))).toEqual([]);
  });

  it('says plainly when there is no warehouse to pin', async () => {
    const empty = tempWorkspace();
    expect(() => pinWarehouse(empty)).toThrow(/^No published warehouse at .*psm\.duckdb: run `psm ingest`/);
    await expect(openPinned(empty)).rejects.toThrow(/No published warehouse/);
  });

  it('is what a loader reads when the build hands it over', () => {
    expect(readerWarehouse(paths)).toBe(paths.warehouse);
    expect(readerWarehouse(paths, readSettings({ PSM_WAREHOUSE: '/somewhere/pinned.duckdb' }).pinnedWarehouse)).toBe(
      '/somewhere/pinned.duckdb',
    );
  });
});

describe('sweepPins', () => {
  it('removes the pins of runs that have ended and keeps those of live ones', () => {
    const dir = join(tempWorkspace().warehouseDir, 'readers');
    mkdirSync(dir, { recursive: true });
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    const name = (host: string, pid: number, start: string, created: number) =>
      [host, String(pid), start, String(created), 'abcd1234'].map(encodeURIComponent).join('+') + '.duckdb';
    const now = Date.now();
    const mine = name(hostname(), process.pid, processStart(process.pid) ?? '-', now);
    const crashed = name(hostname(), dead, '-', now);
    const reused = name(hostname(), process.pid, 'deadbeef:1', now); // our pid, another process's start
    const elsewhereRecent = name('other-host', 7, 'x:1', now - 3600_000);
    const elsewhereOld = name('other-host', 7, 'x:1', now - 2 * 24 * 3600_000);
    for (const n of [mine, crashed, reused, elsewhereRecent, elsewhereOld, 'not-a-pin.txt']) writeFileSync(join(dir, n), '');
    const removed = sweepPins(dir, now);
    const expected = process.platform === 'linux' ? [crashed, reused, elsewhereOld] : [crashed, elsewhereOld];
    expect(removed.sort()).toEqual(expected.sort());
    expect(existsSync(join(dir, mine))).toBe(true);
    expect(existsSync(join(dir, elsewhereRecent))).toBe(true);
    expect(existsSync(join(dir, 'not-a-pin.txt'))).toBe(true);
  });
});
