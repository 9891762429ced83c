// Shared test helpers: a throwaway workspace on disk, and read-only queries of its warehouse.
import { cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workspacePaths, type WorkspacePaths } from '../pipeline/config.ts';
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
