// A pack's figures, the site it is printed from and its manifest's SHA-256 come from one publish.
// The publish is made to land at a bad moment: after the site was built for the pack, just before
// it is printed (printChecked is wrapped so it renames the next warehouse over psm.duckdb first).
// The manifest used to hash psm.duckdb by name at the end: B's hash on a pack of A's numbers.
import { readdirSync, renameSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { WorkspacePaths } from '../../pipeline/config.ts';
import { readSiteWarehouse } from '../../pipeline/site/build.ts';
import { readersDir, sha256OfFile } from '../../pipeline/warehouse/pin.ts';
import { twoWarehouses } from './two-warehouses.ts';

const publishNext = { action: null as null | (() => void) };

vi.mock('../../pipeline/render/print-pack.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../pipeline/render/print-pack.ts')>();
  return {
    ...real,
    printChecked: async (...args: Parameters<typeof real.printChecked>) => {
      publishNext.action?.(); // a publish lands between building the site and printing it
      publishNext.action = null;
      return real.printChecked(...args);
    },
  };
});

const { renderPack } = await import('../../pipeline/render/pack.ts');

const meeting = '2023-11-08-psm';
const now = new Date('2023-11-01T10:30:00Z');

describe('psm pack reads one warehouse', () => {
  let paths: WorkspacePaths;
  let shaA: string;
  let shaB: string;
  let next: string;

  beforeAll(async () => {
    ({ paths, shaA, shaB, next } = await twoWarehouses());
  }, 120_000);

  afterAll(() => void (paths && rmSync(paths.root, { recursive: true, force: true })));

  it('stamps the warehouse it printed from, though the next one was published during the render', async () => {
    publishNext.action = () => renameSync(next, paths.warehouse);
    const { manifest } = await renderPack(paths, meeting, { now, log: () => {} });
    expect(await sha256OfFile(paths.warehouse)).toBe(shaB); // the publish did happen
    expect(manifest.siteBuildMs).not.toBeNull();
    expect(manifest.warehouse.sha256).toBe(shaA);
    expect(readSiteWarehouse(paths.site)?.sha256).toBe(shaA);
    expect(readdirSync(readersDir(paths))).toEqual([]);
  }, 300_000);

  it('the next render sees the site is of another warehouse, rebuilds it and stamps B', async () => {
    const { manifest } = await renderPack(paths, meeting, { now, log: () => {} });
    expect(manifest.siteBuildMs).not.toBeNull();
    expect(manifest.warehouse.sha256).toBe(shaB);
    expect(readSiteWarehouse(paths.site)?.sha256).toBe(shaB);
  }, 300_000);
});
