// The frame every dashboard loader runs in: find the workspace Framework was started for (psm build
// passes PSM_WORKSPACE), open the warehouse the build pinned for every loader (PSM_WAREHOUSE: one
// publish for the whole site, however many publishes happen while it builds) READ_ONLY, and write
// one JSON document to stdout.
import type { DuckDBConnection } from '@duckdb/node-api';
import { workspacePaths, type WorkspacePaths } from '../config.ts';
import { settings, type Settings } from '../settings.ts';
import { WarehouseDamagedError } from '../warehouse/damage.ts';
import { openReadOnly } from '../warehouse/duckdb.ts';
import { readerWarehouse } from '../warehouse/pin.ts';

export async function runLoader(produce: (conn: DuckDBConnection, paths: WorkspacePaths, settings: Settings) => Promise<unknown>): Promise<void> {
  const paths = workspacePaths();
  try {
    const db = await openReadOnly(readerWarehouse(paths));
    try {
      const doc = await produce(db.conn, paths, settings());
      process.stdout.write(JSON.stringify(doc));
    } finally {
      db.close();
    }
  } catch (err) {
    // A damaged warehouse is the user's to mend, not a bug in the loader: its message, not a stack.
    if (!(err instanceof WarehouseDamagedError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exitCode = 1;
  }
}
