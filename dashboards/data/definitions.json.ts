// The metric definitions page's data: the catalogue, as the pipeline computes it.
import { dataAsOf } from '../../pipeline/metrics/compute.ts';
import { definitionsData } from '../../pipeline/site/definitions-data.ts';
import { runLoader } from '../../pipeline/site/loader.ts';
import { workspaceAnnotations } from '../../pipeline/site/series.ts';

await runLoader(async (conn, paths, settings) => definitionsData(workspaceAnnotations(paths.root), await dataAsOf(conn), settings.audience));
