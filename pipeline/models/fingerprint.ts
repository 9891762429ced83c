// What a mart was built from, as one hash: its SQL, the staging SQL and contract of every extract it
// reads (directly or through other marts), those extracts' ledger rows, the reference tables and the
// fingerprints of the marts it reads. A night whose files change none of these keeps the mart as it
// was published instead of rebuilding it: a crimes correction no longer rebuilds the 101 calls mart.
// Every change to an extract's rows goes through its ledger (a load, a supersession, a re-check), so
// the ledger rows stand for the rows; a mart built by older code (other SQL) is rebuilt. The code's
// part is kept apart from the data's: a mart built by the same code as tonight's can be updated by
// the night's files alone (an incremental mart, build.ts).
import type { DuckDBConnection } from '@duckdb/node-api';
import { createHash } from 'node:crypto';
import { contracts, fieldsOf, type ExtractName } from '../extracts/index.ts';
import { queryRows, sqlString } from '../warehouse/duckdb.ts';
import { stampSql, unstamped } from '../warehouse/row-groups.ts';
import type { MartFile } from './graph.ts';
import { referenceTables } from './graph.ts';

/** Raised when what a fingerprint covers changes in code this file cannot see (refresh.ts's rules). */
const FINGERPRINT_VERSION = 1;

/** What a mart was built from: everything (`full`), the code's part alone, and (stored) which files. */
export interface Fingerprint {
  full: string;
  code: string;
  /** SHA-256 of the sorted hashes of the loaded files of the extracts it reads (refresh.ts). */
  files?: string;
}

const rowsHash = async (conn: DuckDBConnection, table: string, where = 'true'): Promise<string> => {
  const [row] = await queryRows<{ h: string }>(
    conn,
    `SELECT md5(coalesce(string_agg(t::VARCHAR, '|' ORDER BY t::VARCHAR), '')) AS h FROM ${table} t WHERE ${where}`,
  );
  return row!.h;
};

/** Fingerprints for one mart build: each input is hashed once, when the first mart needs it. */
export class Fingerprints {
  private readonly extracts = new Map<ExtractName, Promise<string>>();
  private reference: Promise<string> | undefined;
  /** This code's and this DuckDB's version: a mart kept across an upgrade could hold the old engine's results. */
  private engine: Promise<string> | undefined;
  private readonly marts = new Map<string, Promise<Fingerprint>>();

  constructor(private readonly stagingSql: (extract: ExtractName) => string) {}

  /** Call once the mart's extracts are final and the marts it reads have their fingerprints. */
  of(conn: DuckDBConnection, mart: MartFile, extracts: ReadonlySet<ExtractName>): Promise<Fingerprint> {
    let fp = this.marts.get(mart.name);
    if (!fp) {
      fp = this.compute(conn, mart, extracts);
      this.marts.set(mart.name, fp);
    }
    return fp;
  }

  private async compute(conn: DuckDBConnection, mart: MartFile, extracts: ReadonlySet<ExtractName>): Promise<Fingerprint> {
    this.engine ??= queryRows<{ v: string }>(conn, 'SELECT version() AS v').then((r) => `${FINGERPRINT_VERSION}\0${r[0]!.v}`);
    const code = createHash('sha256')
      .update(await this.engine)
      .update(mart.sql);
    const data = createHash('sha256');
    for (const e of [...extracts].sort()) {
      code.update(`\0${e}\0${this.stagingSql(e)}\0${JSON.stringify(fieldsOf(contracts[e]))}\0`);
      data.update(`\0${e}\0${await this.extractVersion(conn, e)}`);
    }
    this.reference ??= Promise.all(referenceTables.map((t) => rowsHash(conn, t))).then((hs) => hs.join());
    code.update(`\0${await this.reference}`);
    for (const r of [...mart.reads].sort()) code.update(`\0${r}\0${(await this.marts.get(r))?.code ?? ''}`);
    const codeHex = code.digest('hex');
    return { code: codeHex, full: createHash('sha256').update(codeHex).update(data.digest('hex')).digest('hex') };
  }

  private extractVersion(conn: DuckDBConnection, e: ExtractName): Promise<string> {
    let v = this.extracts.get(e);
    if (!v) {
      v = rowsHash(conn, 'ledger', `extract = ${sqlString(e)}`);
      this.extracts.set(e, v);
    }
    return v;
  }
}

/**
 * The fingerprint is the table's own comment (COMMENT ON TABLE), not a row elsewhere: any other
 * CREATE OR REPLACE of the mart (an older release, a hand repair) drops it with the old table, so a
 * mart is never kept on the word of a fingerprint that describes another build of it.
 */
export function parseFingerprint(comment: string | null | undefined): Fingerprint | null {
  try {
    const fp = JSON.parse(comment ? unstamped(comment) : 'null') as Fingerprint | null;
    return fp && typeof fp.full === 'string' && typeof fp.code === 'string' ? fp : null;
  } catch {
    return null; // a comment someone else wrote
  }
}

export async function recordFingerprint(conn: DuckDBConnection, mart: string, fingerprint: Fingerprint): Promise<void> {
  // Stamped too: the night's check describes the mart's row groups only when it was written (row-groups.ts).
  await conn.run(stampSql(mart, JSON.stringify({ ...fingerprint, builtAt: new Date().toISOString() })));
}
