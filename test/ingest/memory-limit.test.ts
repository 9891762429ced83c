// PSM_MEMORY_LIMIT caps the ingest writer's memory on a shared server; a value DuckDB would only
// answer with "Failed to set config" is refused by name first. The setting is read once per
// process (pipeline/settings.ts), so the ingest is run as a user runs it: the CLI with the variable.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../pipeline/config.ts';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { defaultMemoryLimit, openMemory, openReadOnly, openWriter, queryRows } from '../../pipeline/warehouse/duckdb.ts';
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

  it('caps every reader and the writer, by default a quarter of the machine up to 4 GB, spilling to a folder of its own', async () => {
    expect([24e9, 8e9, 5e8].map((ram) => defaultMemoryLimit(ram))).toEqual(['4000MB', '2000MB', '256MB']);
    const paths = tempWorkspace(['ingest/crimes_windows1252.csv']);
    expect(ingestWith(paths.root, '512MB').status).toBe(0);
    const probe = await openMemory();
    const writer = await openWriter(`${paths.root}/probe.duckdb`); // PSM_MEMORY_LIMIT is blank under vitest
    const [capped] = await queryRows<{ limit: string }>(writer.conn, "SELECT current_setting('memory_limit') AS limit");
    writer.close();
    await probe.conn.run(`SET memory_limit = '${defaultMemoryLimit()}'`);
    const [want] = await queryRows<{ limit: string }>(probe.conn, "SELECT current_setting('memory_limit') AS limit");
    probe.close();
    // Left by killed processes: this host's dead one is swept, another host's is not (its pid means nothing here).
    const host = encodeURIComponent(hostname());
    const dead = spawnSync(process.execPath, ['-e', 'process.pid']).pid!;
    for (const name of [`.spill-${host}-${dead}-00000000`, '.spill-another-host-1-00000000']) mkdirSync(join(paths.warehouseDir, name));
    const db = await openReadOnly(paths.warehouse);
    expect(readdirSync(paths.warehouseDir).filter((f) => f.startsWith('.spill-'))).toEqual(['.spill-another-host-1-00000000']);
    rmSync(join(paths.warehouseDir, '.spill-another-host-1-00000000'), { recursive: true });
    try {
      const [got] = await queryRows<{ limit: string; spill: string }>(
        db.conn,
        "SELECT current_setting('memory_limit') AS limit, current_setting('temp_directory') AS spill",
      );
      expect(got!.limit).toBe(want!.limit);
      expect(capped!.limit).toBe(want!.limit); // and the ingest's writer the same
      expect(got!.spill).toMatch(new RegExp(`^${paths.warehouseDir}/\\.spill-${host}-${process.pid}-[0-9a-f]{8}$`));
    } finally {
      db.close();
    }
    expect(readdirSync(paths.warehouseDir).filter((f) => f.startsWith('.spill-'))).toEqual([]);
  });
});
