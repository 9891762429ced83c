// The second half of loading a file, in load order: check references against what is loaded so far,
// then in one transaction quarantine the bad rows, delete the rows it supersedes, write the ledger
// and add the file's table (its good rows, written by prepareFile) to the canonical view — so a file
// is either wholly in or not at all.
import type { DuckDBConnection } from '@duckdb/node-api';
import { basename } from 'node:path';
import { ident, queryRows, sqlString } from '../warehouse/duckdb.ts';
import { fileTableName, filesOf, recordRanges, refreshCanonicalView } from '../warehouse/file-tables.ts';
import { stampSql } from '../warehouse/row-groups.ts';
import { filesAfter, ledgerInsert, type LedgerEntry } from './ledger.ts';
import { stepTimer, type PreparedFile } from './prepare-file.ts';
import type { FileReport } from './report.ts';

export interface CommitOptions {
  /** Validate and report only; roll everything back (`psm check`). */
  dryRun: boolean;
  receivedAt: Date;
  archivePath?: string;
  /** Schema holding existing rows for reference checks (the warehouse, or an attached one for check). */
  referenceSchema?: string;
  onStep?: (step: string) => void;
  /**
   * `psm ingest --recheck`: this file's earlier load, which this reading replaces where it stood in
   * the load order (prepareFile wrote the new rows beside it, in `<file table>_recheck`).
   */
  replaces?: LedgerEntry;
}

/** The steps of prepareFile and commitFile in order, for a progress display. */
export const loadSteps = ['read', 'problems', 'duplicates', 'references', 'quarantine', 'supersede', 'commit'] as const;

/**
 * `column BETWEEN lo AND hi` for each column, over the range the file's good rows hold (worked out
 * by prepareFile). Existing rows outside it cannot match, and DuckDB's zone maps skip them, so
 * checking a new file against a warehouse of many forces and years costs what the file costs.
 */
function rangeFilter(prepared: PreparedFile, columns: { own: string; other: string }[]): string {
  const ranges = columns.map((c) => prepared.ranges.get(c.own));
  if (ranges.some((r) => !r)) return 'false'; // no good row has a value there: nothing can match
  return columns.map((c, i) => `${c.other} BETWEEN ${sqlString(ranges[i]!.lo)} AND ${sqlString(ranges[i]!.hi)}`).join(' AND ');
}

export async function commitFile(conn: DuckDBConnection, prepared: PreparedFile, opts: CommitOptions): Promise<FileReport> {
  const t0 = performance.now();
  const { file, contract, tables } = prepared;
  const name = basename(file.path);
  const step = stepTimer(name, opts.onStep);
  await softReferences(conn, prepared, opts.referenceSchema);
  step('references');
  await gatherQuarantine(conn, prepared);
  await conn.run('BEGIN TRANSACTION');
  try {
    if (opts.replaces && !opts.dryRun) await forgetEarlierLoad(conn, opts.replaces);
    const fileCols = `${sqlString(file.sha256)}, ${sqlString(name)}, ${sqlString(contract.name)}`;
    await conn.run(`INSERT INTO warnings SELECT ${fileCols}, l.line, s.field, s.value, s.reason, s.kind
      FROM ${tables.soft} s JOIN ${tables.lines} l ON l.ord = s.ord`);
    await conn.run(`INSERT INTO quarantine SELECT * FROM ${tables.quarantined}`);
    step('quarantine');
    const sup = await supersede(conn, prepared, opts);
    step('supersede');
    const report = await fileReport(conn, prepared, opts, sup);
    await conn.run(
      ledgerInsert({
        ...report,
        extract: contract.name,
        receivedAt: opts.replaces?.receivedAt ?? opts.receivedAt.toISOString(),
        superseded: sup.superseded,
        supersedes: (opts.replaces?.supersedes ?? 0) + report.supersedes,
        archivePath: opts.archivePath,
        resends: report.resends.map((r) => r.sha256),
        recheckedAt: opts.replaces ? opts.receivedAt.toISOString() : undefined,
      }),
    );
    if (!opts.dryRun) {
      if (opts.replaces) await conn.run(`ALTER TABLE ${tables.parsed} RENAME TO ${ident(fileTableName(contract.name, file.sha256))}`);
      // Its rows are written: a new stamp (warehouse/row-groups.ts). After this only supersession
      // deletes from it, which the night's check sees in its counts.
      await conn.run(stampSql(fileTableName(contract.name, file.sha256)));
      const keyRanges = contract.key.map((k) => ({ field: k, ...prepared.ranges.get(k)! })).filter((r) => prepared.ranges.get(r.field));
      await recordRanges(conn, file.sha256, keyRanges);
      await refreshCanonicalView(conn, contract.name);
      // A re-read that now fits another extract leaves its old one.
      if (opts.replaces && opts.replaces.extract !== contract.name) await refreshCanonicalView(conn, opts.replaces.extract);
    }
    await conn.run(opts.dryRun ? 'ROLLBACK' : 'COMMIT');
    step('commit');
    report.ms = Math.round(prepared.ms + performance.now() - t0);
    return report;
  } catch (err) {
    await conn.run('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/** Soft references: a row pointing at a record not loaded yet is kept, with a warning. */
async function softReferences(conn: DuckDBConnection, prepared: PreparedFile, referenceSchema?: string): Promise<void> {
  const { contract, tables } = prepared;
  const good = tables.parsed; // after prepareFile, only the rows that load
  await conn.run(`CREATE OR REPLACE TABLE ${tables.soft} (ord BIGINT, field VARCHAR, value VARCHAR, reason VARCHAR, kind VARCHAR)`);
  for (const r of contract.references) {
    const range = prepared.ranges.get(r.field);
    if (!range) continue; // no good row refers to anything
    const inRange = rangeFilter(prepared, [{ own: r.field, other: ident(r.targetField) }]);
    // Only the files whose range of the target field meets this file's references can hold them.
    const targets = (await filesOf(conn, r.extract, [{ field: r.targetField, ...range }], referenceSchema)).map(
      (sha) => `SELECT ${ident(r.targetField)} FROM ${referenceSchema ?? 'main'}.${ident(fileTableName(r.extract, sha))} WHERE ${inRange}`,
    );
    if (r.extract === contract.name) targets.push(`SELECT ${ident(r.targetField)} FROM ${good}`);
    await conn.run(`INSERT INTO ${tables.soft} SELECT source_row - 1, ${sqlString(r.field)}, ${ident(r.field)},
      ${sqlString(`${r.field} is not in the ${r.extract} extract loaded so far; the row was loaded and will link once that ${r.extract} record arrives`)},
      ${sqlString(`${r.field} not found in ${r.extract}`)}
      FROM ${good} WHERE ${ident(r.field)} IS NOT NULL
      ${targets.length ? `AND ${ident(r.field)} NOT IN (${targets.join(' UNION ALL ')})` : ''}`);
  }
}

/**
 * This file's quarantined rows, with physical line numbers, gathered in the stage first (a
 * transaction writes to one database only), so the report reads them there and not the whole
 * quarantine table. Line numbers are worked out only for the rows reported (quoted fields may
 * hold line breaks).
 */
async function gatherQuarantine(conn: DuckDBConnection, prepared: PreparedFile): Promise<void> {
  const { file, contract, tables, rejects, unread, unclosedAt } = prepared;
  const ords = await queryRows<{ ord: number }>(
    conn,
    `SELECT DISTINCT ord::BIGINT::DOUBLE AS ord FROM (
    SELECT ord FROM ${tables.problems} UNION ALL SELECT ref_ord FROM ${tables.problems} WHERE ref_ord IS NOT NULL
    UNION ALL SELECT ord FROM ${tables.soft})`,
  );
  await conn.run(`CREATE OR REPLACE TABLE ${tables.lines} (ord BIGINT, line INTEGER)`);
  if (ords.length) {
    const lineOf = file.lineOf(rejects.map((r) => r.line));
    for (let i = 0; i < ords.length; i += 2000) {
      const values = ords.slice(i, i + 2000).map((o) => `(${o.ord}, ${lineOf(o.ord)})`);
      await conn.run(`INSERT INTO ${tables.lines} VALUES ${values.join(', ')}`);
    }
  }
  const fileCols = `${sqlString(file.sha256)}, ${sqlString(basename(file.path))}, ${sqlString(contract.name)}`;
  const mine = tables.quarantined;
  await conn.run(`CREATE OR REPLACE TABLE ${mine} AS SELECT ${sqlString(file.sha256)} AS sha256, ${sqlString(basename(file.path))} AS file,
      ${sqlString(contract.name)} AS extract, l.line, p.field, p.value, replace(p.reason, '{ref_line}', coalesce(r.line::VARCHAR, '?')) AS reason, p.kind
    FROM ${tables.problems} p JOIN ${tables.lines} l ON l.ord = p.ord LEFT JOIN ${tables.lines} r ON r.ord = p.ref_ord`);
  for (let i = 0; i < rejects.length; i += 1000) {
    await conn.run(
      `INSERT INTO ${mine} VALUES ${rejects
        .slice(i, i + 1000)
        .map(
          ({ line }) => `(${fileCols}, ${line}, NULL, NULL,
      'line ${line} could not be split into the ${file.header.length} fields of the header (an unclosed quote or a wrong number of commas)',
      'line could not be split into fields')`,
        )
        .join(', ')}`,
    );
  }
  for (let i = 0; i < unread.length; i += 1000) {
    await conn.run(
      `INSERT INTO ${mine} VALUES ${unread
        .slice(i, i + 1000)
        .map(
          (line) => `(${fileCols}, ${line}, NULL, NULL,
      'line ${line} was not read: the quote opened on line ${unclosedAt} is never closed', 'line not read after an unclosed quote')`,
        )
        .join(', ')}`,
    );
  }
}

/** A re-read replaces everything its earlier load wrote; the rows that load go in again below. */
async function forgetEarlierLoad(conn: DuckDBConnection, earlier: LedgerEntry): Promise<void> {
  for (const t of ['quarantine', 'warnings', 'file_ranges', 'ledger'])
    await conn.run(`DELETE FROM ${t} WHERE sha256 = ${sqlString(earlier.sha256)}`);
  await conn.run(`DROP TABLE IF EXISTS ${ident(fileTableName(earlier.extract, earlier.sha256))}`);
}

interface Supersession {
  /** Rows of earlier files this file replaced. */
  supersedes: number;
  /** Rows of this file that files received after it hold (a re-read keeps its place: those win). */
  superseded: number;
  resends: { sha256: string; lacks: number }[];
}

/**
 * Supersession: a row whose record key arrived in an earlier file is replaced — the later file wins.
 * Key fields are required, so plain equality (validation already quarantined empty keys). Only
 * files whose key ranges meet this file's can hold one of its records (usually none: extracts cover
 * different periods), so a warehouse of many files costs what this one does.
 */
async function supersede(conn: DuckDBConnection, prepared: PreparedFile, opts: CommitOptions): Promise<Supersession> {
  const { contract, tables } = prepared;
  const good = tables.parsed;
  const refSchema = opts.referenceSchema ?? 'main';
  const keyMatch = contract.key.map((k) => `t.${ident(k)} = g.${ident(k)}`).join(' AND ');
  const inRange = rangeFilter(
    prepared,
    contract.key.map((k) => ({ own: k, other: `t.${ident(k)}` })),
  );
  const keyRanges = contract.key.map((k) => ({ field: k, ...(prepared.ranges.get(k) ?? { lo: '', hi: '' }) }));
  const self = opts.replaces?.sha256;
  const meeting = prepared.loaded ? (await filesOf(conn, contract.name, keyRanges, opts.referenceSchema)).filter((s) => s !== self) : [];
  const later = opts.replaces ? await filesAfter(conn, opts.replaces, contract.name, refSchema) : new Set<string>();
  const fileTable = (sha: string) => `${refSchema}.${ident(fileTableName(contract.name, sha))}`;
  const count = async (sql: string) => (await queryRows<{ n: number }>(conn, `SELECT count(*)::INTEGER AS n ${sql}`))[0]!.n;

  let superseded = 0;
  for (const sha of meeting.filter((s) => later.has(s))) {
    // A semi join shows only its left side: the range is of this file's own keys, so it holds as `g.`.
    const n = await count(`FROM ${good} g SEMI JOIN ${fileTable(sha)} t ON ${keyMatch} WHERE ${inRange.replaceAll('t."', 'g."')}`);
    if (n && !opts.dryRun) await conn.run(`DELETE FROM ${good} g USING ${fileTable(sha)} t WHERE ${keyMatch} AND ${inRange}`);
    superseded += n;
  }
  const replaced: { sha: string; n: number }[] = [];
  for (const sha of meeting.filter((s) => !later.has(s))) {
    const n = await count(`FROM ${fileTable(sha)} t SEMI JOIN ${good} g ON ${keyMatch} WHERE ${inRange}`);
    if (n) replaced.push({ sha, n });
  }
  const resends = await lacking(conn, prepared, opts, [...replaced.map((r) => r.sha), ...(opts.replaces?.resends ?? [])], later);
  if (!opts.dryRun) {
    // The earlier rows are deleted from their own file's table; the new file's rows are already in
    // place (its table, `good`), and join the canonical view with the ledger row.
    for (const r of replaced) {
      await conn.run(`DELETE FROM ${ident(fileTableName(contract.name, r.sha))} t USING ${good} g WHERE ${keyMatch} AND ${inRange}`);
      await conn.run(`UPDATE ledger SET superseded = superseded + ${r.n} WHERE sha256 = ${sqlString(r.sha)}`);
    }
  }
  return { supersedes: replaced.reduce((s, r) => s + r.n, 0), superseded, resends };
}

/**
 * A re-send is a file that replaced records of an earlier one. Records of that earlier file dated
 * within this file's period that this file does not have are kept (the later file wins per key;
 * absence is not deletion), and counted here so the report and the ledger say so.
 */
async function lacking(conn: DuckDBConnection, prepared: PreparedFile, opts: CommitOptions, resent: string[], later: Set<string>) {
  const { contract, tables } = prepared;
  const refSchema = opts.referenceSchema ?? 'main';
  // Still in the ledger and before this file (a re-read's earlier list may name files since re-read themselves).
  const present = new Set(await filesOf(conn, contract.name, [], opts.referenceSchema));
  const shas = [...new Set(resent)].filter((s) => present.has(s) && !later.has(s) && s !== opts.replaces?.sha256);
  const keyMatch = contract.key.map((k) => `t.${ident(k)} = g.${ident(k)}`).join(' AND ');
  const period = prepared.ranges.get(contract.periodField);
  const inPeriod = period ? `t.${ident(contract.periodField)} BETWEEN ${sqlString(period.lo)} AND ${sqlString(period.hi)}` : 'true';
  const out: { sha256: string; lacks: number }[] = [];
  for (const sha of shas) {
    const [{ n }] = await queryRows<{ n: number }>(
      conn,
      `SELECT count(*)::INTEGER AS n
      FROM ${refSchema}.${ident(fileTableName(contract.name, sha))} t ANTI JOIN ${tables.parsed} g ON ${keyMatch} WHERE ${inPeriod}`,
    );
    out.push({ sha256: sha, lacks: n! });
  }
  return out;
}

async function fileReport(conn: DuckDBConnection, prepared: PreparedFile, opts: CommitOptions, sup: Supersession): Promise<FileReport> {
  const { file, contract, tables, rejects, unread } = prepared;
  const mine = tables.quarantined;
  const [c] = await queryRows<{ warned: number }>(conn, `SELECT count(DISTINCT ord)::INTEGER AS warned FROM ${tables.soft}`);
  const period = prepared.ranges.get(contract.periodField);
  const rejected = rejects.length + unread.length;
  const reasons = await queryRows<{ kind: string; count: number }>(
    conn,
    `SELECT kind, count(*)::INTEGER AS count FROM ${mine}
    GROUP BY kind ORDER BY count DESC, kind`,
  );
  const examples = await queryRows<FileReport['examples'][number]>(
    conn,
    `SELECT line, field, value, reason FROM ${mine}
    ORDER BY line, field LIMIT 20`,
  );
  const names = sup.resends.length
    ? await queryRows<{ sha256: string; file: string }>(
        conn,
        `SELECT sha256, file
    FROM ${opts.referenceSchema ?? 'main'}.ledger WHERE sha256 IN (${sup.resends.map((r) => sqlString(r.sha256)).join(', ')})`,
      )
    : [];
  const lacks = sup.resends.reduce((s, r) => s + r.lacks, 0);
  const previous = opts.replaces;
  return {
    path: file.path,
    file: basename(file.path),
    sha256: file.sha256,
    extract: contract.name,
    status: opts.dryRun ? 'checked' : 'loaded',
    encoding: file.encoding,
    rows: prepared.records + rejected,
    loaded: prepared.loaded,
    quarantined: prepared.badRecords + rejected,
    warnings: c!.warned,
    supersedes: sup.supersedes,
    lacks,
    resends: sup.resends.map((r) => ({ file: names.find((x) => x.sha256 === r.sha256)?.file ?? r.sha256, ...r })),
    periodStart: period ? period.lo.slice(0, 10) : null,
    periodEnd: period ? period.hi.slice(0, 10) : null,
    reasons,
    examples,
    ms: 0,
    ...(previous
      ? {
          rechecked: {
            receivedAt: previous.receivedAt,
            loaded: previous.loaded,
            quarantined: previous.quarantined,
            warnings: previous.warnings,
          },
        }
      : {}),
  };
}
