import { DuckDBInstance } from '@duckdb/node-api';
const lim = process.argv[2] ?? '120MB';
const f = `/tmp/w1x10.duckdb`;
const v: Record<string,string> = {
  countonly: `SELECT call_id, count(*) n FROM legs GROUP BY call_id`,
  minonly: `SELECT call_id, min(offered_at) a FROM legs GROUP BY call_id`,
  boolor: `SELECT call_id, bool_or(is_abandoned) b FROM legs GROUP BY call_id`,
  anyv: `SELECT call_id, any_value(offered_at) FILTER (WHERE queue = '101-triage') a FROM legs GROUP BY call_id`,
  maxcase: `SELECT call_id, max(CASE WHEN queue = '101-triage' THEN offered_at END) a FROM legs GROUP BY call_id`,
};
for (const [k, sql] of Object.entries(v)) for (const th of ['2','1']) {
  const inst = await DuckDBInstance.create(f, { memory_limit: lim, threads: th, temp_directory: '/tmp/w1spill' });
  const c = await inst.connect();
  const t = Date.now();
  try { await c.run(`CREATE OR REPLACE TABLE x AS ${sql}`); console.log(k, th, 'ok', Date.now() - t); } catch (e) { console.log(k, th, 'fail', Date.now() - t, (e as Error).message.split('\n')[0]); }
  c.closeSync(); inst.closeSync();
}
