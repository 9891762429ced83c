// The workspace lock with real files in a temp dir. A dead pid comes from a child process that has
// really exited; a live one is this test process itself.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../pipeline/schedule/clock.ts';
import { acquireLock, pidAlive, readLock, withLock, type LockInfo } from '../../pipeline/schedule/lock.ts';

function lockPath(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'psm-lock-')), 'runs');
  mkdirSync(dir, { recursive: true });
  return join(dir, 'psm.lock');
}

function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  const pid = child.pid!;
  expect(pidAlive(pid)).toBe(false);
  return pid;
}

const writeLock = (path: string, info: LockInfo) => writeFileSync(path, JSON.stringify(info));

describe('withLock', () => {
  it('creates the lock with our details, runs fn, removes the lock', async () => {
    const path = lockPath();
    const seen = await withLock(path, async () => readLock(path));
    expect(seen).toMatchObject({ pid: process.pid, hostname: hostname() });
    expect(existsSync(path)).toBe(false);
  });

  it('returns busy without running fn while a live process holds it', async () => {
    const path = lockPath();
    const holder: LockInfo = { pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString(), token: 'other-run' };
    writeLock(path, holder);
    let ran = false;
    let told: LockInfo | null = null;
    const result = await withLock(
      path,
      async () => {
        ran = true;
      },
      {
        onBusy: (h) => {
          told = h;
        },
      },
    );
    expect(result).toBe('busy');
    expect(ran).toBe(false);
    expect(told).toEqual(holder);
    expect(readLock(path)).toEqual(holder); // untouched
  });

  it('releases the lock when fn throws', async () => {
    const path = lockPath();
    await expect(
      withLock(path, async () => {
        throw new Error('job blew up');
      }),
    ).rejects.toThrow('job blew up');
    expect(existsSync(path)).toBe(false);
  });

  it('recovers a stale lock left by a dead pid', async () => {
    const path = lockPath();
    const pid = deadPid();
    writeLock(path, { pid, hostname: hostname(), startedAt: new Date().toISOString(), token: 'crashed-run' });
    const logs: string[] = [];
    const seen = await withLock(path, async () => readLock(path), { log: (l) => logs.push(l), settleMs: 20 });
    expect(seen).toMatchObject({ pid: process.pid });
    expect(logs).toEqual([`schedule: taking over stale lock ${path} (holder pid ${pid} is not running)`]);
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(dirname(path))).toEqual([]); // the takeover's temp file was renamed, not left behind
  });

  it('takes over a live holder only after maxAge', async () => {
    const path = lockPath();
    writeLock(path, { pid: process.pid, hostname: hostname(), startedAt: '2023-11-16T03:30:00.000Z', token: 'hung-run' });
    const opts = { maxAgeMs: 6 * 3600_000, settleMs: 0 };
    // 5 h 59 min later: still presumed working.
    expect(await withLock(path, async () => 'ran', { ...opts, clock: new FakeClock('2023-11-16T09:29:00Z') })).toBe('busy');
    // 6 h 1 min later: presumed hung.
    expect(await withLock(path, async () => 'ran', { ...opts, clock: new FakeClock('2023-11-16T09:31:00Z') })).toBe('ran');
  });

  it('trusts only age for a holder on another host', async () => {
    const path = lockPath();
    // Our dead pid means nothing on another machine sharing the workspace.
    writeLock(path, { pid: deadPid(), hostname: 'other-host', startedAt: '2023-11-16T03:30:00.000Z', token: 't' });
    expect(await withLock(path, async () => 'ran', { clock: new FakeClock('2023-11-16T04:00:00Z') })).toBe('busy');
    expect(await withLock(path, async () => 'ran', { clock: new FakeClock('2023-11-16T10:00:00Z'), settleMs: 0 })).toBe('ran');
  });

  it('waits on an unreadable lock while it is fresh, takes it over when it is not', async () => {
    const path = lockPath();
    writeFileSync(path, ''); // created with O_EXCL, details not yet written (or torn by a crash)
    expect(await withLock(path, async () => 'ran')).toBe('busy');
    const oneMinuteAgo = new Date(Date.now() - 60_000);
    utimesSync(path, oneMinuteAgo, oneMinuteAgo);
    expect(await withLock(path, async () => 'ran', { settleMs: 0 })).toBe('ran');
  });

  it('keeps two runs in one process apart too', async () => {
    const path = lockPath();
    const first = await acquireLock(path);
    expect(first).not.toBeNull();
    expect(await withLock(path, async () => 'ran')).toBe('busy');
    first!.release();
    expect(await withLock(path, async () => 'ran')).toBe('ran');
  });

  it('does not delete a lock that was taken over from it', async () => {
    const path = lockPath();
    const mine = await acquireLock(path);
    const theirs: LockInfo = { pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString(), token: 'successor' };
    writeLock(path, theirs);
    mine!.release();
    expect(readLock(path)).toEqual(theirs);
  });
});
