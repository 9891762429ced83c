// One measured task in a fresh process, so its peak memory (maxRSS) is its own:
//   tsx child.ts baseline DB FILE...   — DuckDB alone: read_csv each file into a table
//   tsx child.ts ingest WORKSPACE DIR… — the pipeline's ingest of the same files (or of one delta file)
//   tsx child.ts metrics WORKSPACE     — every metric × grain × period × area from the published warehouse
// Prints {ms, maxRssMb, rows} as JSON on stdout.
import { basename } from 'node:path';
import { workspacePaths } from '../config.ts';
import { ingest } from '../ingest/index.ts';
import { DuckDBInstance } from '@duckdb/node-api';
import { computeMetrics } from '../metrics/compute.ts';
import { queryRows, sqlString } from '../warehouse/duckdb.ts';
import { openPinned } from '../warehouse/pin.ts';

async function baseline(dbPath: string, files: string[]): Promise<number> {
  // DuckDB with its default settings: the pipeline's own tuning (openWriter) is not lent to the baseline.
  const instance = await DuckDBInstance.create(dbPath);
  const db = { conn: await instance.connect(), close: () => instance.closeSync() };
  let rows = 0;
  try {
    for (const [i, f] of files.entries()) {
      // DuckDB reads UTF-8 and Latin-1 only; the one Windows-1252 demo file is read as Latin-1 here.
      const encoding = basename(f).includes('1252') ? ", encoding = 'latin-1'" : '';
      await db.conn.run(`CREATE TABLE t${i} AS SELECT * FROM read_csv(${sqlString(f)}, header = true, ignore_errors = true${encoding})`);
      rows += (await queryRows<{ n: number }>(db.conn, `SELECT count(*)::INTEGER AS n FROM t${i}`))[0].n;
    }
    await db.conn.run('CHECKPOINT');
  } finally {
    db.close();
  }
  return rows;
}

async function allMetrics(root: string): Promise<number> {
  const { db, close } = await openPinned(workspacePaths(root));
  try {
    return (await computeMetrics(db.conn, { area: 'all' })).length;
  } finally {
    close();
  }
}

const [task, target, ...inputs] = process.argv.slice(2);
const t0 = performance.now();
let rows: number;
if (task === 'baseline') rows = await baseline(target!, inputs);
else if (task === 'ingest') rows = (await ingest(workspacePaths(target), inputs)).totals.rows;
else if (task === 'metrics') rows = await allMetrics(target!);
else throw new Error(`unknown bench task ${task}`);
const ms = performance.now() - t0;
process.stdout.write(JSON.stringify({ ms, rows, maxRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n');
