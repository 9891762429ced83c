// PSM_MEMORY_LIMIT caps the ingest writer's memory on a shared server; a value DuckDB would only
// answer with "Failed to set config" is refused by name first.
import { afterEach, describe, expect, it } from 'vitest';
import { ingest } from '../../pipeline/ingest/index.ts';
import { openWriter, queryRows } from '../../pipeline/warehouse/duckdb.ts';
import { query, tempWorkspace } from '../helpers.ts';

afterEach(() => {
  delete process.env.PSM_MEMORY_LIMIT;
});

describe('PSM_MEMORY_LIMIT', () => {
  it('sets the writer\'s DuckDB memory limit, and an ingest under it publishes', async () => {
    process.env.PSM_MEMORY_LIMIT = '512MB';
    const paths = tempWorkspace(['ingest/crimes_windows1252.csv']);
    const db = await openWriter(`${paths.root}/probe.duckdb`);
    try {
      const [{ limit }] = await queryRows<{ limit: string }>(db.conn, "SELECT current_setting('memory_limit') AS limit");
      expect(limit).toBe('488.2 MiB'); // 512 × 10^6 bytes, as DuckDB prints it
    } finally {
      db.close();
    }
    const report = await ingest(paths, [], { now: new Date('2024-01-15T12:00:00Z') });
    expect(report.published).toBe(true);
    expect((await query<{ n: number }>(paths.warehouse, 'SELECT count(*)::INTEGER AS n FROM crimes'))[0]!.n).toBe(2);
  });

  it('refuses a value that is not an amount of memory, naming it', async () => {
    process.env.PSM_MEMORY_LIMIT = 'lots';
    const paths = tempWorkspace(['ingest/crimes_windows1252.csv']);
    await expect(ingest(paths)).rejects.toThrow('PSM_MEMORY_LIMIT=lots is not an amount of memory: write it like 4GB or 500MB');
  });
});
