// The warehouse's location is configuration (PSM_WAREHOUSE_LOCATION), so it can live away from the
// workspace — another disk now, a shared catalog later. Through the CLI with only that setting:
// the metrics, the dashboards' loaders (a site build) and a pack read the warehouse where it was
// moved to, and nothing recreates one in the workspace. A URL is refused by name, not mistaken
// for a folder called "s3:".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, type WorkspacePaths } from '../../pipeline/config.ts';
import { readSiteWarehouse } from '../../pipeline/site/build.ts';
import { sha256OfFile } from '../../pipeline/warehouse/pin.ts';
import { makeFixtureWorkspace } from '../dashboards/fixture-workspace.ts';

const psm = (paths: WorkspacePaths, location: string, ...args: string[]) =>
  spawnSync(process.execPath, [join(repoRoot, 'bin/psm.js'), ...args, '--workspace', paths.root], {
    encoding: 'utf8',
    timeout: 240_000,
    env: { ...process.env, PSM_WAREHOUSE_LOCATION: location, PSM_NOW: '2023-11-01T10:30:00Z' },
  });

describe('PSM_WAREHOUSE_LOCATION', () => {
  let paths: WorkspacePaths;
  let elsewhere: string;

  beforeAll(async () => {
    paths = await makeFixtureWorkspace();
    elsewhere = join(mkdtempSync(join(tmpdir(), 'psm-elsewhere-')), 'shared', 'warehouse');
    rmSync(join(paths.warehouseDir, 'readers'), { recursive: true, force: true });
    mkdirSync(join(elsewhere, '..'), { recursive: true });
    renameSync(paths.warehouseDir, elsewhere);
  }, 120_000);

  afterAll(() => {
    for (const dir of [paths?.root, elsewhere && join(elsewhere, '..', '..')]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('metrics, the loaders of a site build and a pack all read the warehouse where the setting says', async () => {
    const sha = await sha256OfFile(join(elsewhere, 'psm.duckdb'));
    const metrics = psm(paths, elsewhere, 'metrics', '--metric', 'vawg_rape', '--json');
    expect(metrics.status, metrics.stderr).toBe(0);
    const out = JSON.parse(metrics.stdout) as { warehouse_sha256: string; values: unknown[] };
    expect(out.warehouse_sha256).toBe(sha);
    expect(out.values.length).toBeGreaterThan(0);

    const pack = psm(paths, elsewhere, 'pack', '2023-11-08-psm');
    expect(pack.status, pack.stderr).toBe(0);
    const printed = readdirSync(join(paths.reports, '2023-11-08-psm', 'out'));
    expect(printed.some((f) => f.endsWith('.pdf'))).toBe(true);
    expect(readSiteWarehouse(paths.site)?.sha256).toBe(sha); // the loaders read the moved file
    expect(existsSync(paths.warehouseDir)).toBe(false); // nothing made a warehouse in the workspace
    expect(readdirSync(join(elsewhere, 'readers'))).toEqual([]); // pins and spill folders all gone
  }, 300_000);

  it('refuses a URL by name: this build opens a folder', () => {
    const run = psm(paths, 's3://opcc-warehouse/psm', 'status');
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('PSM_WAREHOUSE_LOCATION=s3://opcc-warehouse/psm: psm opens a warehouse in a folder on this machine');
  });
});
