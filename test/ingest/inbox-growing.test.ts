// A file still being written is never half-loaded: it is deferred to the next run, and the hash the
// ledger records is always that of exactly the bytes loaded and archived. Real files: a child
// process appending while the real CLI ingests, and files changed between two looks of the real ingest.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../pipeline/config.ts';
import { ingest } from '../../pipeline/ingest/index.ts';
import { query, tempWorkspace } from '../helpers.ts';

const header = 'call_id,line,queue,offered_at,answered_at,abandoned_at\n';
const callRow = (i: number) =>
  `G${i},999,999,2023-04-01T10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')},,\n`;
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The archive and the ledger agree with each other and with the file: same hash, same rows. */
async function expectArchivedAsLoaded(paths: ReturnType<typeof tempWorkspace>, file: string) {
  const [row] = await query<{ sha256: string; archive_path: string; data_rows: number; loaded: number; quarantined: number }>(
    paths.warehouse,
    `SELECT sha256, archive_path, data_rows, loaded, quarantined FROM ledger WHERE file = '${file}'`,
  );
  expect(sha(row!.archive_path)).toBe(row!.sha256);
  expect(sha(join(paths.inbox, file))).toBe(row!.sha256);
  const lines = readFileSync(row!.archive_path, 'utf8').trim().split('\n').length - 1;
  expect(row!.data_rows).toBe(lines);
  expect(row!.loaded + row!.quarantined).toBe(lines);
  const [{ n }] = await query<{ n: number }>(
    paths.warehouse,
    `SELECT count(*)::INTEGER AS n FROM calls WHERE source_sha256 = '${row!.sha256}'`,
  );
  expect(n).toBe(row!.loaded);
}

describe('a file still being written', () => {
  it('is deferred while a child process appends to it, and loads whole once it stops', async () => {
    const paths = tempWorkspace(['ingest/inbox/crimes_2023-05.csv']);
    const growing = join(paths.inbox, 'calls_growing.csv');
    writeFileSync(growing, header);
    // The writer appends a few rows every 20 ms until it is stopped, as an upload or an export does.
    const writer = spawn(
      process.execPath,
      [
        '-e',
        `const fs = require('fs'); let i = 0;
      setInterval(() => { let s = ''; for (let k = 0; k < 50; k++) s += ${JSON.stringify(callRow.toString())}.length && (${callRow.toString()})(i++); fs.appendFileSync(${JSON.stringify(growing)}, s); }, 20);`,
      ],
      { stdio: 'ignore' },
    );
    try {
      await sleep(300);
      const r = spawnSync(process.execPath, [join(repoRoot, 'bin/psm.js'), 'ingest', '--workspace', paths.root, '--json'], {
        encoding: 'utf8',
      });
      expect(r.status, r.stderr).toBe(0); // a deferred file is not a fault
      const report = JSON.parse(r.stdout);
      const g = report.files.find((f: { file: string }) => f.file === 'calls_growing.csv');
      expect(g).toMatchObject({ status: 'deferred', loaded: 0, deferred: expect.stringMatching(/^it is still being written/) });
      expect(report.totals.deferred).toBe(1);
      expect(report.files.find((f: { file: string }) => f.file === 'crimes_2023-05.csv').status).toBe('loaded');
      expect(await query(paths.warehouse, `SELECT file FROM ledger`)).toEqual([{ file: 'crimes_2023-05.csv' }]);
      expect(await query(paths.warehouse, 'SELECT count(*)::INTEGER AS n FROM calls')).toEqual([{ n: 0 }]);
      const text = spawnSync(process.execPath, [join(repoRoot, 'bin/psm.js'), 'ingest', '--workspace', paths.root], { encoding: 'utf8' });
      expect(text.stdout).toMatch(/^  deferred: calls_growing\.csv — it is still being written/m);
      expect(text.stderr).toMatch(/^~ calls_growing\.csv: deferred — it is still being written.*; it will be read on the next run$/m);
    } finally {
      writer.kill();
      await once(writer, 'exit');
    }
    await sleep(50);
    const next = await ingest(paths); // the next run, after the writer has finished
    expect(next.files.find((f) => f.file === 'calls_growing.csv')).toMatchObject({ status: 'loaded', quarantined: 0 });
    await expectArchivedAsLoaded(paths, 'calls_growing.csv');
  });

  it('is deferred when its size changes between two looks, and read whole on the next run', async () => {
    const paths = tempWorkspace();
    const file = join(paths.inbox, 'calls_looks.csv');
    writeFileSync(file, header + callRow(1) + callRow(2)); // just written: looked at again after the settle time
    setTimeout(() => appendFileSync(file, callRow(3)), 300); // between the first look and the second
    const first = await ingest(paths, [], { settleMs: 1500 });
    expect(first.files).toMatchObject([
      { file: 'calls_looks.csv', status: 'deferred', deferred: expect.stringMatching(/size went from 121 to 154 bytes/) },
    ]);
    expect(first.published).toBe(false);
    const second = await ingest(paths, [], { settleMs: 0 });
    expect(second.files).toMatchObject([{ file: 'calls_looks.csv', status: 'loaded', rows: 3, loaded: 3 }]);
    await expectArchivedAsLoaded(paths, 'calls_looks.csv');
  });

  it('is deferred when its bytes change in place with size and time put back, caught by the hash of the copy', async () => {
    const paths = tempWorkspace();
    const file = join(paths.inbox, 'calls_inplace.csv');
    writeFileSync(file, header + callRow(1) + callRow(2));
    const stamp = new Date(Math.floor(Date.now() / 1000) * 1000); // a whole second: utimes can put it back exactly
    utimesSync(file, stamp, stamp);
    setTimeout(() => {
      writeFileSync(file, header + callRow(7) + callRow(8)); // same length, other bytes
      utimesSync(file, stamp, stamp);
    }, 300);
    const first = await ingest(paths, [], { settleMs: 2000 });
    expect(statSync(file).mtimeMs).toBe(stamp.getTime());
    expect(first.files).toMatchObject([
      { status: 'deferred', deferred: expect.stringMatching(/bytes changed between two readings \(the hash differs\)/) },
    ]);
    const second = await ingest(paths, [], { settleMs: 0 });
    expect(second.files).toMatchObject([{ status: 'loaded', loaded: 2 }]);
    expect(await query(paths.warehouse, 'SELECT call_id FROM calls ORDER BY call_id')).toEqual([{ call_id: 'G7' }, { call_id: 'G8' }]);
    await expectArchivedAsLoaded(paths, 'calls_inplace.csv');
  });
});
