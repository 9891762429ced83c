// One pipeline run at a time per workspace, across processes (the cron daemon, a manual `psm run`,
// a second daemon started by mistake). The lock is a file, runs/psm.lock, created with O_EXCL so
// exactly one creator wins; it names its holder {hostname, pid, processStart, startedAt} so a lock
// left behind by a crash can be recognised and taken over instead of blocking the pipeline for ever.
//
// A pid alone does not name a process: after a crash the pid may be reused by any other program,
// and then "the pid is alive" kept a dead run's lock for maxAge (6 h). The holder's start time as
// the kernel records it does name one process, so a pid that is alive with another start time is a
// dead holder. Another host's processes cannot be seen at all: there only the lock's age can tell,
// and a date in the future (a clock ahead of ours) is measured from the lock file's own mtime, so it
// cannot block for ever; while it blocks, the caller is told what to do.
import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
  closeSync,
  fsyncSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { systemClock, type Clock } from './clock.ts';

export interface LockInfo {
  pid: number;
  hostname: string;
  startedAt: string;
  /** Distinguishes two holders with the same pid (two runs in one process, or a reused pid). */
  token: string;
  /** When the holder process started, as its OS records it (processStart); absent in older locks. */
  processStart?: string;
}

export interface LockOptions {
  clock?: Clock;
  /** A lock older than this is stale unless its holder is known to be alive: a hung run, a lost host. */
  maxAgeMs?: number;
  /** Real time to wait after a takeover before confirming it (see takeOver). */
  settleMs?: number;
  /** Takeovers, and what to do about a lock that blocks (default for the latter: stderr). */
  log?: (line: string) => void;
  /** Told who holds the lock when the answer is 'busy' (and, when there is one, what to do about it). */
  onBusy?: (holder: LockInfo | null, advice: string | null) => void;
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
/** Clocks of two machines sharing a drive disagree by seconds; more than this is a wrong clock. */
const CLOCK_SKEW_MS = 5 * 60_000;

export function readLock(path: string): LockInfo | null {
  try {
    const v = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockInfo>;
    if (typeof v.pid !== 'number' || typeof v.hostname !== 'string' || typeof v.startedAt !== 'string') return null;
    const info: LockInfo = { pid: v.pid, hostname: v.hostname, startedAt: v.startedAt, token: String(v.token ?? '') };
    if (typeof v.processStart === 'string') info.processStart = v.processStart;
    return info;
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

let bootId: string | undefined;

/**
 * When process `pid` started, as a string that differs between any two processes that ever had that
 * pid: on Linux the boot id plus /proc/<pid>/stat field 22 (start time in clock ticks since boot);
 * elsewhere `ps -o lstart=` (to the second). null when the OS will not say (no such process).
 */
export function processStart(pid: number): string | null {
  if (process.platform === 'linux') {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Field 2 (the command name) is in parentheses and may hold spaces or ')': count from the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = fields[22 - 3]; // fields[0] is field 3
      bootId ??= readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim().slice(0, 8);
      return ticks && /^\d+$/.test(ticks) ? `${bootId}:${ticks}` : null;
    } catch {
      return null;
    }
  }
  if (process.platform === 'win32') return null;
  try {
    const out = execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return out || null;
  } catch {
    return null;
  }
}

/** This process, as a lock names its holder. */
export function ownIdentity(): Pick<LockInfo, 'pid' | 'hostname' | 'processStart'> {
  const start = processStart(process.pid);
  return { pid: process.pid, hostname: hostname(), ...(start ? { processStart: start } : {}) };
}

/** Whether the process a lock (or a pin, or any record of a holder) names is still running here. */
export function holderRunning(h: Pick<LockInfo, 'pid' | 'hostname' | 'processStart'>): boolean | 'unknown' {
  if (h.hostname !== hostname()) return 'unknown';
  if (!pidAlive(h.pid)) return false;
  if (!h.processStart) return 'unknown';
  const now = processStart(h.pid);
  return now === null ? 'unknown' : now === h.processStart;
}

/** The verdict on a lock someone else holds: take it over (stale), or wait (with advice if waiting may not end by itself). */
export type LockVerdict = { stale: string } | { stale: null; advice: string | null };

const minutes = (ms: number) => `${Math.round(ms / 60_000)} min`;
const at = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';

export function judgeLock(path: string, info: LockInfo | null, now: Date, maxAgeMs = DEFAULT_LOCK_MAX_AGE_MS): LockVerdict {
  if (info === null) {
    // Written between O_EXCL create and the details landing, or torn by a crash in that instant.
    const mtime = mtimeOf(path);
    if (mtime === null) return { stale: 'lock vanished' };
    return now.getTime() - mtime > UNREADABLE_GRACE_MS ? { stale: 'lock file unreadable and not recent' } : { stale: null, advice: null };
  }
  const running = holderRunning(info);
  if (running === false) {
    return {
      stale: pidAlive(info.pid)
        ? `holder pid ${info.pid} is now another process (its start time differs): the holder has gone and its pid was reused`
        : `holder pid ${info.pid} is not running`,
    };
  }
  const started = Date.parse(info.startedAt);
  if (running === true) {
    // The holder itself, still running: never taken over (two writers would publish half the truth each).
    const long = now.getTime() - started > maxAgeMs;
    return {
      stale: null,
      advice: long
        ? `${path} has been held since ${info.startedAt} by pid ${info.pid}, which is still running: ` +
          `if that run is stuck, stop it (kill ${info.pid}) and the next run takes the lock over`
        : null,
    };
  }
  return judgeByAge(path, info, now, maxAgeMs, started);
}

/** A holder we cannot see (another host, or an older lock without a start time): only its age can tell. */
function judgeByAge(path: string, info: LockInfo, now: Date, maxAgeMs: number, started: number): LockVerdict {
  const elsewhere = info.hostname !== hostname();
  const who = `pid ${info.pid} on ${elsewhere ? `host ${info.hostname}` : 'this machine'}`;
  const ifNoRun = `if no psm run is going on ${elsewhere ? info.hostname : 'this machine'}, delete ${path}`;
  if (started <= now.getTime() + CLOCK_SKEW_MS) {
    if (now.getTime() - started > maxAgeMs) return { stale: `held since ${info.startedAt}, longer than ${minutes(maxAgeMs)}` };
    return {
      stale: null,
      advice: elsewhere
        ? `${path} is held by ${who} since ${info.startedAt}; psm cannot see processes on another machine: ` +
          `${ifNoRun}, otherwise it is taken over after ${at(started + maxAgeMs)}`
        : null,
    };
  }
  // Dated in the future (or not dated): the holder's clock is wrong, so age is counted from the file's mtime.
  const written = mtimeOf(path) ?? now.getTime();
  if (now.getTime() - written > maxAgeMs)
    return { stale: `dated ${info.startedAt}, in the future, and untouched for longer than ${minutes(maxAgeMs)}` };
  return {
    stale: null,
    advice:
      `${path} is held by ${who}, dated ${info.startedAt}, which is ahead of this machine's clock ` +
      `(${at(now.getTime())}): one of the two clocks is wrong. ${ifNoRun[0]!.toUpperCase()}${ifNoRun.slice(1)}, otherwise it is taken over after ${at(written + maxAgeMs)}`,
  };
}

function mtimeOf(path: string): number | null {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return null;
  }
}

function handleFor(path: string, info: LockInfo): LockHandle {
  return {
    path,
    info,
    release() {
      // Only remove our own lock: if we were taken over, the file is theirs now.
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

function createExclusive(path: string, info: LockInfo): LockHandle | null {
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
    return null;
  }
}

/** Takes the lock, or returns null if another live run holds it. */
export async function acquireLock(path: string, opts: LockOptions = {}): Promise<LockHandle | null> {
  const clock = opts.clock ?? systemClock;
  const info: LockInfo = { ...ownIdentity(), startedAt: clock.now().toISOString(), token: randomUUID() };
  mkdirSync(dirname(path), { recursive: true });
  const created = createExclusive(path, info);
  if (created) return created;
  const holder = readLock(path);
  const verdict = judgeLock(path, holder, clock.now(), opts.maxAgeMs ?? DEFAULT_LOCK_MAX_AGE_MS);
  if (verdict.stale === null) {
    // Waiting that may not end by itself is said, not done silently.
    if (verdict.advice) (opts.log ?? ((l: string) => void process.stderr.write(l + '\n')))(verdict.advice);
    opts.onBusy?.(holder, verdict.advice);
    return null;
  }
  opts.log?.(`schedule: taking over stale lock ${path} (${verdict.stale})`);
  const handle = await takeOver(path, info, opts.settleMs ?? 100);
  if (handle === null) opts.onBusy?.(readLock(path), null);
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

/** Who holds the lock at `path` and what becomes of it (for `psm status`); null when it is free. */
export function inspectLock(
  path: string,
  now = new Date(),
  maxAgeMs = DEFAULT_LOCK_MAX_AGE_MS,
): { holder: LockInfo | null; verdict: LockVerdict } | null {
  if (mtimeOf(path) === null) return null;
  const holder = readLock(path);
  return { holder, verdict: judgeLock(path, holder, now, maxAgeMs) };
}
