import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
const lim = process.argv[2] ?? '120MB';
const f = `/tmp/w1x10.duckdb`;
const full = readFileSync('pipeline/models/marts/calls_101.sql', 'utf8').replace('FROM stg_calls', 'FROM legs');
const v: Record<string,string> = {
  full,
  half: `SELECT call_id, min(offered_at) a, any_value(offered_at) FILTER (WHERE queue = '101-triage') b, any_value(answered_at) FILTER (WHERE queue = '101-triage') c, any_value(ring_s) FILTER (WHERE queue = '101-triage') d, bool_or(is_abandoned) e FROM legs GROUP BY call_id`,
  cases: `SELECT call_id, min(offered_at) a, max(CASE WHEN queue = '101-triage' THEN offered_at END) b, max(CASE WHEN queue = '101-triage' THEN answered_at END) c, max(CASE WHEN queue = '101-triage' THEN ring_s END) d,
   max(CASE WHEN queue = '101-cw' THEN offered_at END) b2, max(CASE WHEN queue = '101-cw' THEN answered_at END) c2, max(CASE WHEN queue = '101-cw' THEN ring_s END) d2, bool_or(queue = '101-cw' AND ring_us <= 60000000) f, bool_or(is_abandoned) e FROM legs GROUP BY call_id`,
};
for (const [k, sql] of Object.entries(v)) for (const th of ['2','1']) {
  const inst = await DuckDBInstance.create(f, { memory_limit: lim, threads: th, temp_directory: '/tmp/w1spill' });
  const c = await inst.connect();
  const t = Date.now();
  try { await c.run(`CREATE OR REPLACE TABLE x AS ${sql}`); console.log(k, th, 'ok', Date.now() - t); } catch (e) { console.log(k, th, 'fail', Date.now() - t, (e as Error).message.split('\n')[0]); }
  c.closeSync(); inst.closeSync();
}
