// One warehouse per run. A publish renames a new file over psm.duckdb at any moment, so a run that
// opens "psm.duckdb" twice (each dashboard loader is its own process; psm metrics hashed the file
// after computing from it) may read two publishes: an Overview of 4,798 beside a VAWG page of 5,098,
// or one warehouse's values under the next one's SHA-256. A pin is a hard link to the published file
// made once at the start of the run, under warehouse/readers/: the same inode, so a later rename
// over psm.duckdb does not change what the pin names, and nothing ever writes to a published
// inode (the writer works on its own copy). Every reader of the run opens the pin (the build passes
// it to its loaders as PSM_WAREHOUSE) and the provenance hash is taken from the same file.
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, createReadStream, existsSync, linkSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { WorkspacePaths } from '../config.ts';
import { holderRunning, ownIdentity } from '../schedule/lock.ts';
import { missingMessage } from './damage.ts';
import { openReadOnly, type Db } from './duckdb.ts';
import { settings } from '../settings.ts';

export interface PinnedWarehouse {
  /** The file every reader of this run opens. */
  path: string;
  /** The published path it was pinned from. */
  published: string;
  bytes: number;
  modifiedAt: string;
  /** SHA-256 of the pinned file (computed once, on first ask). */
  sha256(): Promise<string>;
  /** Removes the pin (the published file is untouched). Safe to call twice. */
  release(): void;
}

/** The environment variable through which a build hands its pin to the loaders it spawns. */
export const PINNED_WAREHOUSE_ENV = 'PSM_WAREHOUSE';

export const readersDir = (paths: WorkspacePaths): string => join(paths.warehouseDir, 'readers');

/** A pin's name says whose it is, so one left by a crashed run can be recognised and removed. */
function pinName(): string {
  const me = ownIdentity();
  return (
    [me.hostname, String(me.pid), me.processStart ?? '-', String(Date.now()), randomBytes(4).toString('hex')]
      .map(encodeURIComponent)
      .join('+') + '.duckdb'
  );
}

const DAY_MS = 24 * 3600_000;

/** Removes pins whose run has ended (a crash leaves them; each holds a whole old warehouse on disk). */
export function sweepPins(dir: string, now = Date.now()): string[] {
  if (!existsSync(dir)) return [];
  const removed: string[] = [];
  for (const name of readdirSync(dir)) {
    const parts = name
      .replace(/\.duckdb(\.wal)?$/, '')
      .split('+')
      .map(decodeURIComponent);
    if (parts.length !== 5) continue;
    const [host, pid, start, created] = parts as [string, string, string, string];
    const running = holderRunning({ hostname: host, pid: Number(pid), ...(start !== '-' ? { processStart: start } : {}) });
    // Another host's run cannot be seen: its pin goes after a day, far longer than any build or pack.
    const gone = running === false || (running === 'unknown' && host !== hostname() && now - Number(created) > DAY_MS);
    if (gone) {
      rmSync(join(dir, name), { force: true });
      removed.push(name);
    }
  }
  return removed;
}

export function sha256OfFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(path)
      .on('data', (c) => h.update(c))
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex')));
  });
}

/** Pins the published warehouse for this run. Throws the plain "missing" message if there is none. */
export function pinWarehouse(paths: WorkspacePaths): PinnedWarehouse {
  if (!existsSync(paths.warehouse)) throw new Error(missingMessage(paths.warehouse));
  const dir = readersDir(paths);
  mkdirSync(dir, { recursive: true });
  sweepPins(dir);
  const path = join(dir, pinName());
  try {
    linkSync(paths.warehouse, path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(missingMessage(paths.warehouse)); // gone between the check and the link
    copyFileSync(paths.warehouse, path); // a file system without hard links: a copy is as stable, only dearer
  }
  const stat = statSync(path);
  let hash: Promise<string> | undefined;
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    rmSync(path, { force: true });
  };
  process.on('exit', release); // a run that ends by process.exit still leaves nothing behind
  return {
    path,
    published: paths.warehouse,
    bytes: stat.size,
    modifiedAt: stat.mtime.toISOString(),
    sha256: () => (hash ??= sha256OfFile(path)),
    release,
  };
}

/** Where a reader should read: the pin its run was given, else the published file (a loader run by hand). */
export function readerWarehouse(paths: WorkspacePaths, pinned: string | null = settings().pinnedWarehouse): string {
  return pinned ?? paths.warehouse;
}

/** The published warehouse pinned and opened READ_ONLY: one file for the values and for their hash. */
export async function openPinned(paths: WorkspacePaths): Promise<{ db: Db; pin: PinnedWarehouse; close(): void }> {
  const pin = pinWarehouse(paths);
  try {
    const db = await openReadOnly(pin.path);
    return {
      db,
      pin,
      close: () => {
        db.close();
        pin.release();
      },
    };
  } catch (err) {
    pin.release();
    throw err;
  }
}
