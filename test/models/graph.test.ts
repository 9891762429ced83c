// The marts graph as the model files declare it: each declaration held to the SQL it sits on, the
// order worked out from it, and each mart's key held to the data of the real demo warehouse (the
// jaffle-shop habit of a key test beside each model: unique and never null).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { extractNames } from '../../pipeline/extracts/index.ts';
import { readMarts, referenceTables } from '../../pipeline/models/graph.ts';
import { ingestedDemoWorkspace, query } from '../helpers.ts';

const marts = readMarts();

/** Every model, extract or reference table a piece of SQL names outside its comments. */
function namedIn(sql: string): string[] {
  const names = [...marts.map((m) => m.name), ...extractNames, ...extractNames.map((e) => `stg_${e}`), ...referenceTables];
  const code = sql.replace(/--.*$/gm, '');
  // A name counts where it is read: after FROM or JOIN (data_span has a column named like an extract nowhere else).
  return names.filter((n) => new RegExp(`\\b(FROM|JOIN)\\s+${n}\\b`, 'i').test(code)).sort();
}

describe('the marts graph', () => {
  it('declares in each mart exactly what its SQL reads', () => {
    for (const m of marts) expect([...m.reads].sort(), m.name).toEqual(namedIn(m.sql));
  });

  it('lists every .sql file of marts/, each after everything it reads', () => {
    expect(marts.map((m) => m.name).sort()).toEqual([
      'calls_101',
      'calls_999',
      'calls_999_monthly',
      'crime_charges',
      'crimes_enriched',
      'crimes_monthly',
      'data_span',
      'disclosure_requests',
      'file_spans',
      'order_breaches',
      'orders_civil',
      'outcomes_enriched',
      'periods',
      'report_areas',
      'window_months',
    ]);
    const at = new Map(marts.map((m, i) => [m.name, i]));
    for (const m of marts) for (const r of m.reads) if (at.has(r)) expect(at.get(r)!, `${m.name} reads ${r}`).toBeLessThan(at.get(m.name)!);
  });

  describe('refuses a folder it cannot build', () => {
    const dir = mkdtempSync(join(tmpdir(), 'psm-marts-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const write = (files: Record<string, string>) => {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir);
      for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, `${name}.sql`), body);
    };
    const mart = (reads: string, key = 'id') => `-- grain: one thing\n-- key: ${key}\n-- reads: ${reads}\nSELECT 1 AS id`;

    it('a cycle, by name', () => {
      write({ a: mart('b'), b: mart('a'), c: mart('crimes') });
      expect(() => readMarts(dir)).toThrow('the marts read each other in a cycle: a, b');
    });
    it('a read of something no model builds', () => {
      write({ a: mart('crimes, crime_tabel') });
      expect(() => readMarts(dir)).toThrow('models/marts/a.sql reads crime_tabel: not a mart, staging view, extract or reference table');
    });
    it('a mart without its key or its reads', () => {
      write({ a: '-- grain: one thing\n-- reads: crimes\nSELECT 1' });
      expect(() => readMarts(dir)).toThrow('models/marts/a.sql: no "-- key: col, col" line');
      write({ a: '-- grain: one thing\n-- key: id\nSELECT 1' });
      expect(() => readMarts(dir)).toThrow('models/marts/a.sql: no "-- reads: model, model" line');
      write({ a: '-- key: id\n-- grain: one thing\n-- reads: crimes\nSELECT 1' });
      expect(() => readMarts(dir)).toThrow('models/marts/a.sql: the first line must state its grain');
    });
    it('a mart by file that does not count its live rows, which a night compares with the ledger', () => {
      write({
        a: `-- grain: one file\n-- key: source_sha256\n-- reads: crimes\n-- incremental: source_sha256\nSELECT source_sha256 FROM crimes`,
      });
      expect(() => readMarts(dir)).toThrow('models/marts/a.sql: incremental by file, with no live_rows column');
    });
    it('orders what it can: a mart after the marts it reads, whatever their names', () => {
      write({ a: mart('z'), m: mart('crimes'), z: mart('m') });
      expect(readMarts(dir).map((m) => m.name)).toEqual(['m', 'z', 'a']);
    });
  });
});

describe('each mart key, on the ingested demo', () => {
  const paths = ingestedDemoWorkspace('psm-keys-');
  afterAll(() => rmSync(paths.root, { recursive: true, force: true }));

  it.each(marts.map((m) => [m.name, m] as const))('%s: its key is unique and never null', async (_name, m) => {
    const [row] = await query<{ n: number; dups: number; nulls: number }>(
      paths.warehouse,
      m.key === 'one row'
        ? `SELECT count(*)::INT AS n, 0 AS dups, 0 AS nulls FROM ${m.name}`
        : `SELECT count(*)::INT AS n,
           (SELECT count(*) FROM (SELECT 1 FROM ${m.name} GROUP BY ${m.key.join(', ')} HAVING count(*) > 1))::INT AS dups,
           count(*) FILTER (WHERE ${m.key.map((k) => `${k} IS NULL`).join(' OR ')})::INT AS nulls
         FROM ${m.name}`,
    );
    expect(row!.n, m.name).toBeGreaterThan(0);
    if (m.key === 'one row') expect(row!.n).toBe(1);
    expect({ dups: row!.dups, nulls: row!.nulls }, m.name).toEqual({ dups: 0, nulls: 0 });
  });

  it('are declared in every mart file, beside its grain', () => {
    for (const m of marts)
      expect(readFileSync(m.file, 'utf8').split('\n').slice(0, 3).join('\n'), m.name).toMatch(/^-- grain: .*\n-- key: .*\n-- reads: /);
  });
});
