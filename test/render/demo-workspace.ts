// The demo force as a user gets it: `psm demo-data` then `psm ingest` into a fresh workspace
// through the CLI (which also copies the two demo meetings into its reports/). PSM_PACK_WORKSPACE
// names an already-ingested workspace instead, to iterate on the pack without a minute of setup.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, workspacePaths, type WorkspacePaths } from '../../pipeline/config.ts';

function psm(args: string[]): void {
  execFileSync(process.execPath, [join(repoRoot, 'bin', 'psm.js'), ...args], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 << 20 });
}

export function demoPackWorkspace(): WorkspacePaths {
  const given = process.env.PSM_PACK_WORKSPACE;
  if (given) {
    const paths = workspacePaths(given);
    if (!existsSync(paths.warehouse)) throw new Error(`PSM_PACK_WORKSPACE=${given} has no warehouse: ingest it first`);
    return paths;
  }
  const root = mkdtempSync(join(tmpdir(), 'psm-pack-demo-'));
  psm(['demo-data', '--workspace', root]);
  psm(['ingest', '--workspace', root]);
  return workspacePaths(root);
}
