import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
const inst = await DuckDBInstance.create('/tmp/psm-passes-0MwgDM/warehouse/psm.duckdb', { memory_limit: process.argv[2], threads: '1' });
const c = await inst.connect();
const full = readFileSync('pipeline/models/marts/calls_101.sql', 'utf8');
let t = Date.now();
const b = (await c.runAndReadAll(`SELECT list_sort(list_distinct(quantile_disc(call_id, [0.25,0.5,0.75])))::VARCHAR[] AS b FROM calls USING SAMPLE 1%`)).getRowObjectsJson()[0].b as string[];
console.log('bounds', b, Date.now() - t);
for (const w of [`m.call_id < '${b[0]}'`, `m.call_id >= '${b[2]}'`]) { t = Date.now();
 try { await c.run(`CREATE OR REPLACE TABLE x AS SELECT * FROM (${full}) m WHERE ${w}`); console.log('ok', Date.now()-t); } catch (e) { console.log('fail', (e as Error).message.split('\n')[0]); } }
