import { DuckDBInstance } from '@duckdb/node-api';
const inst = await DuckDBInstance.create('/tmp/w1x10.duckdb', { access_mode: 'READ_ONLY' });
const c = await inst.connect();
const base = `(SELECT call_id, count(*) n FROM legs WHERE line='101' GROUP BY call_id) m`;
for (const f of [`hash(m.call_id) < 9223372036854775808::UBIGINT`, `hash(m.call_id) >= 4611686018427387904 AND hash(m.call_id) < 9223372036854775808::UBIGINT`, `hash(m.call_id) IS NULL OR hash(m.call_id) < 100`]) {
  try { const r = await c.runAndReadAll(`EXPLAIN SELECT * FROM ${base} WHERE ${f}`);
  const plan = r.getRows().map(x => x[1]).join('\n');
  console.log(f, '→ top operator:', plan.match(/│\s+(\w+)\s+│/)?.[1]); } catch (e) { console.log(f, (e as Error).message.split('\n')[0]); }
}
