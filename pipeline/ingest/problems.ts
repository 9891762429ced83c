// The rows of ingested files that need a person: quarantined (not loaded) and loaded with a
// warning, by file, line and field, read from the published warehouse. `psm quarantine` prints them.
import { basename } from 'node:path';
import type { WorkspacePaths } from '../config.ts';
import { openReadOnly, queryRows, sqlString } from '../warehouse/duckdb.ts';

export interface ProblemRow {
  file: string;
  sha256: string;
  line: number;
  field: string | null;
  value: string | null;
  reason: string;
  /** quarantined: the row was not loaded; warning: it was loaded and something about it is unresolved. */
  outcome: 'quarantined' | 'warning';
}

export interface ProblemList {
  warehouse: string;
  /** Every problem row of the files asked for; `rows` holds the first `limit` of them. */
  total: number;
  rows: ProblemRow[];
}

/** Files are named as ingested (a path is taken by its file name); none named: every file. */
export async function listProblems(paths: WorkspacePaths, files: string[], limit: number): Promise<ProblemList> {
  const db = await openReadOnly(paths.warehouse);
  try {
    const names = files.map((f) => sqlString(basename(f)));
    // A mistyped name must not read as "no problems": every name given must be a file the ledger has.
    if (names.length) {
      const known = await queryRows<{ file: string }>(db.conn, `SELECT DISTINCT file FROM ledger WHERE file IN (${names.join(', ')})`);
      const unknown = files.filter((f) => !known.some((k) => k.file === basename(f)));
      if (unknown.length)
        throw new Error(`not ingested into ${paths.warehouse}: ${unknown.join(', ')} (psm status lists the files that are)`);
    }
    const where = names.length ? `WHERE file IN (${names.join(', ')})` : '';
    const all = `SELECT file, sha256, line, field, value, reason, 'quarantined' AS outcome FROM quarantine ${where}
      UNION ALL SELECT file, sha256, line, field, value, reason, 'warning' AS outcome FROM warnings ${where}`;
    const [{ total }] = await queryRows<{ total: number }>(db.conn, `SELECT count(*)::INTEGER AS total FROM (${all})`);
    const rows = await queryRows<ProblemRow>(
      db.conn,
      `SELECT * FROM (${all}) ORDER BY file, sha256, line, field NULLS FIRST
      ${limit > 0 ? `LIMIT ${Math.floor(limit)}` : ''}`,
    );
    return { warehouse: paths.warehouse, total, rows };
  } finally {
    db.close();
  }
}
