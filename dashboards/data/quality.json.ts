// The data-quality page's data: freshness per extract, the ledger, quarantine counts (never rows).
import { dataAsOf } from '../../pipeline/metrics/compute.ts';
import { runLoader } from '../../pipeline/site/loader.ts';
import { qualityData } from '../../pipeline/site/quality-data.ts';

await runLoader(async (conn) => qualityData(conn, await dataAsOf(conn)));
