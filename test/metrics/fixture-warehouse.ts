// Builds a real DuckDB warehouse on disk from one folder of hand-made canonical CSVs under
// test/fixtures/metrics/<family>/ (file name = extract name) in a temporary workspace, through the
// real ingest, then opens it READ_ONLY as `psm metrics` opens the published warehouse.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, workspacePaths, type WorkspacePaths } from '../../pipeline/config.ts';
import { ingest } from '../../pipeline/ingest/index.ts';
import { buildModels } from '../../pipeline/models/build.ts';
import { computeMetrics, type MetricValue } from '../../pipeline/metrics/compute.ts';
import type { Grain } from '../../pipeline/metrics/periods.ts';
import { openReadOnly, openWriter, type Db } from '../../pipeline/warehouse/duckdb.ts';
import { loadReferenceTables } from '../../pipeline/warehouse/schema.ts';

export const fixturesDir = join(repoRoot, 'test', 'fixtures', 'metrics');

export interface FixtureWarehouse {
  db: Db;
  /** The temporary workspace (for `psm … --workspace`). */
  root: string;
  path: string;
  /** Every value of one metric (all grains, periods, areas). */
  values(metric: string): Promise<MetricValue[]>;
  /** The one value of a metric for a grain, period and area (default 'force'); throws if absent. */
  value(metric: string, grain: Grain, period: string, area?: string): Promise<MetricValue>;
  close(): void;
}

/**
 * Loads the fixture CSVs through the real ingest (validate, archive, load, buildModels, publish),
 * then swaps in the fixture reference tables (areas, offence groups) so the expected values do not
 * depend on the demo force's data/ files, and rebuilds the models on them.
 */
async function loadFixtures(paths: WorkspacePaths, family: string): Promise<void> {
  // An empty force mapping: fixture files already use the canonical headers and codes.
  writeFileSync(join(paths.root, 'force-mapping.json'), JSON.stringify({ force: 'fixture', extracts: {} }));
  const report = await ingest(paths, [join(fixturesDir, family)], { now: new Date('2024-01-01T00:00:00Z') });
  const bad = report.files.filter((f) => f.status !== 'loaded' || f.quarantined > 0);
  if (bad.length) throw new Error(`fixture ${family}: not loaded cleanly: ${JSON.stringify(bad, null, 1)}`);
  const w = await openWriter(paths.warehouse);
  try {
    await loadReferenceTables(w.conn, join(fixturesDir, 'reference'));
    await buildModels(w.conn);
  } finally {
    w.close();
  }
}

export async function fixtureWarehouse(family: string): Promise<FixtureWarehouse> {
  const dir = mkdtempSync(join(tmpdir(), `psm-metrics-${family}-`));
  const paths = workspacePaths(dir);
  await loadFixtures(paths, family);
  const path = paths.warehouse;
  const db = await openReadOnly(path);
  const cache = new Map<string, MetricValue[]>();
  const values = async (metric: string): Promise<MetricValue[]> => {
    let v = cache.get(metric);
    if (!v) cache.set(metric, (v = await computeMetrics(db.conn, { metrics: [metric] })));
    return v;
  };
  return {
    db,
    root: dir,
    path,
    values,
    async value(metric, grain, period, area = 'force') {
      const hit = (await values(metric)).find((v) => v.grain === grain && v.period === period && v.area === area);
      if (!hit) throw new Error(`${metric}: no value for ${grain} ${period} ${area}`);
      return hit;
    },
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
