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
import type { MartFile } from './graph.ts';
import { referenceTables } from './graph.ts';

/** Where each table mart's fingerprint is kept, beside the mart, in the same warehouse. */
export const FINGERPRINTS = 'mart_fingerprints';

export async function createFingerprintTable(conn: DuckDBConnection): Promise<void> {
  await conn.run(`CREATE TABLE IF NOT EXISTS ${FINGERPRINTS} (mart VARCHAR, fingerprint VARCHAR, built_at TIMESTAMP)`);
  await conn.run(`ALTER TABLE ${FINGERPRINTS} ADD COLUMN IF NOT EXISTS code_fingerprint VARCHAR`);
  await conn.run(`ALTER TABLE ${FINGERPRINTS} ADD COLUMN IF NOT EXISTS files_hash VARCHAR`);
}

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
    const code = createHash('sha256').update(mart.sql);
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

/** The fingerprint the warehouse holds for a mart (null: none, or built before fingerprints). */
export async function storedFingerprint(conn: DuckDBConnection, mart: string): Promise<Fingerprint | null> {
  const rows = await queryRows<{ full: string; code: string | null; files: string | null }>(
    conn,
    `SELECT fingerprint AS full, code_fingerprint AS code, files_hash AS files
    FROM ${FINGERPRINTS} WHERE mart = ${sqlString(mart)} ORDER BY built_at DESC LIMIT 1`,
  );
  const row = rows[0];
  return row ? { full: row.full, code: row.code ?? '', files: row.files ?? '' } : null;
}

export async function recordFingerprint(conn: DuckDBConnection, mart: string, fingerprint: Fingerprint | null): Promise<void> {
  await conn.run(`DELETE FROM ${FINGERPRINTS} WHERE mart = ${sqlString(mart)}`);
  if (fingerprint)
    await conn.run(
      `INSERT INTO ${FINGERPRINTS} (mart, fingerprint, code_fingerprint, files_hash, built_at)
      VALUES (${[mart, fingerprint.full, fingerprint.code, fingerprint.files ?? ''].map(sqlString).join(', ')}, now())`,
    );
}
