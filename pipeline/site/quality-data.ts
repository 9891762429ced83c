// The data-quality page's data: per extract, how fresh it is and what period it covers; the run
// ledger of files received; and quarantined (and warned) rows counted by extract, field and kind
// of problem. Counts only: the quarantine's `value` and `reason` text can hold a record's own
// values (a ref, a date), so neither ever leaves the warehouse.
import type { DuckDBConnection } from '@duckdb/node-api';
import { contracts, extractNames } from '../extracts/index.ts';
import { ident, queryRows, sqlString } from '../warehouse/duckdb.ts';
import { judgeFreshness, londonDay } from './freshness.ts';
import type { Audience } from '../settings.ts';

interface ExtractRow {
  extract: string;
  grain: string;
  periodField: string;
  rows: number;
  first: string | null;
  last: string | null;
  files: number;
  lastReceived: string | null;
  quarantined: number;
  warnings: number;
}

async function extractRows(conn: DuckDBConnection): Promise<ExtractRow[]> {
  const out: ExtractRow[] = [];
  for (const name of extractNames) {
    const c = contracts[name];
    const field = ident(c.periodField);
    // Aggregate per table in SQL: a row count and the range of the date that places a row in time.
    const [t] = await queryRows<{ rows: number; first: string | null; last: string | null }>(
      conn,
      `SELECT count(*)::DOUBLE AS rows, strftime(min(${field})::DATE, '%Y-%m-%d') AS first, strftime(max(${field})::DATE, '%Y-%m-%d') AS last FROM ${ident(name)}`,
    );
    const [l] = await queryRows<{ files: number; last_received: string | null; quarantined: number; warnings: number }>(
      conn,
      `SELECT count(*)::INTEGER AS files, strftime(max(received_at), '%Y-%m-%dT%H:%M:%S') AS last_received,
              coalesce(sum(quarantined), 0)::DOUBLE AS quarantined, coalesce(sum(warnings), 0)::DOUBLE AS warnings
       FROM ledger WHERE extract = ${sqlString(name)}`,
    );
    out.push({
      extract: name, grain: c.grain, periodField: c.periodField, rows: t?.rows ?? 0, first: t?.first ?? null, last: t?.last ?? null,
      files: l?.files ?? 0, lastReceived: l?.last_received ?? null, quarantined: l?.quarantined ?? 0, warnings: l?.warnings ?? 0,
    });
  }
  return out;
}

/** `now` is the day the site is built: freshness is judged against it (PSM_NOW pins it in tests). */
export async function qualityData(conn: DuckDBConnection, asOf: string | null, now: Date, audience: Audience) {
  const today = londonDay(now);
  const extracts = judgeFreshness(await extractRows(conn), today);
  // The whole hash goes to the page (a file's fingerprint, not its content): the table shows 12
  // characters and keeps the rest in a tooltip and the CSV, so a file can still be found by it.
  const ledger = await queryRows(
    conn,
    `SELECT file, extract, sha256 AS sha, strftime(received_at, '%Y-%m-%dT%H:%M:%S') AS received,
            strftime(period_start, '%Y-%m-%d') AS period_start, strftime(period_end, '%Y-%m-%d') AS period_end,
            data_rows::DOUBLE AS data_rows, loaded::DOUBLE AS loaded, quarantined::DOUBLE AS quarantined, warnings::DOUBLE AS warnings,
            superseded::DOUBLE AS superseded, supersedes::DOUBLE AS supersedes
     FROM ledger ORDER BY received_at DESC, file LIMIT 500`,
  );
  const [{ n: ledgerFiles } = { n: 0 }] = await queryRows<{ n: number }>(conn, 'SELECT count(*)::INTEGER AS n FROM ledger');
  // `kind` is the reason without the offending value; older warehouses without it fall back to the field.
  const counts = (table: 'quarantine' | 'warnings') =>
    queryRows<{ extract: string; field: string | null; kind: string; rows: number; files: number }>(
      conn,
      `SELECT extract, field, coalesce(kind, 'problem with ' || coalesce(field, 'the line')) AS kind,
              count(*)::DOUBLE AS rows, count(DISTINCT sha256)::INTEGER AS files
       FROM ${table} GROUP BY ALL ORDER BY rows DESC, extract, kind`,
    );
  return { asOf, today, audience, extracts, ledger, ledgerFiles, quarantine: await counts('quarantine'), warnings: await counts('warnings') };
}
