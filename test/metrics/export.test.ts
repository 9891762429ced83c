// `psm metrics --out FILE`: the extension chooses the format (CSV, JSON, Parquet, Arrow/Feather).
// Each file is read back by a reader that shares nothing with the writer (DuckDB's read_csv,
// read_json and read_parquet; apache-arrow's tableFromIPC) and compared, row by row, with what
// `psm metrics --json` prints for the same query; an extension psm does not know is refused.
import { tableFromIPC } from 'apache-arrow';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../pipeline/config.ts';
import { openMemory, queryRows, sqlString } from '../../pipeline/warehouse/duckdb.ts';
import { fixtureWarehouse, type FixtureWarehouse } from './fixture-warehouse.ts';

let w: FixtureWarehouse;
let out: string;
beforeAll(async () => {
  w = await fixtureWarehouse('orders');
  out = mkdtempSync(join(tmpdir(), 'psm-metrics-out-'));
}, 120_000);
afterAll(() => {
  w?.close();
  rmSync(out, { recursive: true, force: true });
});

const query = ['--metric', 'dvpn_applications,dvpn_granted_pct,spo_granted_per_1000_stalking', '--grain', 'fy', '--area', 'all'];
const psm = (args: string[]) =>
  spawnSync(process.execPath, [join(repoRoot, 'bin', 'psm.js'), 'metrics', '--workspace', w.root, ...args], { encoding: 'utf8' });

interface Row {
  metric: string;
  grain: string;
  period: string;
  area: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
}
const key = (r: Row) => [r.metric, r.grain, r.period, r.area, r.value, r.numerator, r.denominator];

function jsonValues(): Row[] {
  const res = psm([...query, '--json']);
  expect(res.status, res.stderr).toBe(0);
  return (JSON.parse(res.stdout) as { values: Row[] }).values;
}

/** Each format read back by its own reader, as plain rows. */
async function readBack(file: string): Promise<Record<string, unknown>[]> {
  const name = file.toLowerCase();
  if (/\.(arrow|feather)$/.test(name))
    return tableFromIPC(readFileSync(file))
      .toArray()
      .map((r) => r.toJSON());
  const reader = name.endsWith('.csv') ? 'read_csv' : name.endsWith('.json') ? 'read_json' : 'read_parquet';
  const mem = await openMemory();
  try {
    return await queryRows(
      mem.conn,
      `SELECT * REPLACE (value::DOUBLE AS value, numerator::DOUBLE AS numerator, denominator::DOUBLE AS denominator,
      period::VARCHAR AS period) FROM ${reader}(${sqlString(file)}${reader === 'read_csv' ? ", all_varchar = false, types = {'period': 'VARCHAR'}" : ''})`,
    );
  } finally {
    mem.close();
  }
}

describe('psm metrics --out FILE: the format by the extension', () => {
  let expected: Row[];
  beforeAll(() => {
    expected = jsonValues();
    expect(expected.length).toBeGreaterThan(20);
    expect(expected.some((r) => r.value === null)).toBe(true); // an area with no applications: no rate
  }, 60_000);

  it.each(['values.csv', 'values.json', 'values.parquet', 'values.arrow', 'values.feather', 'VALUES.CSV'])(
    '%s holds the rows --json prints, with unit and period label',
    async (name) => {
      const file = join(out, name);
      const res = psm([...query, '--out', file]);
      expect(res.status, res.stderr).toBe(0);
      expect(res.stderr).toContain(`wrote ${expected.length} values to ${file}`);
      const rows = await readBack(file);
      expect(Object.keys(rows[0]!)).toEqual([
        'metric',
        'unit',
        'grain',
        'period',
        'period_label',
        'period_start',
        'period_end',
        'area',
        'value',
        'numerator',
        'denominator',
      ]);
      expect(rows.map((r) => key(r as unknown as Row))).toEqual(expected.map(key));
      const at = (metric: string, area: string) => rows.find((r) => r.metric === metric && r.period === '2022/23' && r.area === area)!;
      expect([at('dvpn_granted_pct', 'force').unit, at('dvpn_granted_pct', 'force').period_label]).toEqual(['pct', 'FY 2022/23']);
      expect(at('spo_granted_per_1000_stalking', 'force').unit).toBe('per_1000');
      expect(at('dvpn_applications', 'force').unit).toBe('count');
    },
    60_000,
  );

  it('refuses an extension it does not know, names the ones it does, and writes nothing', () => {
    for (const name of ['values.xlsx', 'values.txt', 'values']) {
      const file = join(out, name);
      const res = psm([...query, '--out', file]);
      expect(res.status).toBe(2);
      expect(res.stderr).toMatch(/the extension chooses the format: \.csv, \.json, \.parquet, \.arrow, \.feather/);
      expect(res.stderr).toContain(
        name.includes('.') ? `"${name.slice(name.indexOf('.'))}" is not a format psm writes` : 'the file name has no extension',
      );
      expect(existsSync(file)).toBe(false);
    }
  }, 60_000);
});
