// The audience gate, through the real CLI in child processes: an analyst build (psm-build.json
// says so) is never put on a network address without --allow-analyst-build, is served on loopback
// with a warning, and a site with no record is served with a warning. `psm start` the same, run
// with the workspace lock held by this process so it skips its cycle and serves what is built.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, workspacePaths, type WorkspacePaths } from '../../pipeline/config.ts';
import { acquireLock, type LockHandle } from '../../pipeline/schedule/lock.ts';
import { isLoopbackHost } from '../../pipeline/share/audience.ts';
import { buildRecordPath, readBuildRecord, writeBuildRecord, type BuildRecord } from '../../pipeline/site/build-record.ts';

let root: string;
let paths: WorkspacePaths;
const children: ChildProcess[] = [];

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'psm-audience-'));
  paths = workspacePaths(root);
  mkdirSync(paths.site, { recursive: true });
  writeFileSync(join(paths.site, 'index.html'), '<h1>Overview</h1>');
});

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

const record = (audience: BuildRecord['audience'] | null) => {
  rmSync(buildRecordPath(paths.site), { force: true });
  if (audience) writeBuildRecord(paths.site, { audience, builtAt: '2023-11-01T09:00:00.000Z' });
};

interface Run {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exit: Promise<number | null>;
}

function psm(args: string[]): Run {
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'psm.js'), ...args, '--workspace', root], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (out += s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (err += s));
  return { child, out: () => out, err: () => err, exit: new Promise((resolve) => child.on('exit', resolve)) };
}

/** Waits for a serving command's address (its port, asked for as 0, chosen by the system). */
async function listening(run: Run): Promise<string> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const port = /https?:\/\/[^\s"]*?:(\d+)\//.exec(run.out())?.[1];
    if (port) return `http://127.0.0.1:${port}/`;
    if (run.child.exitCode !== null || Date.now() > deadline) throw new Error(`not serving:\n${run.out()}\n${run.err()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The exit code, or a failure (rather than a test timeout) if the command is still running after 15 s. */
async function exitCode(run: Run): Promise<number | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(`still running: ${run.out()} ${run.err()}`)), 15_000)),
  );
  try {
    return await Promise.race([run.exit, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The child's log arrives through a pipe, a moment after the answer it logged for. */
async function logged(run: Run, text: string): Promise<string> {
  const deadline = Date.now() + 5_000;
  while (!run.err().includes(text) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return run.err();
}

async function stop(run: Run): Promise<number | null> {
  run.child.kill('SIGTERM');
  return run.exit;
}

describe('isLoopbackHost', () => {
  it('knows loopback from a network address', () => {
    for (const h of ['127.0.0.1', '127.8.9.10', '::1', '[::1]', '0:0:0:0:0:0:0:1', 'localhost', 'LOCALHOST', '::ffff:127.0.0.1'])
      expect(isLoopbackHost(h), h).toBe(true);
    for (const h of [
      '0.0.0.0',
      '::',
      '10.0.0.5',
      '192.0.2.1',
      '128.0.0.1',
      '::2',
      '::ffff:10.0.0.1',
      'psm.example.opcc',
      '127.1',
      'localhost.example',
    ]) {
      expect(isLoopbackHost(h), h).toBe(false);
    }
  });
});

describe('the build record', () => {
  it('is written whole and read back; a malformed one is an error, not "unknown"', () => {
    record('analyst');
    expect(readBuildRecord(paths.site)).toEqual({ audience: 'analyst', builtAt: '2023-11-01T09:00:00.000Z' });
    writeFileSync(buildRecordPath(paths.site), '{"audience":"everyone"}');
    expect(() => readBuildRecord(paths.site)).toThrow(/audience/);
    rmSync(buildRecordPath(paths.site));
    expect(readBuildRecord(paths.site)).toBeNull();
    expect(() => writeBuildRecord(paths.site, { audience: 'public' as 'panel', builtAt: 'x' })).toThrow();
  });
});

describe('psm serve', () => {
  it('refuses an analyst build on a network address, naming the audience and the override', async () => {
    record('analyst');
    // 192.0.2.1 is not this machine's: refused before any attempt to listen, or it would fail otherwise.
    for (const host of ['0.0.0.0', '192.0.2.1']) {
      const run = psm(['serve', '--host', host, '--port', '0', '--json']);
      expect(await exitCode(run), run.err()).toBe(1);
      expect(run.out()).toBe('');
      expect(run.err()).toMatch(
        new RegExp(
          `refusing to serve .* on ${host.replace(/\./g, '\\.')}, which is not a loopback address: its build record says audience "analyst"`,
        ),
      );
      expect(run.err()).toContain('--allow-analyst-build');
    }
    writeFileSync(buildRecordPath(paths.site), 'not json');
    const run = psm(['serve', '--host', '0.0.0.0', '--port', '0']);
    expect(await exitCode(run)).toBe(1);
    expect(run.err()).toContain('treated as an analyst build');
  });

  it('serves an analyst build on loopback, or with --allow-analyst-build, with a warning', async () => {
    record('analyst');
    for (const args of [
      ['--host', '127.0.0.1'],
      ['--host', '0.0.0.0', '--allow-analyst-build'],
    ]) {
      const run = psm(['serve', ...args, '--port', '0', '--json']);
      const url = await listening(run);
      expect((await fetch(url)).status, args.join(' ')).toBe(200);
      expect(await logged(run, 'warning')).toMatch(/^psm serve: warning: serving an analyst build on /m);
      expect(await stop(run)).toBe(0);
    }
  });

  it('serves a site with no record, warning that its audience is unknown', async () => {
    record(null);
    const run = psm(['serve', '--port', '0', '--json']);
    expect((await fetch(await listening(run))).status).toBe(200);
    expect(await logged(run, 'warning: ')).toContain('has no build record (psm-build.json), so its audience is unknown');
    expect(await stop(run)).toBe(0);
  });

  it('withholds the site at once when an analyst build replaces a panel one under it', async () => {
    record('panel');
    const run = psm(['serve', '--host', '0.0.0.0', '--port', '0', '--json']);
    const url = await listening(run);
    expect((await fetch(url)).status).toBe(200);
    expect(run.err()).not.toContain('warning');
    record('analyst');
    const withheld = await fetch(url);
    expect(withheld.status).toBe(503);
    expect(await withheld.text()).not.toContain('Overview');
    expect(await logged(run, 'refusing')).toContain('psm serve: refusing to serve');
    record('panel');
    expect((await fetch(url)).status).toBe(200);
    expect(await stop(run)).toBe(0);
  });
});

describe('psm start', () => {
  let lock: LockHandle | null;
  beforeAll(async () => {
    mkdirSync(join(paths.warehouse, '..'), { recursive: true });
    writeFileSync(paths.warehouse, ''); // "already ingested": no demo data is made
    lock = await acquireLock(paths.lock); // "another run holds the lock": the cycle is skipped
    expect(lock).not.toBeNull();
  });
  afterAll(() => lock?.release());

  it('refuses an analyst build on a network address, and serves it on loopback with a warning', async () => {
    record('analyst');
    const refused = psm(['start', '--host', '0.0.0.0', '--port', '0']);
    expect(await exitCode(refused), refused.err()).toBe(1);
    expect(refused.err()).toMatch(/psm start: refusing to serve .* on 0\.0\.0\.0.*audience "analyst"/);
    expect(refused.err()).toContain('--allow-analyst-build');
    expect(refused.out()).not.toContain('Dashboards:');

    const run = psm(['start', '--port', '0']);
    const url = await listening(run);
    expect((await fetch(url)).status).toBe(200);
    expect(await logged(run, 'warning')).toMatch(/^psm start: warning: serving an analyst build on 127\.0\.0\.1/m);
    await stop(run);
  });
});
