import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
const lim = process.argv[2] ?? '120MB';
const P = Number(process.argv[3] ?? 4);
const f = `/tmp/w1x10.duckdb`;
const full = readFileSync('pipeline/models/marts/calls_101.sql', 'utf8').replace('FROM stg_calls', 'FROM legs');
const inst = await DuckDBInstance.create(f, { memory_limit: lim, threads: '2', temp_directory: '/tmp/w1spill' });
const c = await inst.connect();
const t = Date.now();
try {
  await c.run(`CREATE OR REPLACE TABLE x AS SELECT * FROM (${full}) WHERE false`);
  for (let i = 0; i < P; i++) await c.run(`INSERT INTO x SELECT * FROM (${full}) m WHERE hash(m.call_id) % ${P} = ${i}`);
  console.log(P, lim, 'ok', Date.now() - t);
} catch (e) { console.log(P, lim, 'fail', Date.now() - t, (e as Error).message.split('\n')[0]); }
