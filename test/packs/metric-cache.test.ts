// psm preview's cache of a pack's computed figures (packs/metric-cache.ts), on a real warehouse on
// disk: the pack built through it is the pack built without it; a prose edit reads the figures
// back instead of computing them (a cache file doctored here shows through); a reference to a
// metric the meeting did not use before, or a changed warehouse file, computes them afresh.
import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, type WorkspacePaths } from '../../pipeline/config.ts';
import type { MetricValue } from '../../pipeline/metrics/compute.ts';
import { buildPackData } from '../../pipeline/packs/pack-data.ts';
import { openReadOnly, type Db } from '../../pipeline/warehouse/duckdb.ts';
import { makeFixtureWorkspace } from '../dashboards/fixture-workspace.ts';

const id = '2023-11-08-vawg';
const now = new Date('2023-11-01T10:30:00Z');
let paths: WorkspacePaths;
let db: Db;
let dir: string;

beforeAll(async () => {
  paths = await makeFixtureWorkspace();
  cpSync(join(repoRoot, 'reports', id), join(paths.reports, id), { recursive: true, filter: (s) => !s.includes('/out') });
  db = await openReadOnly(paths.warehouse);
  dir = mkdtempSync(join(tmpdir(), 'psm-metric-cache-'));
});
afterAll(() => db?.close());

const build = (cached = true) =>
  buildPackData(db.conn, id, { reportsDir: paths.reports, now, ...(cached ? { metricCache: { dir, warehouse: paths.warehouse } } : {}) });
const files = () => readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('the figures kept between preview loader runs', () => {
  it('make the same pack as computing them, and a prose edit reads them back', async () => {
    expect(await build()).toEqual(await build(false));
    expect(files()).toHaveLength(1);
    const file = join(dir, files()[0]!);
    const rows = JSON.parse(readFileSync(file, 'utf8')) as MetricValue[];
    writeFileSync(file, JSON.stringify(rows.map((r) => (r.metric === 'vawg_rape' && r.value !== null ? { ...r, value: 424242 } : r))));
    appendFileSync(join(paths.reports, id, 'sections', 'rasso.md'), '\nAn edit to the prose.\n');
    const edited = JSON.stringify(await build());
    expect(edited).toContain('An edit to the prose.');
    expect(edited).toContain('424,242'); // from the file, not from the warehouse
    expect(files()).toHaveLength(1);
    writeFileSync(file, JSON.stringify(rows));
  });

  it('are computed afresh for a reference to another metric, and for a changed warehouse', async () => {
    appendFileSync(join(paths.reports, id, 'sections', 'rasso.md'), '\nCalls: {{ calls999_calls r12 2023-06 }}.\n');
    await build();
    expect(files()).toHaveLength(2);
    const later = new Date(Date.now() + 60_000);
    utimesSync(paths.warehouse, later, later);
    expect(await build()).toEqual(await build(false));
    expect(files()).toHaveLength(3);
  });
});
