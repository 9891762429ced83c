// Framework's client bundle lists "recommended libraries" (Plot, d3, Inputs, lodash …) as lazy
// `import("npm:…")` calls, and to write their paths it asks registry.npmjs.org for each one's
// latest version, on every build, even though no page of ours uses them (we import libraries from
// node_modules by bare specifier). Framework first looks in its version cache — one directory
// `_npm/<name>@<version>` per known version — so seeding that cache makes the build need no
// network. The seeded paths stay dead: a page that did use an implicit global would request a
// missing /_npm/ file, which the browser tests report as a failed request.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { repoRoot } from '../config.ts';

const frameworkDist = join(repoRoot, 'node_modules', '@observablehq', 'framework', 'dist');

/** Package names (with Framework's pinned range, if any) named by `npm:` specifiers in Framework's client. */
export function clientNpmPackages(): Map<string, string | undefined> {
  const found = new Map<string, string | undefined>();
  const dirs = [join(frameworkDist, 'client'), join(frameworkDist, 'client', 'stdlib')];
  for (const dir of dirs) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.js'))) {
      const source = readFileSync(join(dir, file), 'utf8');
      for (const m of source.matchAll(/["']npm:((?:@[^/"']+\/)?[^/@"']+)(?:@([^/"']+))?[^"']*["']/g)) {
        found.set(m[1]!, m[2] ?? found.get(m[1]!));
      }
    }
  }
  // DuckDB-WASM is pinned inside Framework rather than in the specifier.
  const duckdb = readFileSync(join(frameworkDist, 'duckdb.js'), 'utf8').match(/DUCKDB_WASM_VERSION = "([^"]+)"/);
  if (duckdb) found.set('@duckdb/duckdb-wasm', duckdb[1]);
  return found;
}

/** The installed version when the package is in node_modules, else a placeholder nobody fetches. */
function versionFor(name: string, pinned: string | undefined): string {
  if (pinned && /^\d+\.\d+\.\d+/.test(pinned)) return pinned;
  const pkg = join(repoRoot, 'node_modules', name, 'package.json');
  if (existsSync(pkg)) return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
  return '0.0.0-unused';
}

export async function seedNpmVersionCache(cacheDir: string): Promise<void> {
  for (const [name, pinned] of clientNpmPackages()) {
    await mkdir(join(cacheDir, '_npm', `${name}@${versionFor(name, pinned)}`), { recursive: true });
  }
}
