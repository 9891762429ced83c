// The first half of loading a file, which depends on no other file: read, type and judge every row
// into working tables (see validationSql), find repeated keys, and leave in `parsed` only the rows
// that will load. Ingest runs two of these at once (DuckDB reads a .gz on one thread), while the
// second half, commitFile, takes the prepared files one by one in load order.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ExtractContract } from '../extracts/contract.ts';
import { fieldsOf } from '../extracts/index.ts';
import type { ExtractMapping } from '../extracts/mapping.ts';
import { ident, queryRows, sqlString } from '../warehouse/duckdb.ts';
import type { DecodedFile } from './decode.ts';
import { validationSql, type HeaderFit, type StageTables } from './validate-sql.ts';
import { settings } from '../settings.ts';

/**
 * One file's working tables: `parsed` becomes the file's table in the warehouse once committed
 * (file-tables.ts); the others hold its problems and line numbers (in the in-memory `stage`
 * database, so any connection sees them) and are dropped after the commit.
 */
export interface WorkTables extends StageTables {
  soft: string;
  lines: string;
  quarantined: string;
}

export const workTables = (prefix: string, parsed = `${prefix}_parsed`): WorkTables => ({
  parsed,
  problems: `${prefix}_problems`,
  soft: `${prefix}_soft`,
  lines: `${prefix}_lines`,
  quarantined: `${prefix}_quarantined`,
});

/** Drops the working tables; `parsed` too unless the file was loaded (it then holds the file's rows). */
export async function dropWorkTables(conn: DuckDBConnection, tables: WorkTables, loaded = false): Promise<void> {
  for (const [role, t] of Object.entries(tables)) if (!(loaded && role === 'parsed')) await conn.run(`DROP TABLE IF EXISTS ${t}`);
}

export interface PreparedFile {
  file: DecodedFile;
  contract: ExtractContract;
  /** `parsed` holds the rows that load (source_row = the record's ordinal + 1); `problems` the bad ones. */
  tables: WorkTables;
  /** Lines DuckDB could not split into fields. */
  rejects: { line: number; unclosed: boolean }[];
  /** The line of a quote that is never closed, and the lines it swallowed. */
  unclosedAt?: number;
  unread: number[];
  /** Records DuckDB split into fields (good and bad). */
  records: number;
  /** Records with a problem of their own or repeating an earlier one. */
  badRecords: number;
  /** The rows that load, and the range each key, reference and period column spans in them. */
  loaded: number;
  ranges: Map<string, { lo: string; hi: string } | null>;
  ms: number;
}

/** PSM_DEBUG=1 times each step on stderr (how the ingest benchmark's overhead was found). */
export function stepTimer(file: string, onStep?: (label: string) => void): (label: string) => void {
  let t = performance.now();
  let cpu = process.cpuUsage();
  return (label) => {
    onStep?.(label);
    if (!settings().debug) return;
    const now = performance.now();
    const used = process.cpuUsage(cpu); // the whole process: DuckDB's threads included
    cpu = process.cpuUsage();
    label += ` (cpu ${Math.round((used.user + used.system) / 1000)} ms)`;
    process.stderr.write(`  ${file} ${label}: ${Math.round(now - t)} ms (at ${Math.round(performance.now())})\n`);
    t = now;
  };
}

/**
 * How the text is cut for reading. In pieces of 8 MB DuckDB types a file on every thread (a 101
 * calls file: 250 ms where one piece took 420), but a reader starting a piece inside a quote that is
 * never closed takes what follows for rows: a file holding one is read again in one piece, so the
 * lines after the quote are judged as they always were (swallowed, then quarantined: unreadLines).
 * One piece is what a 10 MB longest line made DuckDB use (16 times it).
 */
const IN_PIECES = 'max_line_size = 2097152, buffer_size = 8388608';
const IN_ONE_PIECE = 'max_line_size = 10000000';
const UNCLOSED = `error_type = 'UNQUOTED VALUE' OR error_message ILIKE '%unterminated quote%'`;

/** Reads, types and judges the file in one pass; lines DuckDB cannot split go to `psm_rejects`. */
async function readParsed(conn: DuckDBConnection, file: DecodedFile, parse: (readCsv: string) => string): Promise<void> {
  const columns = file.header.map((h) => `${sqlString(h)}: 'VARCHAR'`).join(', ');
  const read = async (strict: boolean, pieces: string) => {
    // DuckDB appends to the rejects tables (per connection) across reads: start each with empty ones.
    await conn.run('DROP TABLE IF EXISTS psm_rejects');
    await conn.run('DROP TABLE IF EXISTS psm_reject_scans');
    await conn.run(
      parse(`read_csv(${sqlString(file.readPath)},
      columns = {${columns}}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
      compression = ${file.isGzip && file.readPath === file.path ? "'gzip'" : "'none'"}, ignore_errors = true, store_rejects = true,
      rejects_table = 'psm_rejects', rejects_scan = 'psm_reject_scans', ${pieces}, strict_mode = ${strict})`),
    );
  };
  let strict = true;
  try {
    await read(strict, IN_PIECES);
  } catch {
    // Strict mode gives exact rejects for bad quoting, but stops on some real files (line endings
    // that change part-way, CRLF then LF): those are read again leniently rather than refused.
    strict = false;
    await read(strict, IN_PIECES);
  }
  const [unclosed] = await queryRows<{ any: boolean }>(conn, `SELECT coalesce(bool_or(${UNCLOSED}), false) AS any FROM psm_rejects`);
  if (unclosed?.any) await read(strict, IN_ONE_PIECE);
}

/**
 * After an unclosed quote DuckDB may resynchronise at the next line, or may swallow the rest of the
 * file. Which one happened shows in the line count: every non-blank data line is a parsed record,
 * a rejected line, or a line break inside a quoted value; any shortfall is the lines swallowed,
 * which are the last ones after the quote.
 */
async function unreadLines(
  conn: DuckDBConnection,
  prepared: Pick<PreparedFile, 'file' | 'contract' | 'tables'>,
  quoteLine: number,
  rejected: number,
): Promise<number[]> {
  // Line breaks survive only in free-text fields (any other kind would fail to parse) and in the
  // raw values of bad rows.
  const breaks = (v: string) => `coalesce(length(${v}) - length(replace(${v}, chr(10), '')), 0)`;
  const textBreaks = fieldsOf(prepared.contract)
    .filter((f) => f.kind === 'text')
    .map((f) => breaks(ident(f.name)));
  const listBreaks = `coalesce(list_sum(list_transform(problem_list, x -> ${breaks('x.value')})), 0)`;
  const [c] = await queryRows<{ n: number; nl: number }>(
    conn,
    `SELECT count(*)::INTEGER AS n,
    coalesce(sum(${[...textBreaks, listBreaks].join(' + ')}), 0)::INTEGER AS nl FROM ${prepared.tables.parsed}`,
  );
  const dataLines = prepared.file.nonBlankLinesAfter(1).length;
  const missing = dataLines - (c!.n + rejected + c!.nl);
  return missing > 0 ? prepared.file.nonBlankLinesAfter(quoteLine).slice(-missing) : [];
}

export interface PrepareOptions {
  /** ISO date: dates after it are "in the future". */
  today: string;
  onStep?: (step: string) => void;
}

export async function prepareFile(
  conn: DuckDBConnection,
  tables: WorkTables,
  file: DecodedFile,
  contract: ExtractContract,
  fit: HeaderFit,
  mapping: ExtractMapping,
  opts: PrepareOptions,
): Promise<PreparedFile> {
  const t0 = performance.now();
  // What the scan of the bytes found decides which checks the statement carries: a NUL or a replaced
  // byte is looked for in every field only when the file has one.
  const sql = validationSql(
    contract,
    fit,
    mapping,
    { today: opts.today, hasNul: file.hasNul, replacedBytes: file.replacedBytes > 0 },
    tables,
  );
  const step = stepTimer(file.path.split('/').pop()!, opts.onStep);
  await readParsed(conn, file, sql.parse);
  // The record's ordinal, kept: row ids are positions and may close up once rows are deleted.
  await conn.run(`UPDATE ${tables.parsed} SET source_row = (rowid + 1)::INTEGER`);
  step('read');
  // DuckDB's own line count skips some line breaks; its byte offsets are exact, so lines come from those.
  const rejectRows = await queryRows<{ pos: number; unclosed: boolean }>(
    conn,
    `SELECT line_byte_position::DOUBLE AS pos,
      bool_or(${UNCLOSED}) AS unclosed
    FROM psm_rejects GROUP BY 1 ORDER BY 1`,
  );
  const rejects = rejectRows.map((r) => ({ line: file.lineAtByte(r.pos), unclosed: r.unclosed }));
  // A quote that is never closed makes the reader take the rest of the file as one value: those
  // lines are neither loaded nor rejected by DuckDB, so they are quarantined, never lost.
  const unclosedAt = rejects.find((r) => r.unclosed)?.line;
  const unread = unclosedAt === undefined ? [] : await unreadLines(conn, { file, contract, tables }, unclosedAt, rejects.length);
  await conn.run(sql.problems);
  step('problems');
  await conn.run(sql.duplicates);
  step('duplicates');
  // What is left in `parsed` is what loads: a few deletes, no copy of the good rows.
  await conn.run(`DELETE FROM ${tables.parsed} WHERE rowid IN (SELECT ord FROM ${tables.problems})`);
  // One pass for every figure the commit needs about the good rows (it runs on the one commit connection).
  const columns = [...new Set([...contract.key, ...contract.references.map((r) => r.field), contract.periodField])];
  const [c] = await queryRows<Record<string, string | number | null>>(
    conn,
    `SELECT count(*)::INTEGER AS loaded,
    (SELECT count(DISTINCT ord) FROM ${tables.problems})::INTEGER AS bad,
    ${columns.map((col, i) => `min(${ident(col)})::VARCHAR AS lo${i}, max(${ident(col)})::VARCHAR AS hi${i}`).join(', ')}
    FROM ${tables.parsed}`,
  );
  const ranges = new Map(
    columns.map((col, i) => [col, c![`lo${i}`] == null ? null : { lo: String(c![`lo${i}`]), hi: String(c![`hi${i}`]) }]),
  );
  const loaded = Number(c!.loaded);
  const bad = Number(c!.bad);
  return {
    file,
    contract,
    tables,
    rejects,
    unclosedAt,
    unread,
    records: loaded + bad,
    badRecords: bad,
    loaded,
    ranges,
    ms: performance.now() - t0,
  };
}
