// The figure map (data/figure-map.json) against the project's copy of the published figures, the
// comparison logic on a fixture warehouse, and `psm metrics` / `psm figures` end to end.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../pipeline/config.ts';
import { checkFigures, defaultFigureFiles, loadFigureFiles } from '../../pipeline/metrics/figures.ts';
import { roundTo } from '../../dashboards/shared/format.ts';
import { fixtureWarehouse, type FixtureWarehouse } from './fixture-warehouse.ts';

const run = promisify(execFile);
const psm = (args: string[]) =>
  run('node', [join(repoRoot, 'bin/psm.js'), ...args], { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024 }).then(
    (r) => ({ code: 0, stdout: r.stdout }),
    (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
  );

describe('data/figure-map.json', () => {
  const { published, map, notCovered } = loadFigureFiles();
  const ids = new Set(published.map((f) => f.id));

  it('maps only published figure ids, each to a catalogue metric (validated on load)', () => {
    for (const id of Object.keys(map)) expect(ids.has(id), id).toBe(true);
  });
  it('accounts for every published figure exactly once: mapped or listed as not covered', () => {
    const nc = new Set(notCovered.map((n) => n.id));
    for (const id of ids) expect(Number(id in map) + Number(nc.has(id)), id).toBe(1);
  });
  it('covers every 999, 101, VAWG, DVPN and SPO figure, and the RASSO rate and days to charge', () => {
    const required = [...ids].filter((id) => /^(calls999|calls101|vawg|dvpn|spo|violence)\./.test(id));
    for (const id of required) expect(map[id], id).toBeDefined();
    const rasso = [...ids].filter((id) => id.startsWith('rasso.'));
    // The one RASSO figure left out is CPS early-advice referrals: no extract records them.
    expect(rasso.filter((id) => !map[id])).toEqual(['rasso.cps_early_advice_referrals_change_pct']);
    expect(Object.keys(map).length).toBe(132);
  });
  it('states decimals as printed, e.g. "19.0%" and "-2.8%" at 1 dp, "0.56%" at 2', () => {
    expect(map['vawg.rape.change_2y_pct']!.decimals).toBe(1);
    expect(map['vawg.stalking_harassment.change_1y_pct']!.decimals).toBe(1);
    expect(map['calls999.2021_22.abandon_pct']!.decimals).toBe(2);
  });
});

describe('rounding as the papers round (half away from zero)', () => {
  it('16.875 → 17; 0.555 → 0.56; −2.8014 → −2.8; 18.997 → 19.0', () => {
    expect(roundTo(16.875, 0)).toBe(17);
    expect(roundTo(0.555, 2)).toBe(0.56);
    expect(roundTo(-2.8014, 1)).toBe(-2.8);
    expect(roundTo(18.997, 1)).toBe(19);
  });
});

describe('checkFigures on the DVDS and orders fixtures', () => {
  let dvds: FixtureWarehouse;
  let dir: string;
  beforeAll(async () => {
    dvds = await fixtureWarehouse('dvds');
    dir = mkdtempSync(join(tmpdir(), 'psm-figures-'));
  });
  afterAll(() => {
    dvds?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('derives % change and numerator, rounds to the stated decimals, and flags mismatches', async () => {
    const fig = (id: string, value: number) => ({ id, source: 't', paragraph: '1', measure: id, period: 'p', value, unit: 'u' });
    const files = { published: join(dir, 'p.json'), map: join(dir, 'm.json'), notCovered: join(dir, 'n.json') };
    writeFileSync(files.published, JSON.stringify({ figures: [fig('a', 50), fig('b', 2), fig('c', 33.3), fig('d', 34), fig('e', 1)] }));
    writeFileSync(
      files.map,
      JSON.stringify({
        figures: {
          // r12 2023-08 = 3 requests, r12 2021-08 = 2 → +50%
          a: { metric: 'dvds_requests', grain: 'r12', period: '2023-08', derive: 'pct_change', compare_period: '2021-08', decimals: 0 },
          // Aug 2021 within 28 days: 1 of 2 decided → numerator 1 (published 2: a mismatch)
          b: { metric: 'dvds_disclosed_within_28d_pct', grain: 'month', period: '2021-08', derive: 'numerator', decimals: 0 },
          // Q3 2021: 1 of 3 = 33.33…% → 33.3 at 1 dp; → 33, not 34, at 0 dp
          c: { metric: 'dvds_disclosed_within_28d_pct', grain: 'quarter', period: '2021-Q3', decimals: 1 },
          d: { metric: 'dvds_disclosed_within_28d_pct', grain: 'quarter', period: '2021-Q3', decimals: 0 },
        },
      }),
    );
    writeFileSync(files.notCovered, JSON.stringify({ figures: [] }));
    const r = await checkFigures(dvds.db.conn, files);
    expect(r.checks.map((c) => [c.id, c.computed, c.match])).toEqual([
      ['a', 50, true],
      ['b', 1, false],
      ['c', 33.3, true],
      ['d', 33, false],
    ]);
    expect(r.unaccounted).toEqual(['e']);
  });

  it('`psm metrics --json` prints {as_of, warehouse_sha256, values} from the workspace warehouse', async () => {
    const { code, stdout } = await psm([
      'metrics',
      '--workspace',
      dvds.root,
      '--json',
      '--metric',
      'dvds_requests',
      '--grain',
      'r12',
      '--from',
      '2023-08',
      '--to',
      '2023-08',
    ]);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(Object.keys(out)).toEqual(['as_of', 'warehouse_sha256', 'values']);
    expect(out.as_of).toBe('2023-09-01');
    expect(out.warehouse_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(out.values).toEqual([
      {
        metric: 'dvds_requests',
        grain: 'r12',
        period: '2023-08',
        period_start: '2022-09-01',
        period_end: '2023-08-31',
        area: 'force',
        value: 3,
        numerator: 3,
        denominator: null,
        suppressed: false,
        reason: null,
      },
    ]);
  });

  it('`psm figures` exits 1 when covered figures do not match (the fixture is not the demo force)', async () => {
    const { code, stdout } = await psm(['figures', '--workspace', dvds.root, '--json']);
    expect(code).toBe(1);
    const out = JSON.parse(stdout);
    expect(out.summary).toMatchObject({ covered: 132, not_covered: 31, unaccounted: 0 });
    expect(out.figures[0]).toHaveProperty('match');
  });
});

it('the default figure files are the committed ones in data/', () => {
  expect(defaultFigureFiles.published).toBe(join(repoRoot, 'data', 'published-figures.json'));
});
