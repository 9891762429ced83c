// Shared test helpers: a throwaway workspace on disk, and read-only queries of its warehouse.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, workspacePaths, type WorkspacePaths } from '../pipeline/config.ts';
import { openReadOnly, queryRows } from '../pipeline/warehouse/duckdb.ts';

export const fixtures = join(import.meta.dirname, 'fixtures');

/** A fresh workspace folder; `files` (fixture-relative) are copied into its inbox. */
export function tempWorkspace(files: string[] = [], mapping?: string): WorkspacePaths {
  const root = mkdtempSync(join(tmpdir(), 'psm-test-'));
  const paths = workspacePaths(root);
  mkdirSync(paths.inbox, { recursive: true });
  for (const f of files) cpSync(join(fixtures, f), join(paths.inbox, f.split('/').pop()!));
  if (mapping) cpSync(join(fixtures, mapping), join(root, 'force-mapping.json'));
  return workspacePaths(root); // re-read so the workspace's own mapping is picked up
}

export async function query<T = Record<string, unknown>>(warehouse: string, sql: string): Promise<T[]> {
  const db = await openReadOnly(warehouse);
  try {
    return await queryRows<T>(db.conn, sql);
  } finally {
    db.close();
  }
}

/**
 * The demo force as a user gets it: `psm demo-data` then `psm ingest` through the CLI into a fresh
 * workspace (demo-data also copies the two demo meetings into its reports/). `reuseEnv` names an
 * environment variable that may point at an already-ingested workspace, to iterate without the
 * half-minute of setup.
 */
export function ingestedDemoWorkspace(prefix: string, reuseEnv?: string): WorkspacePaths {
  const given = reuseEnv ? process.env[reuseEnv] : undefined;
  if (given) {
    const paths = workspacePaths(given);
    if (!existsSync(paths.warehouse)) throw new Error(`${reuseEnv}=${given} has no warehouse: ingest it first`);
    return paths;
  }
  const root = mkdtempSync(join(tmpdir(), prefix));
  const psm = (args: string[]) =>
    execFileSync(process.execPath, [join(repoRoot, 'bin', 'psm.js'), ...args], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 << 20 });
  psm(['demo-data', '--workspace', root]);
  psm(['ingest', '--workspace', root]);
  return workspacePaths(root);
}
