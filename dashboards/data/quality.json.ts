// The data-quality page's data: freshness per extract, the ledger, quarantine counts (never rows).
import { dataAsOf } from '../../pipeline/metrics/compute.ts';
import { runLoader } from '../../pipeline/site/loader.ts';
import { qualityData } from '../../pipeline/site/quality-data.ts';

await runLoader(async (conn, _paths, settings) => qualityData(conn, await dataAsOf(conn), settings.now ?? new Date(), settings.audience));
