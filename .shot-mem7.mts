import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
const lim = process.argv[2] ?? '120MB';
const P = Number(process.argv[3] ?? 4);
const f = `/tmp/w1x10.duckdb`;
const full = readFileSync('pipeline/models/marts/calls_101.sql', 'utf8').replace('FROM stg_calls', 'FROM legs');
const inst = await DuckDBInstance.create(f, { memory_limit: lim, threads: '2', temp_directory: '/tmp/w1spill' });
const c = await inst.connect();
let t = Date.now();
const q = Array.from({ length: P - 1 }, (_, i) => (i + 1) / P);
const b = (await c.runAndReadAll(`SELECT quantile_disc(call_id, [${q}])::VARCHAR[] AS b FROM legs USING SAMPLE 1%`)).getRowObjectsJson()[0].b as string[];
console.log('bounds', b, Date.now() - t);
const e = await c.runAndReadAll(`EXPLAIN SELECT * FROM (${full}) m WHERE m.call_id < '${b[0]}' OR m.call_id IS NULL`);
console.log('top:', e.getRows().map(x => x[1]).join('\n').match(/│\s+(\w+)\s+│/)?.[1]);
t = Date.now();
try {
  const conds = [`m.call_id < '${b[0]}' OR m.call_id IS NULL`, ...b.map((lo, i) => i + 1 < b.length ? `m.call_id >= '${lo}' AND m.call_id < '${b[i + 1]}'` : `m.call_id >= '${lo}'`)];
  await c.run(`CREATE OR REPLACE TABLE x AS SELECT * FROM (${full}) m WHERE ${conds[0]}`);
  for (const w of conds.slice(1)) await c.run(`INSERT INTO x SELECT * FROM (${full}) m WHERE ${w}`);
  const n = (await c.runAndReadAll(`SELECT count(*)::INT n FROM x`)).getRowObjects()[0];
  console.log(P, lim, 'ok', Date.now() - t, n);
} catch (e) { console.log(P, lim, 'fail', Date.now() - t, (e as Error).message.split('\n')[0]); }
