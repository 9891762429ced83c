// The lock's holder is a process, not a pid: host, pid and the start time the kernel records for it.
// Real processes: a sleeping child is a live pid; a lock naming it with another start time is what
// a crashed run leaves when its pid has been handed to some other program since. Each case here
// was wrong before: a reused pid blocked for 6 hours, a live hung holder was taken over after 6
// hours (two writers), and a lock from another host dated in the future blocked for ever, silently.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../../pipeline/config.ts';
import { FakeClock } from '../../pipeline/schedule/clock.ts';
import { acquireLock, inspectLock, processStart, readLock, withLock, type LockInfo } from '../../pipeline/schedule/lock.ts';

const linux = process.platform === 'linux';

function lockPath(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'psm-lockid-')), 'runs');
  mkdirSync(dir, { recursive: true });
  return join(dir, 'psm.lock');
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

/** A live process that is not us, and its pid. */
function liveChild(): number {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
  children.push(child);
  return child.pid!;
}

const write = (path: string, info: LockInfo) => writeFileSync(path, JSON.stringify(info));
const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();

describe.runIf(linux)('a lock names its holder by host, pid and process start time', () => {
  it('records our start time, which differs between two processes and is stable for one', async () => {
    const path = lockPath();
    const held = await acquireLock(path);
    expect(held!.info.processStart).toMatch(/^[0-9a-f]{8}:\d+$/);
    expect(readLock(path)).toEqual(held!.info);
    held!.release();
    const pid = liveChild();
    expect(processStart(pid)).not.toBe(processStart(process.pid));
    expect(processStart(pid)).toBe(processStart(pid));
    expect(processStart(2 ** 22 + 12345)).toBeNull(); // beyond pid_max: no such process
  });

  it('takes over at once a lock whose pid is alive but is another process (a reused pid)', async () => {
    const path = lockPath();
    const pid = liveChild();
    // The crashed holder had this pid, but started at another moment: the pid now belongs to someone else.
    write(path, {
      pid,
      hostname: hostname(),
      startedAt: new Date().toISOString(),
      token: 'crashed',
      processStart: `${processStart(pid)!.split(':')[0]}:1`,
    });
    const logs: string[] = [];
    expect(await withLock(path, async () => 'ran', { log: (l) => logs.push(l), settleMs: 0 })).toBe('ran');
    expect(logs).toEqual([
      `schedule: taking over stale lock ${path} (holder pid ${pid} is now another process (its start time differs): the holder has gone and its pid was reused)`,
    ]);
  });

  it('never takes over its live holder, however long it has held the lock, and says what to do', async () => {
    const path = lockPath();
    const pid = liveChild();
    const holder: LockInfo = { pid, hostname: hostname(), startedAt: hoursAgo(7), token: 'hung', processStart: processStart(pid)! };
    write(path, holder);
    const logs: string[] = [];
    let advice: string | null = null;
    const r = await withLock(path, async () => 'ran', { log: (l) => logs.push(l), onBusy: (_h, a) => void (advice = a) });
    expect(r).toBe('busy');
    expect(advice).toBe(
      `${path} has been held since ${holder.startedAt} by pid ${pid}, which is still running: if that run is stuck, stop it (kill ${pid}) and the next run takes the lock over`,
    );
    expect(logs).toEqual([advice]);
    expect(readLock(path)).toEqual(holder);
  });
});

describe('a lock from another host', () => {
  it('is waited on within its age, with what to do', async () => {
    const path = lockPath();
    write(path, { pid: 4242, hostname: 'other-host', startedAt: '2023-11-16T03:30:00.000Z', token: 't' });
    let advice: string | null = null;
    const r = await withLock(path, async () => 'ran', {
      clock: new FakeClock('2023-11-16T04:00:00Z'),
      log: () => {},
      onBusy: (_h, a) => void (advice = a),
    });
    expect(r).toBe('busy');
    expect(advice).toBe(
      `${path} is held by pid 4242 on host other-host since 2023-11-16T03:30:00.000Z; psm cannot see processes on another machine: ` +
        `if no psm run is going on other-host, delete ${path}, otherwise it is taken over after 2023-11-16 09:30 UTC`,
    );
  });

  it('dated in the future is reported, and taken over once its file has been untouched for the maximum age', async () => {
    const path = lockPath();
    const future = new Date(Date.now() + 30 * 24 * 3600_000).toISOString(); // a clock a month fast
    write(path, { pid: 4242, hostname: 'other-host', startedAt: future, token: 'fast-clock' });
    let advice: string | null = null;
    expect(await withLock(path, async () => 'ran', { log: () => {}, onBusy: (_h, a) => void (advice = a) })).toBe('busy');
    expect(advice).toContain(`dated ${future}, which is ahead of this machine's clock`);
    expect(advice).toContain(`If no psm run is going on other-host, delete ${path}`);
    // Before, this waited for ever: the age of a lock from the future never grows past the maximum.
    const sevenHoursAgo = new Date(Date.now() - 7 * 3600_000);
    utimesSync(path, sevenHoursAgo, sevenHoursAgo);
    const logs: string[] = [];
    expect(await withLock(path, async () => 'ran', { log: (l) => logs.push(l), settleMs: 0 })).toBe('ran');
    expect(logs[0]).toContain('in the future, and untouched for longer than 360 min');
  });

  it('is described by inspectLock for psm status', () => {
    const path = lockPath();
    expect(inspectLock(path)).toBeNull();
    write(path, { pid: 4242, hostname: 'other-host', startedAt: hoursAgo(1), token: 't' });
    const seen = inspectLock(path)!;
    expect(seen.holder).toMatchObject({ hostname: 'other-host' });
    expect(seen.verdict).toMatchObject({ stale: null, advice: expect.stringContaining('psm cannot see processes on another machine') });
  });
});

describe.runIf(linux)('psm ingest with a lock left behind (the real CLI)', () => {
  const psm = (root: string) =>
    spawnSync(process.execPath, [join(repoRoot, 'bin/psm.js'), 'ingest', '--workspace', root], { encoding: 'utf8', timeout: 60_000 });

  it('runs when the lock names a reused pid, and says what to do when it names another host', () => {
    const root = mkdtempSync(join(tmpdir(), 'psm-lockid-ws-'));
    mkdirSync(join(root, 'inbox'), { recursive: true });
    const path = join(root, 'runs', 'psm.lock');
    mkdirSync(join(root, 'runs'));
    const pid = liveChild();
    write(path, {
      pid,
      hostname: hostname(),
      startedAt: new Date().toISOString(),
      token: 'crashed',
      processStart: `${processStart(pid)!.split(':')[0]}:1`,
    });
    expect(psm(root).status).toBe(0);
    write(path, { pid: 4242, hostname: 'other-host', startedAt: new Date(Date.now() + 3600_000 * 24).toISOString(), token: 'fast' });
    const busy = psm(root);
    expect(busy.status).toBe(3);
    expect(busy.stderr).toContain("which is ahead of this machine's clock");
    expect(busy.stderr).toContain(`delete ${path}`);
  });
});
