// Atomic publish. The writer works on a private copy (psm.building.duckdb); when a run completes it
// CHECKPOINTs, closes, keeps the current warehouse as psm.previous.duckdb and renames the building
// copy over psm.duckdb. rename(2) is atomic, so a reader sees the old file or the new one, never
// half a run — and a kill -9 at any moment leaves the published warehouse as it was.
import { copyFileSync, existsSync, linkSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import type { WorkspacePaths } from '../config.ts';
import { openWriter, type Db } from './duckdb.ts';

/** Starts a writer session on a fresh copy of the published warehouse (or an empty one). */
export async function beginBuilding(paths: WorkspacePaths): Promise<Db> {
  mkdirSync(paths.warehouseDir, { recursive: true });
  // Leftovers of a run that was killed: never trusted, always rebuilt from the published file.
  for (const p of [paths.buildingWarehouse, `${paths.buildingWarehouse}.wal`]) rmSync(p, { force: true });
  if (existsSync(paths.warehouse)) copyFileSync(paths.warehouse, paths.buildingWarehouse);
  return openWriter(paths.buildingWarehouse);
}

export async function publish(paths: WorkspacePaths, db: Db): Promise<void> {
  await db.conn.run('CHECKPOINT');
  db.close();
  if (existsSync(paths.warehouse)) {
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
  renameSync(paths.buildingWarehouse, paths.warehouse);
}

/** Abandons a writer session, leaving the published warehouse untouched. */
export function abandon(paths: WorkspacePaths, db: Db): void {
  try {
    db.close();
  } finally {
    for (const p of [paths.buildingWarehouse, `${paths.buildingWarehouse}.wal`]) rmSync(p, { force: true });
  }
}
