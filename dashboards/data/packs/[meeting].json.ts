// Loader for one meeting's pack page: `--meeting=<id>` comes from the page's route. It reads the
// warehouse the build pinned (PSM_WAREHOUSE; else the published one) read-only and writes
// aggregates only (metric values, limits, ledger entries).
// A bad figure reference fails the build with the file and line, which fails the pack closed.
import { parseArgs } from 'node:util';
import { workspacePaths } from '../../../pipeline/config.ts';
import { buildPackData } from '../../../pipeline/packs/pack-data.ts';
import { openReadOnly } from '../../../pipeline/warehouse/duckdb.ts';
import { readerWarehouse } from '../../../pipeline/warehouse/pin.ts';

// --metric-cache=DIR (psm preview's stub adds it): keep the computed figures there between runs.
const { values } = parseArgs({ options: { meeting: { type: 'string' }, 'metric-cache': { type: 'string' } }, strict: false });
const meeting = values.meeting;
if (typeof meeting !== 'string' || !meeting) throw new Error('packs loader: --meeting=<meeting-id> is required');
const paths = workspacePaths();
const warehouse = readerWarehouse(paths);
const cacheDir = values['metric-cache'];
const db = await openReadOnly(warehouse);
try {
  const data = await buildPackData(db.conn, meeting, {
    reportsDir: paths.reports,
    annotationsPath: paths.annotations,
    metricCache: typeof cacheDir === 'string' && cacheDir ? { dir: cacheDir, warehouse } : undefined,
  });
  process.stdout.write(JSON.stringify(data));
} finally {
  db.close();
}
