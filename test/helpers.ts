// Shared test helpers: a throwaway workspace on disk, and read-only queries of its warehouse.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject, vi } from 'vitest';
import { repoRoot, workspacePaths, type WorkspacePaths } from '../pipeline/config.ts';
import { openReadOnly, queryRows } from '../pipeline/warehouse/duckdb.ts';
import type { RunRecord } from '../pipeline/schedule/run-ledger.ts';

export const fixtures = join(import.meta.dirname, 'fixtures');

/** A run the ledger records as done at `occurrence`, at the first attempt. */
export const okRun = (job: string, occurrence: string): RunRecord => ({
  job,
  occurrence,
  startedAt: occurrence,
  finishedAt: occurrence,
  status: 'ok',
  attempts: 1,
});

/** A fresh workspace folder; `files` (fixture-relative) are copied into its inbox. */
export function tempWorkspace(files: string[] = [], mapping?: string): WorkspacePaths {
  const root = mkdtempSync(join(tmpdir(), 'psm-test-'));
  const paths = workspacePaths(root);
  mkdirSync(paths.inbox, { recursive: true });
  for (const f of files) cpSync(join(fixtures, f), join(paths.inbox, f.split('/').pop()!));
  if (mapping) cpSync(join(fixtures, mapping), join(root, 'force-mapping.json'));
  return workspacePaths(root); // re-read so the workspace's own mapping is picked up
}

export async function query<T = Record<string, unknown>>(warehouse: string, sql: string): Promise<T[]> {
  const db = await openReadOnly(warehouse);
  try {
    return await queryRows<T>(db.conn, sql);
  } finally {
    db.close();
  }
}

/**
 * The demo force as a user gets it: `psm demo-data` then `psm ingest` through the CLI into a fresh
 * workspace (demo-data also copies the two demo meetings into its reports/), once per test run and
 * copied for each caller. `reuseEnv` names an environment variable that may point at an
 * already-ingested workspace, to iterate without the half-minute of setup.
 */
export function ingestedDemoWorkspace(prefix: string, reuseEnv?: string): WorkspacePaths {
  const given = reuseEnv ? process.env[reuseEnv] : undefined;
  if (given) {
    const paths = workspacePaths(given);
    if (!existsSync(paths.warehouse)) throw new Error(`${reuseEnv}=${given} has no warehouse: ingest it first`);
    return paths;
  }
  const root = mkdtempSync(join(tmpdir(), prefix));
  const seed = demoSeed();
  const from = workspacePaths(seed);
  const to = workspacePaths(root);
  // The seed's warehouse copied (a suite may publish its own), the immutable archive and inbox linked.
  mkdirSync(to.warehouseDir, { recursive: true });
  copyFileSync(from.warehouse, to.warehouse);
  for (const dir of ['archive', 'inbox'] as const) linkTree(from[dir], to[dir]);
  cpSync(from.reports, to.reports, { recursive: true });
  return workspacePaths(root);
}

/**
 * The run's ingested demo (path from test/global-setup.ts): the first suite to ask makes it, the
 * others wait for its "ready" marker. Outside a vitest run with the setup, a fresh one each time.
 */
function demoSeed(): string {
  let injected: string | undefined;
  try {
    injected = inject('demoSeed');
  } catch {
    injected = undefined; // not under the run's global setup
  }
  const seed = injected ?? join(mkdtempSync(join(tmpdir(), 'psm-demo-')), 'seed');
  const [ready, failed] = [join(seed, '.ready'), join(seed, '.failed')];
  let mine = true;
  try {
    mkdirSync(seed);
  } catch {
    mine = false; // another suite is making it
  }
  if (mine) {
    const psm = (args: string[]) =>
      execFileSync(process.execPath, [join(repoRoot, 'bin', 'psm.js'), ...args], {
        stdio: ['ignore', 'ignore', 'pipe'],
        maxBuffer: 64 << 20,
      });
    try {
      psm(['demo-data', '--workspace', seed]);
      psm(['ingest', '--workspace', seed]);
    } catch (err) {
      writeFileSync(failed, String(err));
      throw err;
    }
    writeFileSync(ready, '');
  }
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  for (let waited = 0; !existsSync(ready); waited += 200) {
    if (existsSync(failed)) throw new Error(`the demo seed could not be made: ${readFileSync(failed, 'utf8')}`);
    if (waited > 600_000) throw new Error(`the demo seed ${seed} was not ready after 10 minutes`);
    Atomics.wait(sleeper, 0, 0, 200);
  }
  return seed;
}

/** Hard links of every file of a folder (copies where the file system cannot link). */
function linkTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const e of readdirSync(from, { withFileTypes: true })) {
    if (e.isDirectory()) linkTree(join(from, e.name), join(to, e.name));
    else {
      try {
        linkSync(join(from, e.name), join(to, e.name));
      } catch {
        copyFileSync(join(from, e.name), join(to, e.name));
      }
    }
  }
}

/** Runs a command module as the CLI would, in this process: its exit code and what it wrote to stdout (stderr is hushed). */
export async function runCli(
  run: (argv: string[]) => Promise<number>,
  root: string,
  argv: string[],
): Promise<{ code: number; out: string }> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  const quiet = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    return { code: await run([...argv, '--workspace', root]), out };
  } finally {
    spy.mockRestore();
    quiet.mockRestore();
  }
}

/** `psm preview <meeting> --json` on a free-ish port: the child and the URL it says it serves. */
export async function startPreview(root: string, meeting: string): Promise<{ child: ChildProcess; url: string }> {
  const port = 4100 + Math.floor(Math.random() * 800);
  const child = spawn(
    process.execPath,
    [join(repoRoot, 'bin/psm.js'), 'preview', meeting, '--port', String(port), '--workspace', root, '--json'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (s: string) => {
      out += s;
      const m = out.match(/"url": "([^"]+)"/);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`psm preview exited ${code}`)));
  });
  return { child, url };
}
