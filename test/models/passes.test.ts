// A whole build of an incremental mart under a small memory cap runs in ranges of its column
// (models/refresh.ts): DuckDB's aggregate of the 101 legs does not spill past its cap, so at national
// size one pass stopped with "Out of Memory". The parts together must be the mart exactly.
import { describe, expect, it } from 'vitest';
import type { ExtractName } from '../../pipeline/extracts/index.ts';
import { readMarts } from '../../pipeline/models/graph.ts';
import { refreshMart } from '../../pipeline/models/refresh.ts';
import { openWriter, queryRows } from '../../pipeline/warehouse/duckdb.ts';
import { ingestedDemoWorkspace } from '../helpers.ts';

const marts = readMarts();

describe('an incremental mart built in parts under a memory cap', () => {
  it.each(['calls_101', 'outcomes_enriched'])(
    '%s: several passes, the same rows as one',
    async (name) => {
      const paths = ingestedDemoWorkspace('psm-passes-');
      const db = await openWriter(paths.warehouse, { memoryLimit: null });
      try {
        const mart = marts.find((m) => m.name === name)!;
        const extracts = new Set<ExtractName>(name === 'calls_101' ? ['calls'] : ['outcomes', 'crimes']);
        const [{ rows }] = await queryRows<{ rows: number }>(
          db.conn,
          `SELECT sum(loaded)::DOUBLE AS rows FROM ledger WHERE extract IN (${[...extracts].map((e) => `'${e}'`).join(', ')})`,
        );
        expect(rows).toBeGreaterThan(5e5); // else a small cap would not call for parts
        // A cap at which the demo's inputs need parts (200 bytes a row): three for the calls, and at
        // least two for the outcomes, whose 0.9M rows a third of would be a cap too small to run in.
        await db.conn.run(`SET memory_limit = '${Math.max(64, Math.floor((rows! * 200) / 3.5 / 1e6))}MB'`);
        const did = await refreshMart(db.conn, mart, extracts, { full: 'none', code: 'none' }, null);
        expect(did).toMatch(name === 'calls_101' ? /^built in [3-9] passes$/ : /^built in [2-9] passes$/);
        await db.conn.run(`SET memory_limit = '4GB'`);
        const [{ n, missing, extra }] = await queryRows<{ n: number; missing: number; extra: number }>(
          db.conn,
          `SELECT (SELECT count(*)::INTEGER FROM ${name}) AS n,
          (SELECT count(*)::INTEGER FROM (SELECT * FROM (${mart.sql}) EXCEPT ALL SELECT * FROM ${name})) AS missing,
          (SELECT count(*)::INTEGER FROM (SELECT * FROM ${name} EXCEPT ALL SELECT * FROM (${mart.sql}))) AS extra`,
        );
        expect(n).toBeGreaterThan(10_000);
        expect({ missing, extra }).toEqual({ missing: 0, extra: 0 });
      } finally {
        db.close();
      }
    },
    240_000,
  );
});
