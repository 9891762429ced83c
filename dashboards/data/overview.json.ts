// The overview page's data: next meeting, its headline metrics, what changed since the last one.
import { dataAsOf } from '../../pipeline/metrics/compute.ts';
import { runLoader } from '../../pipeline/site/loader.ts';
import { overviewData } from '../../pipeline/site/overview-data.ts';
import { workspaceAnnotations } from '../../pipeline/site/series.ts';

await runLoader(async (conn, paths, settings) =>
  overviewData(conn, paths, workspaceAnnotations(paths.root), await dataAsOf(conn), { audience: settings.audience, now: settings.now ?? new Date() }));
