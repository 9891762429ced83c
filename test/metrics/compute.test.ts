// computeMetrics filters, exportMetrics (COPY from a READ_ONLY warehouse), buildModels idempotence
// and the disclosure flag, on the crimes and calls fixtures.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModels } from '../../pipeline/models/build.ts';
import { computeMetrics, dataAsOf, metricValuesSql } from '../../pipeline/metrics/compute.ts';
import { exportMetrics } from '../../pipeline/metrics/export.ts';
import { openMemory, openWriter, queryRows, sqlString } from '../../pipeline/warehouse/duckdb.ts';
import { fixtureWarehouse, type FixtureWarehouse } from './fixture-warehouse.ts';

let w: FixtureWarehouse;
let out: string;
beforeAll(async () => {
  w = await fixtureWarehouse('crimes');
  out = mkdtempSync(join(tmpdir(), 'psm-metrics-export-'));
});
afterAll(() => {
  w?.close();
  rmSync(out, { recursive: true, force: true });
});

describe('computeMetrics', () => {
  it('filters by grain, by period end (from/to, inclusive months) and by area', async () => {
    const v = await computeMetrics(w.db.conn, { metrics: ['vawg_rape'], grain: 'r12', from: '2023-05', to: '2023-07', area: 'DC' });
    expect(v.map((x) => [x.period, x.area])).toEqual([
      ['2023-05', 'DC'],
      ['2023-06', 'DC'],
      ['2023-07', 'DC'],
    ]);
  });
  it("area 'force' gives one row per period; 'all' (the default) the force then each area", async () => {
    const force = await computeMetrics(w.db.conn, { metrics: ['vawg_rape'], grain: 'fy', area: 'force' });
    expect(force.map((x) => x.period)).toEqual(['2022/23', '2023/24']);
    const all = await computeMetrics(w.db.conn, { metrics: ['vawg_rape'], grain: 'fy' });
    expect(all.slice(0, 4).map((x) => x.area)).toEqual(['force', 'AV', 'CH', 'DC']);
  });
  it('returns metrics in the order asked, grains month→fytd, periods in time order', async () => {
    const v = await computeMetrics(w.db.conn, { metrics: ['rasso_recorded', 'vawg_rape'], area: 'force' });
    expect(v[0]!.metric).toBe('rasso_recorded');
    const months = v.filter((x) => x.metric === 'vawg_rape' && x.grain === 'month').map((x) => x.period);
    expect(months).toEqual([...months].sort());
    const grainsSeen = [...new Set(v.filter((x) => x.metric === 'vawg_rape').map((x) => x.grain))];
    expect(grainsSeen).toEqual(['month', 'quarter', 'fy', 'cy', 'r12', 'fytd']);
  });
  it('rejects unknown metrics, grains and malformed months', async () => {
    await expect(computeMetrics(w.db.conn, { metrics: ['nope'] })).rejects.toThrow(/Unknown metric/);
    await expect(computeMetrics(w.db.conn, { from: '2023-13' })).rejects.toThrow(/YYYY-MM/);
  });
  it('marks small area counts for suppression, never the force: r12 to Jun 2023 violence DC 3 and AV 1 hidden, CH 0 shown', async () => {
    const v = await computeMetrics(w.db.conn, { metrics: ['violence_with_injury'], grain: 'r12' });
    const at = (area: string) => v.find((x) => x.period === '2023-06' && x.area === area)!.reason;
    expect([at('force'), at('DC'), at('AV'), at('CH')]).toEqual([null, 'small_count', 'small_count', null]);
  });
  it('never publishes an area figure for a window that runs past the data: fy 2022/23 starts before the first month (Jul 2022)', async () => {
    const v = await computeMetrics(w.db.conn, { metrics: ['violence_with_injury'], grain: 'fy' });
    const at = (area: string) => v.find((x) => x.period === '2022/23' && x.area === area)!.reason;
    expect([at('force'), at('CH')]).toEqual([null, 'grain']);
  });
  it('computes a view mart that several metrics read once per query, each metric giving what it gives alone', async () => {
    const all = metricValuesSql({});
    expect(all).toContain('crimes_monthly AS MATERIALIZED (\n-- grain:');
    expect(all).toContain('calls_999_monthly AS MATERIALIZED (\n-- grain:');
    expect(metricValuesSql({ metrics: ['vawg_rape'] })).toContain('crimes_monthly AS (\n-- grain:');
    expect(metricValuesSql({ metrics: ['vawg_rape'] })).not.toContain('MATERIALIZED');
    const together = await queryRows<{ metric: string }>(w.db.conn, all);
    for (const id of ['vawg_rape', 'spo_granted_per_1000_stalking', 'calls999_mean_ring_s']) {
      const alone = await queryRows(w.db.conn, metricValuesSql({ metrics: [id] }));
      expect(alone.length, id).toBeGreaterThan(0);
      expect(together.filter((r) => r.metric === id)).toEqual(alone);
    }
  });
  it('reads a warehouse built before the summary views existed: they run from their SQL files', async () => {
    const copy = join(out, 'before-the-summaries.duckdb');
    copyFileSync(w.path, copy);
    const old = await openWriter(copy);
    try {
      await old.conn.run('DROP VIEW crimes_monthly; DROP VIEW calls_999_monthly');
      const rows = await queryRows<{ metric: string }>(old.conn, metricValuesSql({ metrics: ['vawg_rape', 'calls999_calls'] }));
      expect(rows.filter((r) => r.metric === 'vawg_rape').length).toBeGreaterThan(0);
      expect(rows.filter((r) => r.metric === 'calls999_calls').length).toBeGreaterThan(0);
    } finally {
      old.close();
    }
  });
  it('as_of is the last date of data', async () => {
    expect(await dataAsOf(w.db.conn)).toBe('2023-08-01');
  });
});

describe('exportMetrics: DuckDB writes the file (from the READ_ONLY warehouse)', () => {
  it('Parquet and JSON, the same rows computeMetrics returns', async () => {
    const q = { metrics: ['vawg_rape', 'rasso_recorded'], grain: 'r12' as const, area: 'force' };
    await exportMetrics(w.db.conn, q, join(out, 'm.parquet'));
    await exportMetrics(w.db.conn, q, join(out, 'm.json'));
    const mem = await openMemory();
    try {
      const pq = await queryRows<{ n: number; s: number }>(
        mem.conn,
        `SELECT count(*)::INT AS n, sum(value)::DOUBLE AS s FROM read_parquet(${sqlString(join(out, 'm.parquet'))})`,
      );
      const js = await queryRows<{ n: number }>(mem.conn, `SELECT count(*)::INT AS n FROM read_json(${sqlString(join(out, 'm.json'))})`);
      const computed = await computeMetrics(w.db.conn, q);
      expect(pq[0]!.n).toBe(computed.length);
      expect(js[0]!.n).toBe(computed.length);
      expect(pq[0]!.s).toBe(computed.reduce((s, x) => s + (x.value ?? 0), 0));
    } finally {
      mem.close();
    }
  });
});

describe('buildModels', () => {
  it('is idempotent: rebuilding gives the same periods and values', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'psm-models-'));
    try {
      const path = join(dir, 'copy.duckdb');
      const copy = await openWriter(path);
      try {
        await copy.conn.run(`ATTACH ${sqlString(w.path)} AS src (READ_ONLY)`);
        await copy.conn.run('COPY FROM DATABASE src TO copy');
        await copy.conn.run('DETACH src');
        const before = await computeMetrics(copy.conn, { metrics: ['vawg_domestic_abuse', 'calls999_calls'] });
        // A warehouse built when calls_999 was a table, and calls_101 a view: each becomes its file's kind.
        await copy.conn.run('DROP VIEW calls_999');
        await copy.conn.run('CREATE TABLE calls_999 AS SELECT 1 AS x');
        await copy.conn.run('DROP TABLE calls_101');
        await copy.conn.run('CREATE VIEW calls_101 AS SELECT 1 AS x');
        await buildModels(copy.conn);
        await buildModels(copy.conn);
        expect(await computeMetrics(copy.conn, { metrics: ['vawg_domestic_abuse', 'calls999_calls'] })).toEqual(before);
        const kinds = await queryRows(
          copy.conn,
          `SELECT table_name AS name, table_type AS type FROM information_schema.tables
          WHERE table_name IN ('calls_999', 'calls_101') ORDER BY 1`,
        );
        expect(kinds).toEqual([
          { name: 'calls_101', type: 'BASE TABLE' },
          { name: 'calls_999', type: 'VIEW' },
        ]);
      } finally {
        copy.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
