// Generates the SQL that parses and validates one extract file, from its zod contract and the
// force mapping. Validation runs inside DuckDB (one columnar pass), never row by row in JS; the
// reasons it writes are sentences an analyst can act on.
import type { ExtractContract } from '../extracts/contract.ts';
import { fieldsOf } from '../extracts/index.ts';
import type { FieldSpec } from '../extracts/fields.ts';
import type { ExtractMapping } from '../extracts/mapping.ts';
import { headerKey } from '../extracts/mapping.ts';
import { ident, sqlString } from '../warehouse/duckdb.ts';

export interface HeaderFit {
  /** canonical field → the file's header text */
  columns: Map<string, string>;
  missing: string[];
  unexpected: string[];
}

/** Matches a file's header to the contract through the mapping; names what is missing or extra. */
export function fitHeader(header: string[], contract: ExtractContract, mapping: ExtractMapping): HeaderFit {
  const rename = new Map(Object.entries(mapping.columns).map(([from, to]) => [headerKey(from), to]));
  const fields = fieldsOf(contract);
  const known = new Set(fields.map((f) => f.name));
  const columns = new Map<string, string>();
  const unexpected: string[] = [];
  for (const h of header) {
    const canonical = rename.get(headerKey(h)) ?? headerKey(h).replace(/ /g, '_');
    if (known.has(canonical) && !columns.has(canonical)) columns.set(canonical, h);
    else unexpected.push(h);
  }
  const missing = fields.filter((f) => f.required && !columns.has(f.name)).map((f) => f.name);
  return { columns, missing, unexpected };
}

// dd/mm/yyyy goes through strptime; ISO forms through DuckDB's own cast, which is many times faster
// than trying a list of strptime formats on every value.
const UK_DATE = '%d/%m/%Y';
const UK_TIMESTAMPS = ['%d/%m/%Y %H:%M:%S', '%d/%m/%Y %H:%M', '%d/%m/%Y %H:%M:%S.%f'];
const list = (xs: string[]) => `[${xs.map(sqlString).join(', ')}]`;
const TRUE = ['y', 'yes', 'true', 't', '1'];
const FALSE = ['n', 'no', 'false', 'f', '0'];

/**
 * The cleaned text of a field: trimmed, empty → NULL, force code values mapped to canonical.
 * trim() copies every string; most values have no edge spaces, so only those are trimmed (5× faster).
 */
function cleanText(f: FieldSpec, source: string | undefined, mapping: ExtractMapping): string {
  if (!source) return 'NULL::VARCHAR';
  const s = ident(source);
  const expr = `NULLIF(CASE WHEN ${s} LIKE ' %' OR ${s} LIKE '% ' THEN trim(${s}) ELSE ${s} END, '')`;
  const values = mapping.values[f.name];
  if (!values || !Object.keys(values).length) return expr;
  const cases = Object.entries(values).map(([from, to]) => `WHEN ${sqlString(from.trim().toLowerCase())} THEN ${sqlString(to)}`);
  return `CASE lower(${expr}) ${cases.join(' ')} ELSE ${expr} END`;
}

/** The typed value of a field, NULL where the text does not parse. */
function typedValue(f: FieldSpec, t: string): string {
  switch (f.kind) {
    case 'date': return `CASE WHEN ${t} LIKE '__/%' THEN try_strptime(${t}, ${sqlString(UK_DATE)})::DATE ELSE TRY_CAST(${t} AS DATE) END`;
    case 'timestamp': return `CASE WHEN ${t} LIKE '__/%' THEN try_strptime(${t}, ${list(UK_TIMESTAMPS)}) ELSE TRY_CAST(${t} AS TIMESTAMP) END`;
    case 'flag': return `CASE WHEN lower(${t}) IN (${TRUE.map(sqlString).join(', ')}) THEN true WHEN lower(${t}) IN (${FALSE.map(sqlString).join(', ')}) THEN false END`;
    // Codes compare case-insensitively and are stored in the contract's own spelling.
    case 'code': return `CASE lower(${t}) ${f.values!.map((v) => `WHEN ${sqlString(v.toLowerCase())} THEN ${sqlString(v)}`).join(' ')} END`;
    default: return t;
  }
}

/** CASE expressions for a field's format problems: the full reason, and its kind (for counting). */
function formatProblem(f: FieldSpec, t: string, typed: string, today: string, scheduled: boolean): { reason: string; kind: string; any: string } {
  const name = f.name;
  const whens: [string, string, string][] = []; // [condition, reason expr, kind]
  if (f.required) whens.push([`${t} IS NULL`, sqlString(`${name} is empty but is required`), `${name} is empty`]);
  const bad = (what: string) =>
    whens.push([`${t} IS NOT NULL AND ${typed} IS NULL`, `${sqlString(name + ' ')} || ${t} || ${sqlString(' ' + what)}`, `${name} ${what}`]);
  if (f.kind === 'date') bad('is not a date (expected dd/mm/yyyy or yyyy-mm-dd)');
  if (f.kind === 'timestamp') bad('is not a date and time (expected dd/mm/yyyy hh:mm:ss or yyyy-mm-ddThh:mm:ss)');
  if (f.kind === 'flag') bad('is not yes or no (expected Y/N, yes/no, true/false or 1/0)');
  if (f.kind === 'code') bad(`is not one of: ${f.values!.join(', ')}`);
  if ((f.kind === 'date' || f.kind === 'timestamp') && !scheduled) {
    whens.push([`${typed}::DATE > DATE ${sqlString(today)}`, `${sqlString(name + ' ')} || ${t} || ${sqlString(` is in the future (after ${today})`)}`, `${name} is in the future`]);
  }
  if (!whens.length) return { reason: 'NULL::VARCHAR', kind: 'NULL::VARCHAR', any: 'false' }; // optional free text
  return {
    any: whens.map(([c]) => `(${c})`).join(' OR '),
    reason: `CASE ${whens.map(([c, r]) => `WHEN ${c} THEN ${r}`).join(' ')} END`,
    kind: `CASE ${whens.map(([c, , k]) => `WHEN ${c} THEN ${sqlString(k)}`).join(' ')} END`,
  };
}

export interface ValidationSql {
  /**
   * Creates table `parsed` from a CSV read in one pass: each field typed under its canonical
   * name, an empty `source_row`, and `problem_list` — NULL for a good row, else its problems (field, value, reason, kind).
   * Only bad rows keep their raw text, so a clean row costs what DuckDB alone would pay to type it.
   */
  parse: (readCsv: string) => string;
  /** Creates table `problems` (ord, field, value, reason, kind, ref_ord) from `parsed`. */
  problems: string;
  /** Adds duplicate-key problems among rows that are otherwise fine (the first copy is kept). */
  duplicates: string;
}

/** Where one file's working tables live (qualified names, e.g. `stage.f3_parsed`). */
export interface StageTables {
  parsed: string;
  problems: string;
}

export function validationSql(contract: ExtractContract, fit: HeaderFit, mapping: ExtractMapping, today: string,
  tables: StageTables): ValidationSql {
  const { parsed: parsedTable, problems: problemsTable } = tables;
  const fields = fieldsOf(contract);
  // Three stacked projections, each expression written once: clean the text, type it, judge it.
  const texts = fields.map((f) => `${cleanText(f, fit.columns.get(f.name), mapping)} AS ${ident('t_' + f.name)}`);
  const typed = fields.map((f) => `${typedValue(f, ident('t_' + f.name))} AS ${ident(f.name)}`);

  const items: string[] = [];
  const conditions: string[] = [];
  for (const f of fields) {
    const t = ident('t_' + f.name);
    const p = formatProblem(f, t, ident(f.name), today, contract.scheduledDates?.includes(f.name) ?? false);
    if (p.any === 'false') continue;
    items.push(`{'field': ${sqlString(f.name)}, 'value': ${t}, 'reason': ${p.reason}, 'kind': ${p.kind}}`);
    conditions.push(p.any);
  }
  for (const c of contract.checks) {
    const reason = sqlString(c.reason).replace('{value}', `' || coalesce(${ident('t_' + c.field)}, '') || '`);
    const kind = sqlString(c.reason.replace(' {value}', ''));
    items.push(`{'field': ${sqlString(c.field)}, 'value': ${ident('t_' + c.field)}, 'reason': CASE WHEN ${c.failsWhen} THEN ${reason} END, 'kind': ${kind}}`);
    conditions.push(`coalesce(${c.failsWhen}, false)`);
  }
  // Cheap boolean tests pick the bad rows; only those few build their list of reasons.
  const problemList = conditions.length
    ? `CASE WHEN ${conditions.join('\n        OR ')} THEN list_filter([${items.join(', ')}], x -> x.reason IS NOT NULL) END`
    : `NULL::STRUCT(field VARCHAR, value VARCHAR, reason VARCHAR, kind VARCHAR)[]`;
  // Each field is cast to its contract type (the canonical view's), and source_row is filled in
  // once the table exists (numbering rows here would serialise the read).
  const parse = (readCsv: string) => `CREATE OR REPLACE TABLE ${parsedTable} AS
    SELECT ${fields.map((f) => `${ident(f.name)}::${f.sqlType} AS ${ident(f.name)}`).join(', ')}, ${problemList} AS problem_list,
      NULL::INTEGER AS source_row
    FROM (SELECT *, ${typed.join(', ')} FROM (SELECT ${texts.join(', ')} FROM ${readCsv}))`;

  const problems = `CREATE OR REPLACE TABLE ${problemsTable} AS
    SELECT ord, p.field AS field, p.value AS value, p.reason AS reason, p.kind AS kind, NULL::BIGINT AS ref_ord
    FROM (SELECT rowid AS ord, unnest(problem_list) AS p FROM ${parsedTable} WHERE problem_list IS NOT NULL)`;

  const key = contract.key.map((k) => ident(k));
  const keyText = contract.key.map((k) => `coalesce(${ident(k)}::VARCHAR, '')`).join(` || ' / ' || `);
  // A grouped pass over one hash per row finds repeated keys (usually none); only rows sharing a
  // hash meet the exact comparison and the window function.
  const duplicates = `INSERT INTO ${problemsTable}
    WITH keyed AS (SELECT rowid AS ord, ${key.join(', ')}, hash(${key.join(', ')}) AS h FROM ${parsedTable} WHERE problem_list IS NULL),
    repeated AS (SELECT h FROM keyed GROUP BY h HAVING count(*) > 1)
    SELECT ord, ${sqlString(contract.key.join(' + '))}, key_text,
      ${sqlString(contract.key.join(' + ') + ' ')} || key_text || ' repeats the record on line {ref_line} of this file; the first copy was kept',
      ${sqlString(contract.key.join(' + ') + ' repeats an earlier record in the file')}, first_ord
    FROM (
      SELECT ord, ${keyText} AS key_text,
        min(ord) OVER (PARTITION BY ${key.join(', ')}) AS first_ord,
        row_number() OVER (PARTITION BY ${key.join(', ')} ORDER BY ord) AS copy
      FROM keyed SEMI JOIN repeated USING (h)
    ) WHERE copy > 1`;
  return { parse, problems, duplicates };
}
