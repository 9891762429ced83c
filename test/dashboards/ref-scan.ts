// Scans every file of a built site for record refs (crime, order, breach, call, request refs) held
// in the warehouse. Millions of refs do not belong in JavaScript, so the matching is done by DuckDB:
// every substring of the site's text that is as long as some ref and made of ref characters is a
// candidate, and the candidates are joined against the ref columns in SQL.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { openMemory, queryRows, sqlString } from '../../pipeline/warehouse/duckdb.ts';

/** Every column that holds a record ref, and where quarantined values of it are kept. */
export const refColumns: [table: string, column: string][] = [
  ['crimes', 'crime_ref'],
  ['outcomes', 'crime_ref'],
  ['orders', 'order_ref'],
  ['orders', 'crime_ref'],
  ['breaches', 'breach_ref'],
  ['breaches', 'order_ref'],
  ['calls', 'call_id'],
  ['dvds', 'request_ref'],
];
const refFields = [...new Set(refColumns.map(([, c]) => c))];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

const refsSql = [
  ...refColumns.map(([t, c]) => `SELECT ${c} AS ref FROM w.${t} WHERE ${c} IS NOT NULL`),
  // A quarantined row's ref (a duplicate, say) is still a record ref even though it was not loaded.
  `SELECT value FROM w.quarantine WHERE field IN (${refFields.map(sqlString).join(', ')}) AND value IS NOT NULL`,
].join(' UNION ');

export interface Leak {
  ref: string;
  file: string;
}

export async function findLeakedRefs(siteDir: string, warehouse: string): Promise<{ leaks: Leak[]; refs: number; candidates: number }> {
  const db = await openMemory();
  const scratch = mkdtempSync(join(tmpdir(), 'psm-refscan-'));
  try {
    await db.conn.run(`ATTACH ${sqlString(warehouse)} AS w (READ_ONLY)`);
    await db.conn.run(`CREATE TEMP TABLE refs AS SELECT DISTINCT ref FROM (${refsSql})`);
    const [stats] = await queryRows<{ n: number; odd: number }>(
      db.conn,
      `SELECT count(*)::INTEGER AS n, count(*) FILTER (WHERE NOT regexp_full_match(ref, '[A-Za-z0-9_/-]+'))::INTEGER AS odd FROM refs`,
    );
    // The candidate alphabet below must cover every ref, or a leak could go unseen.
    if (stats!.odd > 0) throw new Error(`${stats!.odd} refs use characters outside [A-Za-z0-9_/-]: widen the scan`);
    const lengths = (await queryRows<{ l: number }>(db.conn, 'SELECT DISTINCT length(ref)::INTEGER AS l FROM refs')).map((r) => r.l);
    const seen = new Map<string, string>();
    for (const file of files(siteDir)) {
      const text = readFileSync(file, 'latin1');
      const rel = relative(siteDir, file);
      for (const m of text.matchAll(/[A-Za-z0-9_/-]+/g)) {
        const token = m[0];
        for (const l of lengths) {
          for (let i = 0; i + l <= token.length; i++) {
            const c = token.slice(i, i + l);
            if (!seen.has(c)) seen.set(c, rel);
          }
        }
      }
    }
    const list = join(scratch, 'candidates.txt');
    writeFileSync(list, [...seen.keys()].join('\n') + '\n');
    await db.conn.run(
      `CREATE TEMP TABLE candidates AS SELECT c FROM read_csv(${sqlString(list)}, header = false, columns = {'c': 'VARCHAR'}, delim = '\t', quote = '', escape = '')`,
    );
    const hits = await queryRows<{ c: string }>(db.conn, 'SELECT c FROM candidates SEMI JOIN refs ON c = ref ORDER BY c LIMIT 50');
    return { leaks: hits.map((h) => ({ ref: h.c, file: seen.get(h.c)! })), refs: stats!.n, candidates: seen.size };
  } finally {
    db.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}
