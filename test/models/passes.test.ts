// A whole build of an incremental mart under the memory cap runs in parts, one per range of its
// column's values (models/refresh.ts): DuckDB's aggregate of the 101 legs does not spill past its
// cap, so at national size one pass stopped with "Out of Memory". The parts together must be the
// mart exactly — no row lost at a bound, none counted twice, the NULLs in a part of their own.
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest } from '../../pipeline/ingest/index.ts';
import { readMarts } from '../../pipeline/models/graph.ts';
import { buildInPasses, passesNeeded } from '../../pipeline/models/refresh.ts';
import { openWriter, queryRows } from '../../pipeline/warehouse/duckdb.ts';
import { fixtures, tempWorkspace } from '../helpers.ts';

const marts = readMarts();

describe('how many parts a whole build needs', () => {
  it.each([
    [0, 4e9, 1],
    [1_000_000, 4e9, 1],
    [20_000_000, 4e9, 1],
    [20_000_001, 4e9, 2],
    [121_344_108, 4e9, 7], // the national calls extract under 4 GB (7 parts measured)
    [2_500_000, 128e6, 4],
  ])('%i input rows under a cap of %i bytes: %i', (rows, cap, want) => expect(passesNeeded(rows, cap)).toBe(want));
});

describe('an incremental mart built in parts', () => {
  it.each([
    ['calls_101', 'calls', 4],
    ['outcomes_enriched', 'outcomes', 3],
    ['crime_charges', 'outcomes', 5],
  ] as const)(
    '%s in parts (bounds from a sample of %s, %i parts) has exactly the rows of one pass',
    async (name, sampled, parts) => {
      const paths = tempWorkspace();
      writeFileSync(join(paths.root, 'force-mapping.json'), JSON.stringify({ force: 'fixture', extracts: {} }));
      for (const f of ['rasso/crimes.csv', 'rasso/outcomes.csv', 'calls/calls.csv'])
        cpSync(join(fixtures, 'metrics', f), join(paths.inbox, f.split('/')[1]!));
      await ingest(paths, [], { now: new Date('2024-01-01T02:00:00Z') });
      const mart = marts.find((m) => m.name === name)!;
      const db = await openWriter(paths.warehouse);
      try {
        await buildInPasses(db.conn, mart, sampled, parts);
        const [{ n, missing, extra }] = await queryRows<{ n: number; missing: number; extra: number }>(
          db.conn,
          `SELECT (SELECT count(*)::INTEGER FROM ${name}) AS n,
          (SELECT count(*)::INTEGER FROM (SELECT * FROM (${mart.sql}) EXCEPT ALL SELECT * FROM ${name})) AS missing,
          (SELECT count(*)::INTEGER FROM (SELECT * FROM ${name} EXCEPT ALL SELECT * FROM (${mart.sql}))) AS extra`,
        );
        expect(n).toBeGreaterThan(1);
        expect({ missing, extra }).toEqual({ missing: 0, extra: 0 });
      } finally {
        db.close();
      }
    },
    60_000,
  );
});
