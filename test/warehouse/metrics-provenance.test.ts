// `psm metrics --json` stamps its values with the SHA-256 of the warehouse they came from. A publish
// is made to happen at the worst moment — after the values are computed, before the hash is taken —
// by wrapping computeMetrics so that it renames the next warehouse over psm.duckdb on its way out.
// The command used to hash psm.duckdb by name at the end, so this printed B's hash beside A's values
// (the tester saw it in 1 run in 9); it hashes the pin it computed from now.
import { readdirSync, renameSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { WorkspacePaths } from '../../pipeline/config.ts';
import { readersDir, sha256OfFile } from '../../pipeline/warehouse/pin.ts';
import { twoWarehouses } from './two-warehouses.ts';

const publishNext = { action: null as null | (() => void) };

vi.mock('../../pipeline/metrics/compute.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../pipeline/metrics/compute.ts')>();
  return {
    ...real,
    computeMetrics: async (...args: Parameters<typeof real.computeMetrics>) => {
      const values = await real.computeMetrics(...args);
      publishNext.action?.(); // a publish lands between computing and hashing
      publishNext.action = null;
      return values;
    },
  };
});

const { run } = await import('../../pipeline/commands/metrics.ts');

async function metricsJson(root: string): Promise<{ as_of: string; warehouse_sha256: string; values: { value: number | null }[] }> {
  let out = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    expect(await run(['--workspace', root, '--json', '--metric', 'vawg_rape', '--grain', 'r12'])).toBe(0);
  } finally {
    write.mockRestore();
    err.mockRestore();
  }
  return JSON.parse(out);
}

describe('psm metrics --json provenance', () => {
  let paths: WorkspacePaths;
  let shaA: string;
  let shaB: string;
  let next: string;

  beforeAll(async () => {
    ({ paths, shaA, shaB, next } = await twoWarehouses());
  }, 120_000);

  afterAll(() => void (paths && rmSync(paths.root, { recursive: true, force: true })));

  it('hashes the very file its values were computed from, though a publish lands in between', async () => {
    const before = await metricsJson(paths.root);
    expect(before.warehouse_sha256).toBe(shaA);
    publishNext.action = () => renameSync(next, paths.warehouse);
    const during = await metricsJson(paths.root);
    expect(await sha256OfFile(paths.warehouse)).toBe(shaB); // the publish did happen
    expect(during.values).toEqual(before.values); // computed from A ...
    expect((await metricsJson(paths.root)).values).not.toEqual(before.values); // (B's values are not A's)
    expect(during.warehouse_sha256).toBe(shaA); // ... and stamped A
    expect(readdirSync(readersDir(paths))).toEqual([]); // the pin is gone
  });
});
