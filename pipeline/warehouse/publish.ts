// Atomic publish. The writer works on a private copy (psm.building.duckdb); when a run completes it
// CHECKPOINTs, closes, keeps the current warehouse as psm.previous.duckdb and renames the building
// copy over psm.duckdb. rename(2) is atomic, so a reader sees the old file or the new one, never
// half a run — and a kill -9 at any moment leaves the published warehouse as it was.
//
// Every file is checked on the way (integrity.ts, through DuckDB's block checksums). The finished
// copy is checked before it is published: the row groups the run wrote (those not in the record
// the last publish left, check-record.ts), or every block when there is no record of the file it
// was copied from. The published file a run starts from is opened, and read whole (while it is
// copied and the run goes on) when its last full check is PSM_FULL_CHECK_DAYS old or this host
// has no record of it: a damaged block no statement of the run touches would otherwise be carried
// into every later publish. Nothing is published until these checks pass, and only a file known
// to be sound is kept as previous.
import { constants, copyFileSync, existsSync, linkSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import type { WorkspacePaths } from '../config.ts';
import { damageMessage, missingMessage, WarehouseDamagedError } from './damage.ts';
import { openWriter, type Db } from './duckdb.ts';
import { checkRecordOf, fileId, fullCheckIsRecent, recordCheck, sameFile, type CheckRecord, type FileId } from './check-record.ts';
import { checkWarehouse, type FileCheck } from './integrity.ts';
import { settings } from '../settings.ts';

/**
 * Per run: the file it started from, the check of that file (still running while the run loads),
 * when every block of it was last read, and the run's clock.
 */
interface Start {
  from: FileId | null;
  check: Promise<Error | null>;
  /** What this host knew of that file: where its row groups are (only the new ones are read at publish). */
  record: CheckRecord | null;
  fullyCheckedAt: string;
  now: Date;
}
const startedFrom = new WeakMap<Db, Start>();

/** PSM_DEBUG=1 prints what each check cost (README, Performance). */
const debugCheck = (what: string, c: FileCheck): void =>
  void (settings().debug ? process.stderr.write(`  check ${what}: ${c.state} (${c.checked}) in ${c.ms} ms\n`) : undefined);

const removeBuilding = (paths: WorkspacePaths) => {
  // The writer's spill folder too (DuckDB's default, <file>.tmp): a killed run leaves it full.
  for (const p of [paths.buildingWarehouse, `${paths.buildingWarehouse}.wal`, `${paths.buildingWarehouse}.tmp`])
    rmSync(p, { force: true, recursive: true });
};

/**
 * Starts a writer session on a fresh copy of the published warehouse (or an empty one). The copy
 * and the check of the published file run side by side, and the check goes on while the run loads
 * (it is awaited by publish, and by startingPointFailure when the run fails): a night's own work
 * is small beside reading every block of a national warehouse.
 */
export async function beginBuilding(paths: WorkspacePaths, now = new Date()): Promise<Db> {
  mkdirSync(paths.warehouseDir, { recursive: true });
  // Leftovers of a run that was killed: never trusted, always rebuilt from the published file.
  removeBuilding(paths);
  if (!existsSync(paths.warehouse)) {
    // Starting afresh here would publish a warehouse holding only tonight's files, silently.
    if (existsSync(paths.previousWarehouse)) throw new Error(`${missingMessage(paths.warehouse)} Nothing was ingested.`);
    const db = await openWriter(paths.buildingWarehouse);
    startedFrom.set(db, { from: null, check: Promise.resolve(null), record: null, fullyCheckedAt: now.toISOString(), now });
    return db;
  }
  const from = fileId(paths.warehouse);
  // Read whole when the last full check is old or this host does not know the file; else opened.
  const record = checkRecordOf(paths, from);
  const recent = fullCheckIsRecent(record, now, settings().fullCheckDays);
  const check = checkPublished(paths, from, !recent);
  // A file system that can clone (XFS, Btrfs, APFS) shares the blocks instead of copying 4.7 GB at
  // national size; DuckDB writes new blocks for what changes, so the published file is untouched.
  // Then the published and previous files share their unchanged blocks on disk: a bad sector there
  // damages both, and the archive of accepted files is what a rebuild starts from (README, Scale).
  await copyFile(paths.warehouse, paths.buildingWarehouse, constants.COPYFILE_FICLONE);
  if (!sameFile(from, paths.warehouse)) {
    // Replaced while it was copied (psm recover): the check was of another file than the copy.
    removeBuilding(paths);
    await check;
    throw new Error(`${paths.warehouse} was replaced while this run copied it. Nothing was ingested: run \`psm ingest\` again.`);
  }
  const db = await openWriter(paths.buildingWarehouse);
  startedFrom.set(db, { from, check, record, fullyCheckedAt: recent ? record!.fullyCheckedAt : now.toISOString(), now });
  return db;
}

/**
 * The published file's check: an error when the file this run copied is damaged (never rejects).
 * A file written to while it was checked (its mtime moved) may have been damaged after the copy was
 * made, so its verdict says nothing of the copy: the check of the finished file reads every block
 * the copy brought, and keepAsPrevious checks the changed file again before keeping it.
 */
async function checkPublished(paths: WorkspacePaths, from: FileId, scan = true): Promise<Error | null> {
  try {
    const published = await checkWarehouse(paths.warehouse, { scan });
    debugCheck('published warehouse', published);
    if (published.state === 'ok' || !sameFile(from, paths.warehouse)) return null;
    const detail = published.detail ?? 'missing';
    return new WarehouseDamagedError(`${damageMessage(paths.warehouse, detail)} Nothing was ingested.`, paths.warehouse, detail);
  } catch (err) {
    return err as Error;
  }
}

/**
 * Why a run failed: a damaged published warehouse explains any failure of a run that started from
 * it (a statement that reached the damaged block in the copy failed with DuckDB's own words).
 */
export async function startingPointFailure(db: Db, err: unknown): Promise<unknown> {
  const damaged = await startedFrom.get(db)?.check;
  return damaged ?? err;
}

export async function publish(paths: WorkspacePaths, db: Db): Promise<void> {
  const started = startedFrom.get(db);
  const damaged = await started?.check;
  if (damaged) throw damaged; // the caller abandons the run: nothing is published
  await db.conn.run('CHECKPOINT');
  db.close();
  // The row groups this run kept are those of the file it copied: only the others are read.
  const since = sameFile(started?.from, paths.warehouse) ? started?.record?.rowGroups : undefined;
  const built = await checkWarehouse(paths.buildingWarehouse, { since, map: true });
  debugCheck('new warehouse', built);
  if (built.state !== 'ok') {
    removeBuilding(paths);
    // A kept block may be what failed: a published file not read whole by this run is read now.
    if (since && started?.from) {
      const published = await checkPublished(paths, started.from);
      if (published) throw published;
    }
    throw new WarehouseDamagedError(
      damageMessage(paths.buildingWarehouse, built.detail ?? 'missing'),
      paths.buildingWarehouse,
      built.detail ?? '',
    );
  }
  if (existsSync(paths.warehouse)) await keepAsPrevious(paths, started?.from);
  renameSync(paths.buildingWarehouse, paths.warehouse);
  recordCheck(paths, since && started ? started.fullyCheckedAt : (started?.now ?? new Date()).toISOString(), built.rowGroups!);
}

/**
 * The current warehouse becomes "previous" only if it is known sound: the very file this run's
 * copy was checked from, or one that passes a check now. A damaged one is not kept, so the
 * previous warehouse stays the last good one and `psm recover` still has something to restore.
 */
async function keepAsPrevious(paths: WorkspacePaths, from: FileId | null | undefined): Promise<void> {
  if (!sameFile(from, paths.warehouse)) {
    const now = await checkWarehouse(paths.warehouse);
    if (now.state !== 'ok') {
      process.stderr.write(
        `psm: ${paths.warehouse} was damaged (${now.detail}); it is replaced by the new warehouse ` +
          `and not kept as ${paths.previousWarehouse}, which stays as it was.\n`,
      );
      return;
    }
  }
  // A hard link keeps the current file as "previous" without copying it.
  const tmp = `${paths.previousWarehouse}.tmp`;
  rmSync(tmp, { force: true });
  try {
    linkSync(paths.warehouse, tmp);
  } catch {
    copyFileSync(paths.warehouse, tmp); // file systems without hard links
  }
  renameSync(tmp, paths.previousWarehouse);
}

/** Abandons a writer session, leaving the published warehouse untouched. */
export function abandon(paths: WorkspacePaths, db: Db): void {
  try {
    db.close();
  } finally {
    removeBuilding(paths);
  }
}
