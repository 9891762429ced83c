import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
const lim = process.argv[2] ?? '60MB';
const variants: Record<string,string> = {
  countonly: `SELECT call_id, count(*) n FROM stg_calls WHERE line='101' GROUP BY call_id`,
  minonly: `SELECT call_id, min(offered_at) a, bool_or(is_abandoned) b FROM stg_calls WHERE line='101' GROUP BY call_id`,
  anyfilter: `SELECT call_id, any_value(offered_at) FILTER (WHERE queue = '101-triage') a FROM stg_calls WHERE line='101' GROUP BY call_id`,
  full: readFileSync('pipeline/models/marts/calls_101.sql', 'utf8'),
};
for (const [k, sql] of Object.entries(variants)) for (const pio of ['true','false']) {
  const inst = await DuckDBInstance.create('/tmp/w1.duckdb', { memory_limit: lim, threads: '2', temp_directory: '/tmp/w1spill', preserve_insertion_order: pio });
  const c = await inst.connect();
  const t = Date.now();
  try { await c.run(`CREATE OR REPLACE TABLE x AS ${sql}`); console.log(k, pio, 'ok', Date.now() - t); } catch (e) { console.log(k, pio, 'fail', Date.now() - t, (e as Error).message.split('\n')[0]); }
  c.closeSync(); inst.closeSync();
}
