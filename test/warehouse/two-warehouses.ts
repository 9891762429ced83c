// The fixture workspace with a second warehouse ready to publish: A is published, B (every rape
// crime counted twice, so its values differ from A's) waits at `next` for a test to rename it over
// psm.duckdb at the moment it wants a publish to land.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkspacePaths } from '../../pipeline/config.ts';
import { ident, openWriter } from '../../pipeline/warehouse/duckdb.ts';
import { fileTableName } from '../../pipeline/warehouse/file-tables.ts';
import { sha256OfFile } from '../../pipeline/warehouse/pin.ts';
import { makeFixtureWorkspace } from '../dashboards/fixture-workspace.ts';

export interface TwoWarehouses {
  paths: WorkspacePaths;
  shaA: string;
  shaB: string;
  next: string;
}

export async function twoWarehouses(): Promise<TwoWarehouses> {
  const paths = await makeFixtureWorkspace();
  const shaA = await sha256OfFile(paths.warehouse);
  const next = join(paths.warehouseDir, 'psm.next.duckdb');
  copyFileSync(paths.warehouse, next);
  const w = await openWriter(next);
  const crimes = ident(fileTableName('crimes', 'crimes'.padEnd(64, '0'))); // the fixture's one crimes file
  await w.conn.run(`INSERT INTO ${crimes} SELECT * FROM ${crimes} WHERE ho_offence_code = '19C'`);
  await w.conn.run('CHECKPOINT');
  w.close();
  return { paths, shaA, shaB: await sha256OfFile(next), next };
}
