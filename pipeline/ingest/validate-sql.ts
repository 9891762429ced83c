// Generates the SQL that parses and validates one extract file, from its zod contract and the
// force mapping. Validation runs inside DuckDB (one columnar pass), never row by row in JS; the
// reasons it writes are sentences an analyst can act on.
import type { ExtractContract } from '../extracts/contract.ts';
import { fieldsOf } from '../extracts/index.ts';
import type { FieldSpec } from '../extracts/fields.ts';
import type { ExtractMapping } from '../extracts/mapping.ts';
import { headerKey } from '../extracts/mapping.ts';
import { forceAreas, type Area } from '../extracts/areas.ts';
import { dateSql, dateWindow, formatText, notADateBecause, timestampSql, type DateWindow } from '../extracts/formats.ts';
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

const TRUE = ['y', 'yes', 'true', 't', '1'];
const FALSE = ['n', 'no', 'false', 'f', '0'];

/** What the statement needs to know besides the contract: the file's own evidence, and the force's. */
export interface JudgeOptions {
  /** ISO date the file was received (the ingest's clock): no recorded date may lie after it. */
  today: string;
  /** The file holds a NUL byte: every field is checked for one (a clean file pays nothing). */
  hasNul?: boolean;
  /** Bytes that were not UTF-8 were replaced by U+FFFD (decode.ts): every field is checked for one. */
  replacedBytes?: boolean;
  /** The force's areas; null: none listed, an area is free text. Default: read from data/areas.json. */
  areas?: Area[] | null;
}

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

/** Codes compare case-insensitively and are stored in the list's own spelling; anything else is NULL. */
const oneOf = (t: string, values: string[]) =>
  `CASE lower(${t}) ${values.map((v) => `WHEN ${sqlString(v.toLowerCase())} THEN ${sqlString(v)}`).join(' ')} END`;

/** The typed value of a field, NULL where the text does not parse. */
function typedValue(f: FieldSpec, t: string, areas: Area[] | null): string {
  switch (f.kind) {
    case 'date':
      return dateSql(t);
    case 'timestamp':
      return timestampSql(t);
    case 'flag':
      return `CASE WHEN lower(${t}) IN (${TRUE.map(sqlString).join(', ')}) THEN true WHEN lower(${t}) IN (${FALSE.map(sqlString).join(', ')}) THEN false END`;
    case 'code':
      return oneOf(t, f.values!);
    case 'area':
      return areas
        ? oneOf(
            t,
            areas.map((a) => a.area),
          )
        : t;
    default:
      return t;
  }
}

/** One way a field can be bad: its condition, the reason (SQL text expression) and its kind (for counting). */
interface Rule {
  when: string;
  reason: string;
  kind: string;
}

/**
 * A better wording for a problem already found (why a date is not one: a two-digit year, 'epoch';
 * an area given as 'force' or as a name). Applied by the `problems` statement to the few bad rows,
 * not in the statement that reads every row: its pattern matches cost that one far more than their
 * rows do, since DuckDB runs them for every batch of rows holding a bad one.
 */
interface Refinement {
  /** The kind of problem it words better. */
  of: string;
  /** SQL over `p.value`, the field's cleaned text. */
  when: string;
  reason: string;
  kind: string;
}

interface FieldContext {
  f: FieldSpec;
  /** the cleaned text and the typed value, as SQL */
  t: string;
  typed: string;
  opts: JudgeOptions;
  areas: Area[] | null;
  window?: DateWindow;
}

/** `name value sentence`, as SQL, for a field whose cleaned text is `t`. */
const says = (name: string, t: string, sentence: string) => `${sqlString(name + ' ')} || ${t} || ${sqlString(' ' + sentence)}`;

/** Damage to the text itself, which any field can show: a NUL, or bytes that were not UTF-8. */
function textRules({ f, t, opts }: FieldContext): Rule[] {
  const rules: Rule[] = [];
  // The value is not repeated in the reason: a NUL would cut it short wherever it is printed.
  if (opts.hasNul)
    rules.push({
      when: `contains(${t}, chr(0))`,
      kind: `${f.name} holds a NUL byte`,
      reason: `${sqlString(`${f.name} holds a NUL byte (0x00) at character `)} || strpos(${t}, chr(0)) || ${sqlString(', which no field may hold (a damaged export)')}`,
    });
  if (opts.replacedBytes)
    rules.push({
      when: `contains(${t}, chr(65533))`,
      kind: `${f.name} holds bytes that are not UTF-8`,
      reason: says(
        f.name,
        t,
        'holds bytes that are not UTF-8 (each shown as \uFFFD) in a file that is otherwise UTF-8: correct the character and send the row again',
      ),
    });
  return rules;
}

const notADate = (f: FieldSpec) =>
  f.kind === 'date' ? `is not a date (expected ${formatText.date})` : `is not a date and time (expected ${formatText.timestamp})`;
const notAnArea = (areas: Area[]) => `is not one of the force's areas: ${areas.map((a) => a.area).join(', ')} (data/areas.json)`;

/** A date or timestamp that is not one, or lies outside its window (formats.ts). */
function dateRules({ f, t, typed, opts, window: w }: FieldContext): Rule[] {
  const rules: Rule[] = [
    { when: `${t} IS NOT NULL AND ${typed} IS NULL`, reason: says(f.name, t, notADate(f)), kind: `${f.name} ${notADate(f)}` },
  ];
  rules.push({
    when: `${typed} < DATE ${sqlString(w!.earliest)}`,
    kind: `${f.name} is before ${w!.earliest}`,
    reason: says(
      f.name,
      t,
      `is before ${w!.earliest}, the earliest date this extract may hold (a force with older records sets "earliestDate" for the extract in its force mapping)`,
    ),
  });
  if (!w!.scheduled) {
    rules.push({
      when: `${typed}::DATE > DATE ${sqlString(opts.today)}`,
      kind: `${f.name} is in the future`,
      reason: says(f.name, t, `is in the future (after ${opts.today})`),
    });
  }
  return rules;
}

/** Every rule for one field, in the order the reason is chosen (the first that holds). */
function fieldRules(c: FieldContext): Rule[] {
  const { f, t, typed } = c;
  const rules: Rule[] = [];
  if (f.required) rules.push({ when: `${t} IS NULL`, reason: sqlString(`${f.name} is empty but is required`), kind: `${f.name} is empty` });
  rules.push(...textRules(c));
  const bad = (what: string): Rule => ({
    when: `${t} IS NOT NULL AND ${typed} IS NULL`,
    reason: says(f.name, t, what),
    kind: `${f.name} ${what}`,
  });
  if (f.kind === 'date' || f.kind === 'timestamp') rules.push(...dateRules(c));
  if (f.kind === 'flag') rules.push(bad(`is not yes or no (expected ${formatText.flag})`));
  if (f.kind === 'code') rules.push(bad(`is not one of: ${f.values!.join(', ')}`));
  if (f.kind === 'area' && c.areas) rules.push(bad(notAnArea(c.areas)));
  return rules;
}

/** The better wordings of a field's problems (see Refinement). */
function refinements(f: FieldSpec, areas: Area[] | null): Refinement[] {
  const v = 'p.value';
  if (f.kind === 'date' || f.kind === 'timestamp') {
    return notADateBecause(f.kind, v).map(([when, sentence]) => ({
      of: `${f.name} ${notADate(f)}`,
      when,
      reason: says(f.name, v, sentence),
      kind: `${f.name} ${sentence.replace(/ \(.*$/, '')}`,
    }));
  }
  if (f.kind !== 'area' || !areas) return [];
  const of = `${f.name} ${notAnArea(areas)}`;
  const byName = `CASE lower(${v}) ${areas.map((a) => `WHEN ${sqlString(a.area_name.toLowerCase())} THEN ${sqlString(a.area)}`).join(' ')} END`;
  return [
    {
      of,
      when: `lower(${v}) = 'force'`,
      kind: `${f.name} is the whole force, not an area`,
      reason: says(
        f.name,
        v,
        `is the whole force, not an area: the force figure is the sum of its areas, so a row must name its own (one of: ${areas.map((a) => a.area).join(', ')})`,
      ),
    },
    {
      of,
      when: `${byName} IS NOT NULL`,
      kind: `${f.name} is an area's name, not its code`,
      reason: `${sqlString(f.name + ' ')} || ${v} || ' is the name of area ' || ${byName} || ${sqlString(': send the code, or map the name to it in the force mapping')}`,
    },
  ];
}

/** CASE expressions for a field's problems: the full reason, its kind, and the per-row test. */
function fieldProblem(c: FieldContext): { reason: string; kind: string; any: string } | null {
  const rules = fieldRules(c);
  if (!rules.length) return null; // optional free text in a clean file
  return {
    any: rules.map((r) => `(${r.when})`).join(' OR '),
    reason: `CASE ${rules.map((r) => `WHEN ${r.when} THEN ${r.reason}`).join(' ')} END`,
    kind: `CASE ${rules.map((r) => `WHEN ${r.when} THEN ${sqlString(r.kind)}`).join(' ')} END`,
  };
}

/** `problems` from `parsed`: one row per problem, with the refinements' better wording applied. */
function problemsSql(parsed: string, problems: string, refined: Refinement[]): string {
  const hit = (r: Refinement) => `p.kind = ${sqlString(r.of)} AND (${r.when})`;
  const reason = refined.length ? `CASE ${refined.map((r) => `WHEN ${hit(r)} THEN ${r.reason}`).join(' ')} ELSE p.reason END` : 'p.reason';
  const kind = refined.length
    ? `CASE ${refined.map((r) => `WHEN ${hit(r)} THEN ${sqlString(r.kind)}`).join(' ')} ELSE p.kind END`
    : 'p.kind';
  return `CREATE OR REPLACE TABLE ${problems} AS
    SELECT ord, p.field AS field, p.value AS value, ${reason} AS reason, ${kind} AS kind, NULL::BIGINT AS ref_ord
    FROM (SELECT rowid AS ord, unnest(problem_list) AS p FROM ${parsed} WHERE problem_list IS NOT NULL)`;
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

export function validationSql(
  contract: ExtractContract,
  fit: HeaderFit,
  mapping: ExtractMapping,
  opts: JudgeOptions,
  tables: StageTables,
): ValidationSql {
  const { parsed: parsedTable, problems: problemsTable } = tables;
  const fields = fieldsOf(contract);
  const areas = opts.areas === undefined ? forceAreas() : opts.areas;
  // Three stacked projections, each expression written once: clean the text, type it, judge it.
  const texts = fields.map((f) => `${cleanText(f, fit.columns.get(f.name), mapping)} AS ${ident('t_' + f.name)}`);
  const typed = fields.map((f) => `${typedValue(f, ident('t_' + f.name), areas)} AS ${ident(f.name)}`);

  const items: string[] = [];
  const conditions: string[] = [];
  for (const f of fields) {
    const t = ident('t_' + f.name);
    const window = f.kind === 'date' || f.kind === 'timestamp' ? dateWindow(contract, f.name, mapping) : undefined;
    const p = fieldProblem({ f, t, typed: ident(f.name), opts, areas, window });
    if (!p) continue;
    items.push(`{'field': ${sqlString(f.name)}, 'value': ${t}, 'reason': ${p.reason}, 'kind': ${p.kind}}`);
    conditions.push(p.any);
  }
  for (const c of contract.checks) {
    const reason = sqlString(c.reason).replace('{value}', `' || coalesce(${ident('t_' + c.field)}, '') || '`);
    const kind = sqlString(c.reason.replace(' {value}', ''));
    items.push(
      `{'field': ${sqlString(c.field)}, 'value': ${ident('t_' + c.field)}, 'reason': CASE WHEN ${c.failsWhen} THEN ${reason} END, 'kind': ${kind}}`,
    );
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

  const problems = problemsSql(
    parsedTable,
    problemsTable,
    fields.flatMap((f) => refinements(f, areas)),
  );

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
