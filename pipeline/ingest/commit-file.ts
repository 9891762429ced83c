// The second half of loading a file, in load order: check references against what is loaded so far,
// then in one transaction quarantine the bad rows, delete the rows it supersedes, write the ledger
// and add the file's table (its good rows, written by prepareFile) to the canonical view — so a file
// is either wholly in or not at all.
import type { DuckDBConnection } from '@duckdb/node-api';
import { basename } from 'node:path';
import { ident, queryRows, sqlString } from '../warehouse/duckdb.ts';
import { fileTableName, filesOf, recordRanges, refreshCanonicalView } from '../warehouse/file-tables.ts';
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
  const { file, contract, tables, rejects, unread, unclosedAt } = prepared;
  const name = basename(file.path);
  const table = contract.name;
  const good = tables.parsed; // after prepareFile, only the rows that load
  const step = stepTimer(name, opts.onStep);
  const refSchema = opts.referenceSchema ?? 'main';

  // Soft references: a row pointing at a record not loaded yet is kept, with a warning.
  await conn.run(`CREATE OR REPLACE TABLE ${tables.soft} (ord BIGINT, field VARCHAR, value VARCHAR, reason VARCHAR, kind VARCHAR)`);
  for (const r of contract.references) {
    const range = prepared.ranges.get(r.field);
    if (!range) continue; // no good row refers to anything
    const inRange = rangeFilter(prepared, [{ own: r.field, other: ident(r.targetField) }]);
    // Only the files whose range of the target field meets this file's references can hold them.
    const targets = (await filesOf(conn, r.extract, [{ field: r.targetField, ...range }], opts.referenceSchema))
      .map((sha) => `SELECT ${ident(r.targetField)} FROM ${refSchema}.${ident(fileTableName(r.extract, sha))} WHERE ${inRange}`);
    if (r.extract === table) targets.push(`SELECT ${ident(r.targetField)} FROM ${good}`);
    await conn.run(`INSERT INTO ${tables.soft} SELECT source_row - 1, ${sqlString(r.field)}, ${ident(r.field)},
      ${sqlString(`${r.field} is not in the ${r.extract} extract loaded so far; the row was loaded and will link once that ${r.extract} record arrives`)},
      ${sqlString(`${r.field} not found in ${r.extract}`)}
      FROM ${good} WHERE ${ident(r.field)} IS NOT NULL
      ${targets.length ? `AND ${ident(r.field)} NOT IN (${targets.join(' UNION ALL ')})` : ''}`);
  }
  step('references');

  // Physical line numbers only for the rows we report (quoted fields may hold line breaks).
  const ords = await queryRows<{ ord: number }>(conn, `SELECT DISTINCT ord::BIGINT::DOUBLE AS ord FROM (
    SELECT ord FROM ${tables.problems} UNION ALL SELECT ref_ord FROM ${tables.problems} WHERE ref_ord IS NOT NULL
    UNION ALL SELECT ord FROM ${tables.soft})`);
  await conn.run(`CREATE OR REPLACE TABLE ${tables.lines} (ord BIGINT, line INTEGER)`);
  if (ords.length) {
    const lineOf = file.lineOf(rejects.map((r) => r.line));
    for (let i = 0; i < ords.length; i += 2000) {
      const values = ords.slice(i, i + 2000).map((o) => `(${o.ord}, ${lineOf(o.ord)})`);
      await conn.run(`INSERT INTO ${tables.lines} VALUES ${values.join(', ')}`);
    }
  }
  const fileCols = `${sqlString(file.sha256)}, ${sqlString(name)}, ${sqlString(table)}`;
  // This file's quarantined rows are gathered in the stage first (a transaction writes to one
  // database only), so the report reads them there and not the whole quarantine table.
  const mine = tables.quarantined;
  await conn.run(`CREATE OR REPLACE TABLE ${mine} AS SELECT ${sqlString(file.sha256)} AS sha256, ${sqlString(name)} AS file,
      ${sqlString(table)} AS extract, l.line, p.field, p.value, replace(p.reason, '{ref_line}', coalesce(r.line::VARCHAR, '?')) AS reason, p.kind
    FROM ${tables.problems} p JOIN ${tables.lines} l ON l.ord = p.ord LEFT JOIN ${tables.lines} r ON r.ord = p.ref_ord`);
  for (let i = 0; i < rejects.length; i += 1000) {
    await conn.run(`INSERT INTO ${mine} VALUES ${rejects.slice(i, i + 1000).map(({ line }) => `(${fileCols}, ${line}, NULL, NULL,
      'line ${line} could not be split into the ${file.header.length} fields of the header (an unclosed quote or a wrong number of commas)',
      'line could not be split into fields')`).join(', ')}`);
  }
  for (let i = 0; i < unread.length; i += 1000) {
    await conn.run(`INSERT INTO ${mine} VALUES ${unread.slice(i, i + 1000).map((line) => `(${fileCols}, ${line}, NULL, NULL,
      'line ${line} was not read: the quote opened on line ${unclosedAt} is never closed', 'line not read after an unclosed quote')`).join(', ')}`);
  }
  await conn.run('BEGIN TRANSACTION');
  try {
    await conn.run(`INSERT INTO warnings SELECT ${fileCols}, l.line, s.field, s.value, s.reason, s.kind
      FROM ${tables.soft} s JOIN ${tables.lines} l ON l.ord = s.ord`);
    await conn.run(`INSERT INTO quarantine SELECT * FROM ${mine}`);
    step('quarantine');

    // Supersession: a row whose record key arrived in an earlier file is replaced (later file wins).
    // Key fields are required, so plain equality (validation already quarantined empty keys).
    const keyMatch = contract.key.map((k) => `t.${ident(k)} = g.${ident(k)}`).join(' AND ');
    const inRange = rangeFilter(prepared, contract.key.map((k) => ({ own: k, other: `t.${ident(k)}` })));
    // Only earlier files whose key ranges meet this file's can hold one of its records (usually
    // none: extracts cover different periods), so a warehouse of many files costs what this one does.
    const keyRanges = contract.key.map((k) => ({ field: k, ...(prepared.ranges.get(k) ?? { lo: '', hi: '' }) }));
    const replaced: { sha: string; n: number }[] = [];
    for (const sha of prepared.loaded ? await filesOf(conn, table, keyRanges, opts.referenceSchema) : []) {
      const [hit] = await queryRows<{ n: number }>(conn, `SELECT count(*)::INTEGER AS n
        FROM ${refSchema}.${ident(fileTableName(table, sha))} t SEMI JOIN ${good} g ON ${keyMatch} WHERE ${inRange}`);
      if (hit!.n) replaced.push({ sha, n: hit!.n });
    }
    if (!opts.dryRun) {
      // The earlier rows are deleted from their own file's table; the new file's rows are already in
      // place (its table, `good`), and join the canonical view with the ledger row below.
      for (const r of replaced) {
        await conn.run(`DELETE FROM ${ident(fileTableName(table, r.sha))} t USING ${good} g WHERE ${keyMatch} AND ${inRange}`);
        await conn.run(`UPDATE ledger SET superseded = superseded + ${r.n} WHERE sha256 = ${sqlString(r.sha)}`);
      }
    }
    step('supersede');

    const [c] = await queryRows<{ warned: number }>(conn, `SELECT count(DISTINCT ord)::INTEGER AS warned FROM ${tables.soft}`);
    const period = prepared.ranges.get(contract.periodField);
    const rejected = rejects.length + unread.length;
    const reasons = await queryRows<{ kind: string; count: number }>(conn, `SELECT kind, count(*)::INTEGER AS count FROM ${mine}
      GROUP BY kind ORDER BY count DESC, kind`);
    const examples = await queryRows<FileReport['examples'][number]>(conn, `SELECT line, field, value, reason FROM ${mine}
      ORDER BY line, field LIMIT 20`);
    const supersedes = replaced.reduce((s, r) => s + r.n, 0);
    const report: FileReport = {
      path: file.path, file: name, sha256: file.sha256, extract: table, status: opts.dryRun ? 'checked' : 'loaded',
      encoding: file.encoding, rows: prepared.records + rejected, loaded: prepared.loaded, quarantined: prepared.badRecords + rejected,
      warnings: c!.warned, supersedes, periodStart: period ? period.lo.slice(0, 10) : null, periodEnd: period ? period.hi.slice(0, 10) : null,
      reasons, examples, ms: 0,
    };
    await conn.run(`INSERT INTO ledger VALUES (${sqlString(file.sha256)}, ${sqlString(name)}, ${sqlString(table)},
      ${sqlString(opts.receivedAt.toISOString())}::TIMESTAMP, ${report.periodStart ? `DATE ${sqlString(report.periodStart)}` : 'NULL'},
      ${report.periodEnd ? `DATE ${sqlString(report.periodEnd)}` : 'NULL'}, ${report.rows}, ${report.loaded}, ${report.quarantined},
      ${report.warnings}, 0, ${supersedes}, ${opts.archivePath ? sqlString(opts.archivePath) : 'NULL'})`);
    if (!opts.dryRun) {
      await recordRanges(conn, file.sha256, keyRanges.filter((r) => prepared.ranges.get(r.field)));
      await refreshCanonicalView(conn, table);
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
