// The text forms a date or timestamp field accepts, and the window of dates it may hold: one place
// for both the SQL that reads them (ingest/validate-sql.ts) and the words that describe them (the
// quarantine's reasons and the Metric definitions page), so the two cannot drift apart.
//
// Only the documented forms are read. DuckDB's own casts accept much more — 'epoch', 'infinity',
// '0044-03-15 (BC)', a two-digit year read as year 23, an offset silently dropped — and any of those
// reaching the warehouse breaks the marts (a year-23 date makes `periods` 84,000 rows long).
import { sqlString } from '../warehouse/duckdb.ts';
import type { ExtractContract } from './contract.ts';
import type { ExtractMapping } from './mapping.ts';

/** The earliest date a field may hold unless the force mapping sets `earliestDate` for the extract. */
export const EARLIEST_DATE = '2000-01-01';
/**
 * The floor for dates that can lie long before the record was made (when an offence happened: a
 * non-recent rape reported in 2023 may have happened in 1985, and the crime must still count).
 */
export const HISTORIC_EARLIEST_DATE = '1900-01-01';
/** Timestamps are stored as UK local wall-clock time, as force systems export them (no zone). */
export const LOCAL_ZONE = 'Europe/London';

export const formatText = {
  date: 'dd/mm/yyyy or yyyy-mm-dd',
  timestamp: 'dd/mm/yyyy hh:mm:ss or yyyy-mm-ddThh:mm:ss',
  flag: 'Y/N, yes/no, true/false or 1/0',
} as const;

/** The sentence the definitions page prints for a date or timestamp field. */
export function windowText(kind: 'date' | 'timestamp', w: DateWindow): string {
  const forms =
    kind === 'date'
      ? formatText.date
      : `${formatText.timestamp} (seconds and a fraction optional), UK local time; an ISO time ending Z or ±hh:mm is converted to UK local time`;
  const upTo = w.scheduled ? 'any later date (a scheduled date)' : 'the day the file is received';
  return `${forms}; from ${w.earliest} to ${upTo}`;
}

export interface DateWindow {
  earliest: string;
  /** A scheduled date (an order's expiry) may lie in the future; any other may not. */
  scheduled: boolean;
}

/** The window of one date or timestamp field: the contract's kind of date, the force's floor. */
export function dateWindow(contract: ExtractContract, field: string, mapping?: ExtractMapping): DateWindow {
  const floor = mapping?.earliestDate ?? EARLIEST_DATE;
  const historic = contract.historicDates?.includes(field) ?? false;
  return {
    earliest: historic && HISTORIC_EARLIEST_DATE < floor ? HISTORIC_EARLIEST_DATE : floor,
    scheduled: contract.scheduledDates?.includes(field) ?? false,
  };
}

// Shapes are tested with LIKE (a few nanoseconds a value); the parse then checks the digits.
// dd/mm/yyyy goes through strptime (strict: nothing may follow); ISO through DuckDB's cast, many
// times faster than strptime but lenient about what follows the time (see timestampSql).
const UK_TIMESTAMPS = ['%d/%m/%Y %H:%M:%S', '%d/%m/%Y %H:%M', '%d/%m/%Y %H:%M:%S.%f'];
/** An ISO time with an offset DuckDB can read: Z, ±hh, ±hhmm or ±hh:mm, hours at most 14. */
const ISO_OFFSET = String.raw`\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d{1,9})?(Z|[+-](0\d|1[0-4])(:?[0-5]\d)?)`;

/** SQL: the DATE in text `t`, NULL unless it is dd/mm/yyyy or yyyy-mm-dd (the cast alone takes '2023-04-01 (BC)'). */
export function dateSql(t: string): string {
  return `CASE WHEN ${t} LIKE '__/__/____' THEN try_strptime(${t}, '%d/%m/%Y')::DATE
    WHEN ${t} LIKE '____-__-__' THEN TRY_CAST(${t} AS DATE) END`;
}

/**
 * SQL: the TIMESTAMP (UK local time) in text `t`, NULL unless it is in a documented form.
 * DuckDB's TIMESTAMP cast reads an ISO time with Z, an offset or ' UTC' after it and silently drops
 * the zone. With a 'Z' appended it accepts only a time that had none (a second zone is an error),
 * which is one string join, not a pattern match, on every value. A time with an offset names an
 * instant, so the few that fail that are converted to UK local time, like every other timestamp:
 * the offset is honoured, never dropped. A zone name is not read (DuckDB takes 'BST' for Bangladesh).
 */
export function timestampSql(t: string): string {
  return `CASE WHEN ${t} LIKE '__/__/____ __:__%' THEN try_strptime(${t}, [${UK_TIMESTAMPS.map(sqlString).join(', ')}])
    WHEN ${t} LIKE '____-__-_____:__%' THEN coalesce(TRY_CAST(${t} || 'Z' AS TIMESTAMP),
      CASE WHEN length(${t}) = 16 THEN TRY_CAST(${t} || ':00Z' AS TIMESTAMP)
        WHEN regexp_full_match(${t}, ${sqlString(ISO_OFFSET)}) THEN timezone(${sqlString(LOCAL_ZONE)}, TRY_CAST(${t} AS TIMESTAMPTZ)) END) END`;
}

/**
 * Why a text that did not read as a date is not one, for the common cases: [condition, reason] with
 * the reason a sentence ending (the field and value come first). Only rows already found bad
 * evaluate these, so they cost nothing on a clean file.
 */
export function notADateBecause(kind: 'date' | 'timestamp', t: string): [string, string][] {
  const re = (pattern: string) => `regexp_full_match(${t}, ${sqlString(pattern)})`;
  const dateTime = String.raw`(\d{4}-\d\d-\d\d[T ]|\d\d/\d\d/\d{4} )\d\d:\d\d(:\d\d(\.\d+)?)?`;
  const out: [string, string][] = [
    [re(String.raw`\d{1,2}/\d{1,2}/\d\d( .*)?`), 'has a two-digit year (write the year in full: dd/mm/yyyy)'],
    [
      `lower(${t}) IN ('epoch', 'infinity', '-infinity', '+infinity', 'now', 'today', 'tomorrow', 'yesterday', 'allballs')`,
      'is a placeholder word, not a date',
    ],
    [`regexp_matches(lower(${t}), ${sqlString(String.raw`\s\(?b\.?c\.?\)?$`)})`, 'is a date Before Christ (BC)'],
  ];
  if (kind === 'timestamp') {
    out.push([
      re(String.raw`${dateTime}\s*(Z|[+-]\d\d(:?\d\d)?|[A-Za-z][A-Za-z/_+-]*)`),
      'has a time zone or offset that cannot be read (write UK local time, or yyyy-mm-ddThh:mm:ss ending Z or ±hh:mm)',
    ]);
  } else {
    out.push([re(String.raw`(\d{4}-\d\d-\d\d|\d\d/\d\d/\d{4})[T ].*`), 'has a time where only a date is expected']);
  }
  return out;
}
