// One pipeline run at a time per workspace, across processes (the cron daemon, a manual `psm run`,
// a second daemon started by mistake). The lock is a file, runs/psm.lock, created with O_EXCL so
// exactly one creator wins; it names its holder {pid, hostname, startedAt} so a lock left behind by
// a crash can be recognised and taken over instead of blocking the pipeline for ever.
import { randomUUID } from 'node:crypto';
import { mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync, writeSync, closeSync, fsyncSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { systemClock, type Clock } from './clock.ts';

export interface LockInfo {
  pid: number;
  hostname: string;
  startedAt: string;
  /** Distinguishes two holders with the same pid (two runs in one process, or a reused pid). */
  token: string;
}

export interface LockOptions {
  clock?: Clock;
  /** A lock older than this is stale even if its pid looks alive: a hung run, or a reused pid. */
  maxAgeMs?: number;
  /** Real time to wait after a takeover before confirming it (see takeOver). */
  settleMs?: number;
  log?: (line: string) => void;
  /** Told who holds the lock when the answer is 'busy', so the caller can say so. */
  onBusy?: (holder: LockInfo | null) => void;
}

export interface LockHandle {
  path: string;
  info: LockInfo;
  release(): void;
}

/** Longer than any sane nightly run (ingest + packs take minutes), short enough to recover the same day. */
export const DEFAULT_LOCK_MAX_AGE_MS = 6 * 60 * 60 * 1000;
/** An empty or unreadable lock younger than this is a holder still writing its details. */
const UNREADABLE_GRACE_MS = 10_000;

export function readLock(path: string): LockInfo | null {
  try {
    const v = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockInfo>;
    if (typeof v.pid !== 'number' || typeof v.hostname !== 'string' || typeof v.startedAt !== 'string') return null;
    return { pid: v.pid, hostname: v.hostname, startedAt: v.startedAt, token: String(v.token ?? '') };
  } catch {
    return null;
  }
}

/** process.kill(pid, 0) sends nothing; it only asks whether the pid exists. EPERM means it does. */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** Why the lock at `path` may be taken over, or null if its holder must be presumed alive. */
function staleReason(path: string, info: LockInfo | null, now: Date, maxAgeMs: number): string | null {
  if (info === null) {
    // Written between O_EXCL create and the details landing, or torn by a crash in that instant.
    let mtime: number;
    try {
      mtime = statSync(path).mtimeMs;
    } catch {
      return 'lock vanished';
    }
    return now.getTime() - mtime > UNREADABLE_GRACE_MS ? 'lock file unreadable and not recent' : null;
  }
  // A pid means nothing on another machine (a workspace on a shared drive): only age can tell there.
  if (info.hostname === hostname() && !pidAlive(info.pid)) return `holder pid ${info.pid} is not running`;
  const age = now.getTime() - new Date(info.startedAt).getTime();
  if (!(age <= maxAgeMs)) return `held since ${info.startedAt}, longer than ${Math.round(maxAgeMs / 60_000)} min`;
  return null;
}

function handleFor(path: string, info: LockInfo): LockHandle {
  return {
    path,
    info,
    release() {
      // Only remove our own lock: if we were taken over (we ran past maxAge), the file is theirs now.
      if (readLock(path)?.token === info.token) unlinkSync(path);
    },
  };
}

/**
 * A stale lock is replaced by renaming a complete temp file over it: rename is atomic, so readers
 * see the old holder or the new one, never a half-written file. Two processes may both judge the
 * same lock stale and both rename; the last rename wins. Each then waits `settleMs` (far longer than
 * the few synchronous steps between judging and renaming) and re-reads: only the one whose token is
 * in the file proceeds, the other reports busy.
 */
async function takeOver(path: string, info: LockInfo, settleMs: number): Promise<LockHandle | null> {
  const tmp = `${path}.${info.pid}.${info.token}.tmp`;
  writeFileSync(tmp, JSON.stringify(info) + '\n');
  renameSync(tmp, path);
  // Real time, not the injected Clock: this waits for other real processes, which a fake clock can't.
  if (settleMs > 0) await new Promise((resolve) => setTimeout(resolve, settleMs));
  return readLock(path)?.token === info.token ? handleFor(path, info) : null;
}

/** Takes the lock, or returns null if another live run holds it. */
export async function acquireLock(path: string, opts: LockOptions = {}): Promise<LockHandle | null> {
  const clock = opts.clock ?? systemClock;
  const info: LockInfo = { pid: process.pid, hostname: hostname(), startedAt: clock.now().toISOString(), token: randomUUID() };
  mkdirSync(dirname(path), { recursive: true });
  try {
    const fd = openSync(path, 'wx');
    try {
      writeSync(fd, JSON.stringify(info) + '\n');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return handleFor(path, info);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  const holder = readLock(path);
  const reason = staleReason(path, holder, clock.now(), opts.maxAgeMs ?? DEFAULT_LOCK_MAX_AGE_MS);
  if (reason === null) {
    opts.onBusy?.(holder);
    return null;
  }
  opts.log?.(`schedule: taking over stale lock ${path} (${reason})`);
  const handle = await takeOver(path, info, opts.settleMs ?? 100);
  if (handle === null) opts.onBusy?.(readLock(path));
  return handle;
}

/** Runs fn holding the lock; 'busy' (fn not run) if another live process holds it. */
export async function withLock<T>(path: string, fn: () => Promise<T>, opts: LockOptions = {}): Promise<T | 'busy'> {
  const handle = await acquireLock(path, opts);
  if (handle === null) return 'busy';
  try {
    return await fn();
  } finally {
    handle.release();
  }
}
