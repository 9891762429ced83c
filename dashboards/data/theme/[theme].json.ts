// One theme page's data (vawg, orders, contact, dvds): every metric of the theme, all grains,
// periods and areas, with monthly SPC. Aggregates only; the logic is in pipeline/site/.
import { parseArgs } from 'node:util';
import { dataAsOf } from '../../../pipeline/metrics/compute.ts';
import { runLoader } from '../../../pipeline/site/loader.ts';
import { workspaceAnnotations } from '../../../pipeline/site/series.ts';
import { themeData } from '../../../pipeline/site/theme-data.ts';

const { values } = parseArgs({ options: { theme: { type: 'string' } }, strict: false });
await runLoader(async (conn, paths, settings) =>
  themeData(conn, String(values.theme), workspaceAnnotations(paths.root), await dataAsOf(conn), settings.audience));
