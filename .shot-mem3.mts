import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync, rmSync } from 'node:fs';
const lim = process.argv[2] ?? '200MB';
const K = Number(process.argv[3] ?? 5);
const f = `/tmp/w1x${K}.duckdb`;
{
  rmSync(f, { force: true });
  const inst = await DuckDBInstance.create(f);
  const c = await inst.connect();
  await c.run(`ATTACH '/tmp/w1.duckdb' AS src (READ_ONLY)`);
  await c.run(`CREATE TABLE legs AS SELECT call_id || '-' || k AS call_id, line, queue, offered_at, answered_at, abandoned_at, is_abandoned, ring_us, ring_s FROM src.stg_calls, range(${K}) t(k) WHERE line='101'`);
  c.closeSync(); inst.closeSync();
}
const sql = readFileSync('pipeline/models/marts/calls_101.sql', 'utf8').replace('FROM stg_calls', 'FROM legs');
const inst = await DuckDBInstance.create(f, { memory_limit: lim, threads: '2', temp_directory: '/tmp/w1spill' });
const c = await inst.connect();
const t = Date.now();
try { await c.run(`CREATE OR REPLACE TABLE x AS ${sql}`); console.log(K, lim, 'ok', Date.now() - t); } catch (e) { console.log(K, lim, 'fail', Date.now() - t, (e as Error).message.split('\n')[0]); }
