// PSM_MEMORY_LIMIT caps the ingest writer's memory on a shared server; a value DuckDB would only
// answer with "Failed to set config" is refused by name first. The setting is read once per
// process (pipeline/settings.ts), so the ingest is run as a user runs it: the CLI with the variable.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../pipeline/config.ts';
import { openWriter, queryRows } from '../../pipeline/warehouse/duckdb.ts';
import { query, tempWorkspace } from '../helpers.ts';

const ingestWith = (root: string, limit: string) =>
  spawnSync(process.execPath, [join(repoRoot, 'bin/psm.js'), 'ingest', '--workspace', root], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, PSM_MEMORY_LIMIT: limit },
  });

describe('PSM_MEMORY_LIMIT', () => {
  it("sets the writer's DuckDB memory limit, and an ingest under it publishes", async () => {
    const paths = tempWorkspace(['ingest/crimes_windows1252.csv']);
    const db = await openWriter(`${paths.root}/probe.duckdb`, { memoryLimit: '512MB' });
    try {
      const [{ limit }] = await queryRows<{ limit: string }>(db.conn, "SELECT current_setting('memory_limit') AS limit");
      expect(limit).toBe('488.2 MiB'); // 512 × 10^6 bytes, as DuckDB prints it
    } finally {
      db.close();
    }
    const run = ingestWith(paths.root, '512MB');
    expect(run.status, run.stderr).toBe(0);
    expect((await query<{ n: number }>(paths.warehouse, 'SELECT count(*)::INTEGER AS n FROM crimes'))[0]!.n).toBe(2);
  });

  it('refuses a value that is not an amount of memory, naming it', async () => {
    const paths = tempWorkspace(['ingest/crimes_windows1252.csv']);
    await expect(openWriter(`${paths.root}/probe.duckdb`, { memoryLimit: 'lots' })).rejects.toThrow(
      'PSM_MEMORY_LIMIT=lots is not an amount of memory',
    );
    const run = ingestWith(paths.root, 'lots');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('PSM_MEMORY_LIMIT=lots is not an amount of memory: write it like 4GB or 500MB');
  });
});
