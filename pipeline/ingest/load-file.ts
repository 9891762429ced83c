// One extract file through the warehouse: read (DuckDB), validate (SQL), quarantine, supersede,
// load, ledger — all in one transaction, so a file is either wholly in or not at all.
import type { DuckDBConnection } from '@duckdb/node-api';
import { basename } from 'node:path';
import type { ExtractContract } from '../extracts/contract.ts';
import { fieldsOf } from '../extracts/index.ts';
import type { ExtractMapping } from '../extracts/mapping.ts';
import { ident, queryRows, sqlString } from '../warehouse/duckdb.ts';
import type { DecodedFile } from './decode.ts';
import type { FileReport } from './report.ts';
import { validationSql, type HeaderFit } from './validate-sql.ts';

export interface LoadOptions {
  /** Validate and report only; roll everything back (`psm check`). */
  dryRun: boolean;
  /** ISO date: dates after it are "in the future". */
  today: string;
  receivedAt: Date;
  archivePath?: string;
  /** Schema holding existing rows for reference checks (the warehouse, or an attached one for check). */
  referenceSchema?: string;
  /** Called as each step finishes (drives the progress bar). */
  onStep?: (step: string) => void;
}

const num = (v: unknown) => Number(v ?? 0);

/**
 * A filter `column BETWEEN lo AND hi` over the range `good` holds in `goodColumn`. Existing rows
 * outside it cannot match, and DuckDB's zone maps skip them, so checking a new file against a
 * warehouse of many forces and years costs what the file costs, not what the warehouse holds.
 */
async function rangeFilter(conn: DuckDBConnection, goodColumn: string, column: string): Promise<string> {
  const [r] = await queryRows<{ lo: string | null; hi: string | null }>(conn,
    `SELECT min(${ident(goodColumn)})::VARCHAR AS lo, max(${ident(goodColumn)})::VARCHAR AS hi FROM good`);
  return r?.lo == null ? 'false' : `${column} BETWEEN ${sqlString(r.lo)} AND ${sqlString(r.hi!)}`;
}

/** Reads the file into temp table `raw`; rows DuckDB cannot split into fields go to `rejects`. */
async function readRaw(conn: DuckDBConnection, file: DecodedFile): Promise<void> {
  const columns = file.header.map((h) => `${sqlString(h)}: 'VARCHAR'`).join(', ');
  const read = async (strict: boolean) => {
    // DuckDB appends to the rejects tables across reads: start each read with empty ones.
    await conn.run('DROP TABLE IF EXISTS psm_rejects');
    await conn.run('DROP TABLE IF EXISTS psm_reject_scans');
    await conn.run(`CREATE OR REPLACE TEMP TABLE raw AS SELECT * FROM read_csv(${sqlString(file.readPath)},
      columns = {${columns}}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
      compression = ${file.isGzip && file.readPath === file.path ? "'gzip'" : "'none'"}, ignore_errors = true, store_rejects = true,
      rejects_table = 'psm_rejects', rejects_scan = 'psm_reject_scans', max_line_size = 10000000, strict_mode = ${strict})`);
  };
  try {
    await read(true);
  } catch {
    // Strict mode gives exact rejects for bad quoting, but stops on some real files (line endings
    // that change part-way, CRLF then LF): those are read again leniently rather than refused.
    await read(false);
  }
}

/** PSM_DEBUG=1 times each step on stderr (how the ingest benchmark's overhead was found). */
function stepTimer(onStep?: (label: string) => void): (label: string) => void {
  let t = performance.now();
  return (label) => {
    onStep?.(label);
    if (!process.env.PSM_DEBUG) return;
    const now = performance.now();
    process.stderr.write(`  ${label}: ${Math.round(now - t)} ms\n`);
    t = now;
  };
}

/** The steps of loadFile in order, for a progress display. */
export const loadSteps = ['read', 'parse', 'problems', 'duplicates', 'good', 'quarantine', 'supersede+insert'] as const;

/**
 * After an unclosed quote DuckDB may resynchronise at the next line, or may swallow the rest of the
 * file. Which one happened shows in the line count: every non-blank data line is a parsed record,
 * a rejected line, or a line break inside a quoted value; any shortfall is the lines swallowed,
 * which are the last ones after the quote.
 */
async function unreadLines(conn: DuckDBConnection, file: DecodedFile, contract: ExtractContract, quoteLine: number, rejected: number): Promise<number[]> {
  const breaks = fieldsOf(contract).map((f) => `coalesce(length(${ident('t_' + f.name)}) - length(replace(${ident('t_' + f.name)}, chr(10), '')), 0)`);
  const [c] = await queryRows<{ n: number; nl: number }>(conn, `SELECT count(*)::INTEGER AS n, coalesce(sum(${breaks.join(' + ')}), 0)::INTEGER AS nl FROM parsed`);
  const dataLines = file.nonBlankLinesAfter(1).length;
  const missing = dataLines - (c!.n + rejected + c!.nl);
  return missing > 0 ? file.nonBlankLinesAfter(quoteLine).slice(-missing) : [];
}

export async function loadFile(
  conn: DuckDBConnection,
  file: DecodedFile,
  contract: ExtractContract,
  fit: HeaderFit,
  mapping: ExtractMapping,
  opts: LoadOptions,
): Promise<FileReport> {
  const t0 = performance.now();
  const name = basename(file.path);
  const table = contract.name;
  const sql = validationSql(contract, fit, mapping, opts.today);
  const step = stepTimer(opts.onStep);
  try {
    // Temp tables are built outside the transaction: inside one, DuckDB gives new rows
    // transaction-local row ids, and `rowid` is how each row keeps its place in the file.
    await readRaw(conn, file);
    step('read');
    // DuckDB's own line count skips some line breaks; its byte offsets are exact, so lines come from those.
    const rejectRows = await queryRows<{ pos: number; unclosed: boolean }>(conn, `SELECT line_byte_position::DOUBLE AS pos,
        bool_or(error_type = 'UNQUOTED VALUE' OR error_message ILIKE '%unterminated quote%') AS unclosed
      FROM psm_rejects GROUP BY 1 ORDER BY 1`);
    const rejects = rejectRows.map((r) => ({ line: file.lineAtByte(r.pos), unclosed: r.unclosed }));
    // A quote that is never closed makes the reader take the rest of the file as one value: those
    // lines are neither loaded nor rejected by DuckDB, so they are quarantined here, never lost.
    const unclosedAt = rejects.find((r) => r.unclosed)?.line;
    await conn.run(sql.parse);
    const unread = unclosedAt === undefined ? [] : await unreadLines(conn, file, contract, unclosedAt, rejects.length);
    step('parse');
    await conn.run(sql.problems);
    step('problems');
    await conn.run(sql.duplicates);
    step('duplicates');

    // What is left in `parsed` after the bad rows are deleted is what loads (few deletes, no copy).
    const fields = fieldsOf(contract).map((f) => ident(f.name));
    await conn.run('DELETE FROM parsed WHERE ord IN (SELECT ord FROM problems)');
    await conn.run('CREATE OR REPLACE TEMP VIEW good AS SELECT * FROM parsed');
    step('good');
    const refSchema = opts.referenceSchema ?? 'main';
    await conn.run(`CREATE OR REPLACE TEMP TABLE soft AS SELECT NULL::BIGINT AS ord, NULL::VARCHAR AS field, NULL::VARCHAR AS value, NULL::VARCHAR AS reason WHERE false`);
    for (const r of contract.references) {
      const own = r.extract === table ? `UNION ALL SELECT ${ident(r.targetField)} FROM good` : '';
      const inRange = await rangeFilter(conn, r.field, ident(r.targetField));
      await conn.run(`INSERT INTO soft SELECT ord, ${sqlString(r.field)}, ${ident(r.field)},
        ${sqlString(`${r.field} is not in the ${r.extract} extract loaded so far; the row was loaded and will link once that ${r.extract} record arrives`)}
        FROM good WHERE ${ident(r.field)} IS NOT NULL AND ${ident(r.field)} NOT IN (
          SELECT ${ident(r.targetField)} FROM ${refSchema}.${ident(r.extract)} WHERE ${inRange} ${own})`);
    }

    // Physical line numbers only for the rows we report (quoted fields may hold line breaks).
    const ords = await queryRows<{ ord: number }>(conn, `SELECT DISTINCT ord::BIGINT::DOUBLE AS ord FROM (
      SELECT ord FROM problems UNION ALL SELECT ref_ord FROM problems WHERE ref_ord IS NOT NULL UNION ALL SELECT ord FROM soft)`);
    await conn.run('CREATE OR REPLACE TEMP TABLE lines (ord BIGINT, line INTEGER)');
    if (ords.length) {
      const lineOf = file.lineOf(rejects.map((r) => r.line));
      for (let i = 0; i < ords.length; i += 2000) {
        const values = ords.slice(i, i + 2000).map((o) => `(${o.ord}, ${lineOf(o.ord)})`);
        await conn.run(`INSERT INTO lines VALUES ${values.join(', ')}`);
      }
    }
    const fileCols = `${sqlString(file.sha256)}, ${sqlString(name)}, ${sqlString(table)}`;
    await conn.run('BEGIN TRANSACTION');
    await conn.run(`INSERT INTO quarantine SELECT ${fileCols}, l.line, p.field, p.value,
        replace(p.reason, '{ref_line}', coalesce(r.line::VARCHAR, '?')), p.kind
      FROM problems p JOIN lines l ON l.ord = p.ord LEFT JOIN lines r ON r.ord = p.ref_ord`);
    for (const { line } of rejects) {
      await conn.run(`INSERT INTO quarantine VALUES (${fileCols}, ${line}, NULL, NULL,
        'line ${line} could not be split into the ${file.header.length} fields of the header (an unclosed quote or a wrong number of commas)',
        'line could not be split into fields')`);
    }
    for (let i = 0; i < unread.length; i += 1000) {
      await conn.run(`INSERT INTO quarantine VALUES ${unread.slice(i, i + 1000).map((line) => `(${fileCols}, ${line}, NULL, NULL,
        'line ${line} was not read: the quote opened on line ${unclosedAt} is never closed', 'line not read after an unclosed quote')`).join(', ')}`);
    }
    await conn.run(`INSERT INTO warnings SELECT ${fileCols}, l.line, s.field, s.value, s.reason, s.field || ' not found in ' || ${sqlString(table)}
      FROM soft s JOIN lines l ON l.ord = s.ord`);

    step('quarantine');
    // Supersession: a row whose record key arrived in an earlier file is replaced (later file wins).
    // Key fields are required, so plain equality (validation already quarantined empty keys).
    const keyMatch = contract.key.map((k) => `t.${ident(k)} = g.${ident(k)}`).join(' AND ');
    const inRange = await rangeFilter(conn, contract.key[0]!, `t.${ident(contract.key[0]!)}`);
    // `psm check` counts against the published warehouse (attached read-only) and changes nothing.
    const replaced = await queryRows<{ sha: string; n: number }>(conn, `SELECT t.source_sha256 AS sha, count(*)::INTEGER AS n
      FROM ${refSchema}.${ident(table)} t SEMI JOIN good g ON ${keyMatch} WHERE ${inRange} GROUP BY 1`);
    if (replaced.length && !opts.dryRun) {
      await conn.run(`DELETE FROM ${ident(table)} t USING good g WHERE ${keyMatch} AND ${inRange}`);
      for (const r of replaced) await conn.run(`UPDATE ledger SET superseded = superseded + ${r.n} WHERE sha256 = ${sqlString(r.sha)}`);
    }
    await conn.run(`INSERT INTO ${ident(table)} SELECT ${fields.join(', ')}, ${sqlString(file.sha256)}, (ord + 1)::INTEGER FROM good`);

    step('supersede+insert');
    const [c] = await queryRows(conn, `SELECT
        (SELECT count(*) FROM raw)::INTEGER AS parsed_rows,
        (SELECT count(*) FROM good)::INTEGER AS loaded,
        (SELECT count(DISTINCT ord) FROM problems)::INTEGER AS bad,
        (SELECT count(DISTINCT ord) FROM soft)::INTEGER AS warned,
        (SELECT min(${ident(contract.periodField)})::DATE::VARCHAR FROM good) AS period_start,
        (SELECT max(${ident(contract.periodField)})::DATE::VARCHAR FROM good) AS period_end`);
    const rejected = rejects.length + unread.length;
    const reasons = await queryRows<{ kind: string; count: number }>(conn, `SELECT kind, count(*)::INTEGER AS count FROM quarantine
      WHERE sha256 = ${sqlString(file.sha256)} GROUP BY kind ORDER BY count DESC, kind`);
    const examples = await queryRows<FileReport['examples'][number]>(conn, `SELECT line, field, value, reason FROM quarantine
      WHERE sha256 = ${sqlString(file.sha256)} ORDER BY line, field LIMIT 20`);
    const supersedes = replaced.reduce((s, r) => s + r.n, 0);
    const report: FileReport = {
      path: file.path, file: name, sha256: file.sha256, extract: table, status: opts.dryRun ? 'checked' : 'loaded',
      encoding: file.encoding, rows: num(c.parsed_rows) + rejected, loaded: num(c.loaded), quarantined: num(c.bad) + rejected,
      warnings: num(c.warned), supersedes, periodStart: (c.period_start as string | null) ?? null,
      periodEnd: (c.period_end as string | null) ?? null, reasons, examples, ms: 0,
    };
    await conn.run(`INSERT INTO ledger VALUES (${sqlString(file.sha256)}, ${sqlString(name)}, ${sqlString(table)},
      ${sqlString(opts.receivedAt.toISOString())}::TIMESTAMP, ${report.periodStart ? `DATE ${sqlString(report.periodStart)}` : 'NULL'},
      ${report.periodEnd ? `DATE ${sqlString(report.periodEnd)}` : 'NULL'}, ${report.rows}, ${report.loaded}, ${report.quarantined},
      ${report.warnings}, 0, ${supersedes}, ${opts.archivePath ? sqlString(opts.archivePath) : 'NULL'})`);
    await conn.run(opts.dryRun ? 'ROLLBACK' : 'COMMIT');
    report.ms = Math.round(performance.now() - t0);
    return report;
  } catch (err) {
    await conn.run('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
