// Two real processes contend for one workspace: each is `node --import tsx` running a small script
// (written to the temp dir) that calls the real runDue / withLock. A ready/go file barrier releases
// both within a few milliseconds of each other, so they genuinely race for the lock.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readRunLedger } from '../../pipeline/schedule/run-ledger.ts';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const mod = (name: string) => pathToFileURL(join(repo, 'pipeline/schedule', name)).href;

// Child: wait for the barrier, then either a full runDue (ingest holds the lock 1.5 s) or a bare
// withLock; print {name, status} on stdout.
const childScript = `
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { runDue } from '${mod('scheduler.ts')}';
import { withLock } from '${mod('lock.ts')}';
import { systemClock } from '${mod('clock.ts')}';
const [dir, name, mode] = process.argv.slice(2);
const pause = (ms) => new Promise((r) => setTimeout(r, ms));
const work = async () => {
  appendFileSync(dir + '/trace', 'start ' + name + '\\n');
  await pause(1500);
  appendFileSync(dir + '/trace', 'end ' + name + '\\n');
};
writeFileSync(dir + '/ready-' + name, '');
while (!existsSync(dir + '/go')) await pause(2);
let status;
if (mode === 'runDue') {
  const r = await runDue(systemClock.now(), {
    clock: systemClock, ledgerPath: dir + '/runs/runs.jsonl', lockPath: dir + '/runs/psm.lock',
    nightlyAt: { hour: 3, minute: 30 }, meetings: () => [], ingest: work, pack: async () => {}, log: () => {},
  });
  status = r.status;
} else {
  const r = await withLock(dir + '/runs/psm.lock', async () => { await work(); return 'ran'; });
  status = r;
}
process.stdout.write(JSON.stringify({ name, status }) + '\\n');
`;

function runChild(dir: string, name: string, mode: string): Promise<{ name: string; status: string }> {
  return new Promise((ok, fail) => {
    // cwd = repo so `--import tsx` resolves from the project's node_modules.
    const child = spawn(process.execPath, ['--import', 'tsx', join(dir, 'child.mjs'), dir, name, mode], { cwd: repo });
    let out = '';
    let err = '';
    child.stdout.on('data', (b) => (out += b));
    child.stderr.on('data', (b) => (err += b));
    child.on('exit', (code) => (code === 0 ? ok(JSON.parse(out)) : fail(new Error(`child ${name} exited ${code}: ${err}`))));
  });
}

async function race(mode: 'runDue' | 'withLock', prepare?: (dir: string) => void) {
  const dir = mkdtempSync(join(tmpdir(), 'psm-race-'));
  writeFileSync(join(dir, 'child.mjs'), childScript);
  prepare?.(dir);
  const children = [runChild(dir, 'a', mode), runChild(dir, 'b', mode)];
  while (!existsSync(join(dir, 'ready-a')) || !existsSync(join(dir, 'ready-b'))) await new Promise((r) => setTimeout(r, 5));
  writeFileSync(join(dir, 'go'), '');
  const results = await Promise.all(children);
  const trace = readFileSync(join(dir, 'trace'), 'utf8').trim().split('\n');
  return { dir, results, trace };
}

describe('lock across two processes', () => {
  it('lets exactly one of two simultaneous runDue passes run; the other reports busy', async () => {
    const { dir, results, trace } = await race('runDue');
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual(['busy', 'ran']);
    const winner = results.find((r) => r.status === 'ran')!.name;
    expect(trace).toEqual([`start ${winner}`, `end ${winner}`]); // no interleaving
    const ledger = readRunLedger(join(dir, 'runs/runs.jsonl')).records;
    expect(ledger.map((r) => [r.job, r.status])).toEqual([['ingest', 'ok']]);
    expect(existsSync(join(dir, 'runs/psm.lock'))).toBe(false);
  }, 30_000);

  it('lets exactly one of two processes take over the same stale lock', async () => {
    // Left by a crashed run: the pid of a child that has really exited.
    const pid = spawnSync(process.execPath, ['-e', '']).pid!;
    const { results, trace } = await race('withLock', (dir) => {
      mkdirSync(join(dir, 'runs'));
      const stale = { pid, hostname: hostname(), startedAt: new Date().toISOString(), token: 'crashed' };
      writeFileSync(join(dir, 'runs', 'psm.lock'), JSON.stringify(stale));
    });
    expect(results.map((r) => r.status).sort()).toEqual(['busy', 'ran']);
    const winner = results.find((r) => r.status === 'ran')!.name;
    expect(trace).toEqual([`start ${winner}`, `end ${winner}`]);
  }, 30_000);
});
