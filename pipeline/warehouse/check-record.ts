// What this host knows of the published warehouse: when every block of it was last read, and where
// each table's row groups sit in it. A night's publish reads the blocks it wrote (integrity.ts,
// `since`: the row groups of the new file that are not in this record); the blocks it kept were
// read when they were written, and at the last full check. Every block is read again once that full
// check is PSM_FULL_CHECK_DAYS old, and whenever the published file is not the one the record names:
// it names the file by inode, size and modification time, so a file put back (psm recover), copied
// in or written to in place is read whole before a run builds on it.
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import type { WorkspacePaths } from '../config.ts';
import type { RowGroupMap, TableLayout } from './row-groups.ts';

/** Which file: a rename keeps it, a copy or a write in place makes another. */
export interface FileId {
  ino: number;
  size: number;
  mtimeMs: number;
}

export interface CheckRecord {
  file: FileId;
  /** ISO time of the last run that read every block of this file or of the one it was copied from. */
  fullyCheckedAt: string;
  rowGroups: RowGroupMap;
}

export const fileId = (path: string): FileId => {
  const s = statSync(path);
  return { ino: s.ino, size: s.size, mtimeMs: s.mtimeMs };
};

/**
 * Times within 10 µs: a time set again (utimes, a backup restored) comes back within a microsecond
 * or two, since Node carries it as a double of milliseconds or seconds.
 */
export const sameId = (a: FileId, b: FileId): boolean => a.ino === b.ino && a.size === b.size && Math.abs(a.mtimeMs - b.mtimeMs) < 0.01;

/** Is `path` (still) the file `a` names? */
export const sameFile = (a: FileId | null | undefined, path: string): boolean => Boolean(a && existsSync(path) && sameId(a, fileId(path)));

/** The record of the published file `id`, if this host has one for that very file. */
export function checkRecordOf(paths: WorkspacePaths, id: FileId): CheckRecord | null {
  try {
    // A torn or foreign file fails here or names no file this is: every block is read.
    const json = JSON.parse(readFileSync(paths.checkRecord, 'utf8')) as Omit<CheckRecord, 'rowGroups'> & {
      rowGroups: [string, TableLayout][];
    };
    // A record written before tables were stamped (8 Dec 2026) lacks their counts: read whole once.
    const current = json.rowGroups.every(([, t]) => Array.isArray(t.groups) && typeof t.storedRows === 'number');
    return current && sameId(json.file, id) ? { ...json, rowGroups: new Map(json.rowGroups) } : null;
  } catch {
    return null; // none yet, or torn: every block is read
  }
}

/** Whether the last full check is recent enough not to read every block again at `now`. */
export function fullCheckIsRecent(record: CheckRecord | null, now: Date, days: number): boolean {
  const age = record ? now.getTime() - Date.parse(record.fullyCheckedAt) : NaN;
  return age >= 0 && age < days * 86_400_000;
}

/** Records the published file as it is now (called after each publish). */
export function recordCheck(paths: WorkspacePaths, fullyCheckedAt: string, rowGroups: RowGroupMap): void {
  const record = { file: fileId(paths.warehouse), fullyCheckedAt, rowGroups: [...rowGroups] };
  const tmp = `${paths.checkRecord}.tmp`;
  writeFileSync(tmp, JSON.stringify(record) + '\n');
  renameSync(tmp, paths.checkRecord);
}
