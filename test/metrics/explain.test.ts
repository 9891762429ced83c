// `psm explain` as a user runs it, on the ingested demo force: the acceptance figure of issue 12
// (999 calls answered within 10 s, FY 2022/23: 147,409 over 173,607), the SQL chain, the extract
// files with their hashes checked against the ledger and their rows counted again here in plain
// SQL, an area figure, and a mistyped metric.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, type WorkspacePaths } from '../../pipeline/config.ts';
import { catalogue } from '../../pipeline/metrics/catalogue.ts';
import { metricLineage } from '../../pipeline/metrics/lineage.ts';
import { definitionsData } from '../../pipeline/site/definitions-data.ts';
import { ingestedDemoWorkspace, query } from '../helpers.ts';
import type { FileShare } from '../../pipeline/metrics/explain.ts';

let paths: WorkspacePaths;
beforeAll(() => {
  paths = ingestedDemoWorkspace('psm-explain-');
});

const psm = (...args: string[]) =>
  spawnSync(process.execPath, [join(repoRoot, 'bin/psm.js'), ...args, '--workspace', paths.root], {
    encoding: 'utf8',
    env: { ...process.env, PSM_WORKSPACE: '' },
  });

function explainJson(...args: string[]) {
  const r = psm('explain', ...args, '--json');
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as {
    warehouse_sha256: string;
    metric: { id: string; title: string; definition: string; unit: string };
    sql_file: string;
    reads: {
      marts: { name: string; path: string }[];
      staging: { name: string; path: string }[];
      extracts: string[];
      calendar: { name: string }[];
    };
    figure: {
      grain: string;
      period: string;
      area: string;
      value: number;
      numerator: number;
      denominator: number | null;
      period_start: string;
      period_end: string;
    };
    additive: boolean;
    files: FileShare[];
  };
}

/** The acceptance figure's JSON, run once for the tests that read it. */
let acceptance: ReturnType<typeof explainJson> | undefined;
const acceptanceJson = () => (acceptance ??= explainJson('calls999_answered_10s_pct', 'fy', '2022/23'));

/** Rows per file counted here, in plain SQL over a staging view, for comparison. */
async function rowsByFile(sql: string): Promise<Map<string, number>> {
  const rows = await query<{ sha256: string; n: number }>(paths.warehouse, sql);
  return new Map(rows.map((r) => [r.sha256, Number(r.n)]));
}

describe('psm explain', () => {
  it('calls999_answered_10s_pct fy 2022/23: the SQL file, the 999 calls files with their hashes, 147,409 over 173,607', async () => {
    const e = acceptanceJson();
    expect(e.metric.id).toBe('calls999_answered_10s_pct');
    expect(e.metric.definition).toMatch(/999 calls/);
    expect(e.sql_file).toBe('pipeline/metrics/calls999_answered_10s_pct.sql');
    expect(e.reads.marts).toEqual([
      { name: 'calls_999', path: 'pipeline/models/marts/calls_999.sql' },
      { name: 'calls_999_monthly', path: 'pipeline/models/marts/calls_999_monthly.sql' },
    ]);
    expect(e.reads.staging).toEqual([{ name: 'stg_calls', path: 'pipeline/models/staging/stg_calls.sql' }]);
    expect(e.reads.extracts).toEqual(['calls']);
    expect(e.figure).toMatchObject({ grain: 'fy', period: '2022/23', area: 'force', numerator: 147409, denominator: 173607 });
    expect(e.figure.value).toBeCloseTo((100 * 147409) / 173607, 10);

    // Every file named is in the ledger under that name and hash, and is a 999 calls file.
    const ledger = await query<{ sha256: string; file: string; extract: string }>(
      paths.warehouse,
      'SELECT sha256, file, extract FROM ledger',
    );
    expect(e.files.length).toBeGreaterThan(0);
    for (const f of e.files) {
      expect(ledger).toContainEqual({ sha256: f.sha256, file: f.file, extract: 'calls' });
      expect(f.file).toMatch(/^calls_999_/);
    }
    // And they are exactly the files with 999 calls offered in the year, each with its own count.
    const counted = await rowsByFile(`SELECT source_sha256 AS sha256, count(*) AS n FROM stg_calls
      WHERE queue = '999' AND offered_at >= DATE '2022-04-01' AND offered_at < DATE '2023-04-01' GROUP BY ALL`);
    expect(new Map(e.files.map((f) => [f.sha256, f.rows]))).toEqual(counted);
    expect(e.files.reduce((s, f) => s + f.numerator!, 0)).toBe(147409);
    expect(e.files.reduce((s, f) => s + f.denominator!, 0)).toBe(173607);
    expect(e.additive).toBe(true);
  });

  it('prints the same for a person: definition, SQL chain, the fraction and each file with its hash', () => {
    const e = acceptanceJson();
    const r = psm('explain', 'calls999_answered_10s_pct', 'fy', '2022/23');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('calls999_answered_10s_pct — 999 calls answered within 10 seconds (%)');
    expect(r.stdout).toContain('Computed by pipeline/metrics/calls999_answered_10s_pct.sql');
    expect(r.stdout).toMatch(/reads mart +calls_999 +pipeline\/models\/marts\/calls_999\.sql/);
    expect(r.stdout).toMatch(/calls_999_monthly +pipeline\/models\/marts\/calls_999_monthly\.sql/);
    expect(r.stdout).toMatch(/over view +stg_calls +pipeline\/models\/staging\/stg_calls\.sql/);
    expect(r.stdout).toContain('FY 2022/23 (fy 2022/23: 2022-04-01 to 2023-03-31), the force: 84.9%');
    expect(r.stdout).toContain('numerator 147,409 / denominator 173,607');
    for (const f of e.files)
      expect(r.stdout).toMatch(new RegExp(`${f.file.replaceAll('.', '\\.')} +calls +${f.sha256} +${f.rows.toLocaleString('en-GB')}`));
    expect(r.stdout).toContain(`Warehouse ${e.warehouse_sha256}`);
  });

  it('an area figure: vawg_rape r12 2023-07 for DC (typed in lower case), as psm metrics gives it, split by crimes file', async () => {
    const e = explainJson('vawg_rape', 'r12', '2023-07', '--area', 'dc');
    expect(e.figure).toMatchObject({ area: 'DC', period: '2023-07', period_start: '2022-08-01', period_end: '2023-07-31' });
    const m = psm('metrics', '--metric', 'vawg_rape', '--grain', 'r12', '--from', '2023-07', '--to', '2023-07', '--area', 'DC', '--json');
    expect(m.status, m.stderr).toBe(0);
    const [value] = JSON.parse(m.stdout).values;
    expect(e.figure.numerator).toBe(value.numerator);
    const counted = await rowsByFile(`SELECT c.source_sha256 AS sha256, count(*) AS n FROM stg_crimes c
      WHERE c.offence_group = 'rape' AND c.victim_sex = 'F' AND c.area = 'DC'
        AND c.recorded_date BETWEEN DATE '2022-08-01' AND DATE '2023-07-31' GROUP BY ALL`);
    expect(new Map(e.files.map((f) => [f.sha256, f.rows]))).toEqual(counted);
    expect(e.files.every((f) => f.extract === 'crimes' && /^crimes_/.test(f.file))).toBe(true);
  });

  it('a metric over two extracts credits each file with its own rows (breaches to the breaches file, applications to the orders file)', () => {
    const e = explainJson('dvpn_breach_rate_pct', 'cy', '2021');
    expect(e.reads.extracts.sort()).toEqual(['breaches', 'orders']);
    const breaches = e.files.filter((f) => f.extract === 'breaches');
    const orders = e.files.filter((f) => f.extract === 'orders');
    expect(breaches.reduce((s, f) => s + f.rows, 0)).toBe(e.figure.numerator);
    expect(breaches.every((f) => f.denominator === 0)).toBe(true);
    expect(orders.reduce((s, f) => s + f.denominator!, 0)).toBe(e.figure.denominator);
  });

  it('a mistyped metric: exit 2 and "did you mean"; a bad period says how one is written', () => {
    const r = psm('explain', 'calls999_answerd_10s_pct', 'fy', '2022/23');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown metric "calls999_answerd_10s_pct" (did you mean "calls999_answered_10s_pct"?)');
    const p = psm('explain', 'vawg_rape', 'fy', '2022-23');
    expect(p.status).toBe(2);
    expect(p.stderr).toContain('unknown fy period "2022-23" (written like 2022/23)');
    const a = psm('explain', 'calls999_calls', 'fy', '2022/23', '--area', 'DC');
    expect(a.status).toBe(2);
    expect(a.stderr).toContain('force-wide only');
  });
});

describe('metric lineage', () => {
  it('finds, from the SQL alone, the extracts each catalogue entry says it reads', () => {
    for (const m of catalogue) expect(metricLineage(m.id).extracts.sort(), m.id).toEqual([...m.sources].sort());
  });

  it('is on the definitions page data for every metric', () => {
    const d = definitionsData([], null, 'panel');
    const rape = d.metrics.find((m) => m.id === 'vawg_rape')!;
    expect(rape.computedBy).toMatchObject({
      sqlFile: 'pipeline/metrics/vawg_rape.sql',
      marts: [{ name: 'crimes_enriched' }, { name: 'crimes_monthly' }],
      staging: [{ name: 'stg_crimes' }],
      extracts: ['crimes'],
    });
    expect(d.metrics.every((m) => m.computedBy.marts.length > 0 && m.computedBy.staging.length > 0)).toBe(true);
  });
});
