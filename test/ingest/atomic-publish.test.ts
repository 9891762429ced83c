// A kill -9 at any moment of an ingest must leave the last published warehouse intact and readable,
// and the next run must complete. This spawns the real CLI as a child process and kills it.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../pipeline/config.ts';
import { ingest } from '../../pipeline/ingest/index.ts';
import { query, tempWorkspace } from '../helpers.ts';

/** A big enough calls file that ingest takes a couple of seconds (canonical headers). */
async function writeBigCalls(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write('call_id,line,queue,offered_at,answered_at,abandoned_at\n');
  const base = Date.UTC(2022, 3, 1);
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    const t = new Date(base + i * 20_000).toISOString().slice(0, 19);
    const a = new Date(base + i * 20_000 + (i % 30) * 1000).toISOString().slice(0, 19);
    chunk += `B${i},999,999,${t},${a},\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('atomic publish', () => {
  it('survives SIGKILL mid-ingest at several moments, then the next run completes', async () => {
    const paths = tempWorkspace(['ingest/crimes_gzipped.csv.gz']);
    await ingest(paths, [], { now: new Date('2024-01-15T12:00:00Z') });
    const count = async () =>
      (
        await query<{ n: number }>(
          paths.warehouse,
          `SELECT ((SELECT count(*) FROM crimes) * 1000000 + (SELECT count(*) FROM calls))::INTEGER AS n`,
        )
      )[0].n;
    expect(await count()).toBe(2 * 1_000_000);

    const big = join(paths.root, 'calls_big.csv');
    await writeBigCalls(big, 1_500_000);
    // Kill at different moments: while copying/reading, while validating, while loading.
    for (const delay of [150, 700, 1500]) {
      const child = spawn(process.execPath, [join(repoRoot, 'bin/psm.js'), 'ingest', big, '--workspace', paths.root], { stdio: 'ignore' });
      const started = Date.now();
      while (!existsSync(paths.buildingWarehouse) && Date.now() - started < 20_000) await sleep(10);
      await sleep(delay);
      child.kill('SIGKILL');
      const [, signal] = await once(child, 'exit');
      expect(signal, `killed after ${delay} ms`).toBe('SIGKILL');
      // The published warehouse still opens (read-only) at the previous state.
      expect(await count()).toBe(2 * 1_000_000);
    }

    const report = await ingest(paths, [big], { now: new Date('2024-01-15T12:00:00Z') });
    expect(report.files[0]).toMatchObject({ status: 'loaded', loaded: 1_500_000 });
    expect(await count()).toBe(2 * 1_000_000 + 1_500_000);
    expect(existsSync(paths.previousWarehouse)).toBe(true);
    expect(existsSync(paths.buildingWarehouse)).toBe(false);
  });
});
