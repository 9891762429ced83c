import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
const lim = process.argv[2] ?? '100MB';
const inst = await DuckDBInstance.create('/tmp/w1.duckdb', { memory_limit: lim, threads: '2', temp_directory: '/tmp/w1spill' });
const c = await inst.connect();
const n = await c.runAndReadAll(`SELECT count(*)::INT n, count(DISTINCT call_id)::INT d FROM stg_calls WHERE line='101'`);
console.log(n.getRowObjects());
const sql = readFileSync('pipeline/models/marts/calls_101.sql', 'utf8');
const t = Date.now();
try { await c.run(`CREATE OR REPLACE TEMP TABLE x AS ${sql}`); console.log('ok', Date.now() - t); } catch (e) { console.log('fail', Date.now() - t, (e as Error).message); }
const p = await c.runAndReadAll(`SELECT max(memory_usage_bytes)::BIGINT m FROM duckdb_memory()`); console.log(p.getRowObjectsJson());
