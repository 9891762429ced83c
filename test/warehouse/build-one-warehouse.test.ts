// A site build reads one warehouse, however many publishes happen while it runs. A real publish
// (a rename over psm.duckdb, as publish.ts does) is made to happen between two loaders: Framework
// runs each TypeScript loader as `tsx`, found on its PATH, and the build's `wrap` puts a shim first
// on that PATH. The shim lets the first loader run, then publishes warehouse B, and only then lets
// every other loader start. B differs from A in its last date of data, which every page carries
// (asOf), so a page from the other publish shows. Before the pin, every loader after the first
// opened psm.duckdb itself and read B: this test failed with pages of 2023-10-31 beside 2023-12-31.
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, type WorkspacePaths } from '../../pipeline/config.ts';
import { buildSite, readSiteWarehouse, type BuildResult } from '../../pipeline/site/build.ts';
import { openWriter } from '../../pipeline/warehouse/duckdb.ts';
import { readersDir, sha256OfFile } from '../../pipeline/warehouse/pin.ts';
import { makeFixtureWorkspace } from '../dashboards/fixture-workspace.ts';

const A_AS_OF = '2023-10-31';
const B_AS_OF = '2023-12-31';

/** Every loader output of the built site, with the asOf it carries (pages without one are left out). */
function pagesAsOf(site: string): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.json')) {
        const doc = JSON.parse(readFileSync(p, 'utf8')) as { asOf?: unknown };
        if (typeof doc.asOf === 'string') found.set(p.slice(site.length), doc.asOf);
      }
    }
  };
  walk(join(site, '_file', 'data'));
  return found;
}

/** `tsx`, as Framework finds it: the first loader runs, then B is published, then the rest run. */
function writeShim(dir: string, b: string, published: string): void {
  const realTsx = join(repoRoot, 'node_modules', '.bin', 'tsx');
  writeFileSync(
    join(dir, 'tsx'),
    `#!/bin/sh
if mkdir "${dir}/first" 2>/dev/null; then
  "${realTsx}" "$@"; code=$?
  mv "${b}" "${published}"
  touch "${dir}/published"
  exit $code
fi
while [ ! -e "${dir}/published" ]; do sleep 0.05; done
exec "${realTsx}" "$@"
`,
  );
  chmodSync(join(dir, 'tsx'), 0o755);
}

describe('psm build reads one warehouse', () => {
  let paths: WorkspacePaths;
  let shaA: string;
  let shaB: string;
  let result: BuildResult;
  let log = '';

  beforeAll(async () => {
    paths = await makeFixtureWorkspace();
    shaA = await sha256OfFile(paths.warehouse);
    // B: the next publish, made the way an ingest makes one (a copy, changed, checkpointed).
    const b = join(paths.warehouseDir, 'psm.next.duckdb');
    copyFileSync(paths.warehouse, b);
    const w = await openWriter(b);
    await w.conn.run(`UPDATE data_span SET last_date = DATE '${B_AS_OF}'`);
    await w.conn.run('CHECKPOINT');
    w.close();
    shaB = await sha256OfFile(b);
    const shim = mkdtempSync(join(tmpdir(), 'psm-shim-'));
    writeShim(shim, b, paths.warehouse);
    const path = [shim, join(repoRoot, 'node_modules', '.bin'), process.env.PATH ?? ''].join(':');
    try {
      result = await buildSite(paths, {
        wrap: ['env', `PATH=${path}`],
        now: new Date('2023-11-01T12:00:00Z'),
        onOutput: (s) => void (log += s),
      });
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${log.split('\n').slice(-30).join('\n')}`);
    }
    expect(existsSync(join(shim, 'published')), 'the shim published B during the build').toBe(true);
  }, 180_000);

  afterAll(() => void (paths && rmSync(paths.root, { recursive: true, force: true })));

  it('every page shows the warehouse pinned at the start, though B was published after the first loader', async () => {
    expect(await sha256OfFile(paths.warehouse)).toBe(shaB); // the publish really happened
    const pages = pagesAsOf(paths.site);
    expect(pages.size).toBeGreaterThanOrEqual(5); // overview, definitions, quality and the theme pages
    expect(Object.fromEntries(pages)).toEqual(Object.fromEntries([...pages.keys()].map((k) => [k, A_AS_OF])));
  });

  it('records the warehouse it was built from, and removes its pin', () => {
    expect(result.warehouse.sha256).toBe(shaA);
    expect(readSiteWarehouse(paths.site)).toEqual(result.warehouse);
    expect(readdirSync(readersDir(paths))).toEqual([]);
  });

  it('the next build reads B', async () => {
    // Straight through this time (no shim): the site now says B, on every page.
    const again = await buildSite(paths, { onOutput: () => {} });
    expect(again.warehouse.sha256).toBe(shaB);
    expect(new Set(pagesAsOf(paths.site).values())).toEqual(new Set([B_AS_OF]));
    expect(statSync(paths.warehouse).size).toBe(again.warehouse.bytes);
  }, 120_000);
});
