// Runs metric SQL against the warehouse. Every metric's SQL (its file, rolled up to every period by
// rollup.ts where it is additive) returns all periods of all grains for the force and each area;
// this wraps the requested ones in one UNION ALL query (each view mart they read run from its SQL
// file, once for all of them), filters in SQL and reads back only the small aggregate rows
// (export.ts writes them to a file).
import type { DuckDBConnection } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
import { namesRead } from '../models/build.ts';
import { readMarts, type MartFile } from '../models/graph.ts';
import { queryRows, sqlString } from '../warehouse/duckdb.ts';
import { disclose, type DiscloseOptions } from '../disclosure/disclose.ts';
import type { ValueRow } from '../disclosure/quantities.ts';
import type { Reason } from '../disclosure/rules.ts';
import { catalogue, getMetric, metricSqlPath } from './catalogue.ts';
import { grains, grainSchema, monthEnd, monthStart, yearMonth, type Grain } from './periods.ts';
import { rollupSql } from './rollup.ts';

export interface MetricQuery {
  /** Metric ids; default every metric in the catalogue. */
  metrics?: string[];
  /** One grain; default all grains. */
  grain?: Grain;
  /** Periods whose last day falls in or after this month (YYYY-MM). */
  from?: string;
  /** Periods whose last day falls in or before this month (YYYY-MM). */
  to?: string;
  /** An area code, 'force', or 'all' (default: the force and every area). */
  area?: string;
  /** The attack test's weakened disclosure pass; never set by an output. */
  disclosure?: DiscloseOptions;
}

/** One computed value: the row disclosure control judges (ValueRow), and its verdict. */
export interface MetricValue extends ValueRow {
  grain: Grain;
  /** Shown as [c] in panel and public outputs (pipeline/disclosure/rules.ts says when). */
  suppressed: boolean;
  /** Why it is hidden, or null. */
  reason: Reason | null;
}

const sqlCache = new Map<string, string>();

/**
 * The SQL of one metric, every period of every grain: pipeline/metrics/<id>.sql (trailing semicolon
 * removed) wrapped in its catalogue entry's roll-up.
 */
export function metricSql(id: string): string {
  const m = getMetric(id);
  let sql = sqlCache.get(id);
  if (sql === undefined) {
    const file = readFileSync(metricSqlPath(id), 'utf8').trim().replace(/;\s*$/, '');
    if (!file.startsWith('-- grain: ')) throw new Error(`${id}.sql: the first line must state its grain (-- grain: …)`);
    sql = rollupSql(m, file);
    sqlCache.set(id, sql);
  }
  return sql;
}

let views: MartFile[] | undefined;

/**
 * Every view mart the query's metrics read, as a CTE of its own name run from its SQL file: a
 * warehouse built before the view existed (the summaries below came on 7 Dec 2026) is read as well
 * as a new one, without waiting for a night whose files rebuild the marts — the metrics' own SQL
 * comes from the code too. One that two or more metrics read is MATERIALIZED: DuckDB computes it
 * once for the whole query, where a view otherwise runs again for every metric naming it. Those
 * shared are summaries over every file table of an extract (crimes_monthly, calls_999_monthly); a
 * view of one row per record would be held whole in memory, so metrics that share rows share a
 * summary of them.
 */
function viewsSql(ids: readonly string[]): string {
  views ??= readMarts().filter((m) => m.materialized === 'view');
  const read = views
    .map((v) => ({ v, readers: ids.filter((id) => namesRead(metricSql(id), [v.name]).length).length }))
    .filter((r) => r.readers > 0);
  const cte = ({ v, readers }: (typeof read)[number]) => `${v.name} AS ${readers > 1 ? 'MATERIALIZED ' : ''}(\n${v.sql}\n)`;
  return read.length ? `WITH ${read.map(cte).join(',\n')}\n` : '';
}

function checkQuery(q: MetricQuery): void {
  q.metrics?.forEach(getMetric);
  if (q.grain !== undefined) grainSchema.parse(q.grain);
  for (const [name, ym] of [
    ['from', q.from],
    ['to', q.to],
  ] as const) {
    if (ym !== undefined && !yearMonth.safeParse(ym).success) throw new Error(`--${name} ${ym}: expected YYYY-MM`);
  }
}

/**
 * The one query behind computeMetrics and exportMetrics: selected metrics, filtered by grain,
 * period end and area, numbers cast to DOUBLE (BIGINT would arrive as strings) and dates as ISO text.
 */
export function metricValuesSql(q: MetricQuery, opts: { areaFilter?: boolean } = {}): string {
  checkQuery(q);
  const ids = q.metrics?.length ? q.metrics : catalogue.map((m) => m.id);
  const where: string[] = [];
  if (q.grain) where.push(`grain = ${sqlString(q.grain)}`);
  if (q.from) where.push(`period_end >= DATE ${sqlString(monthStart(q.from))}`);
  if (q.to) where.push(`period_end <= DATE ${sqlString(monthEnd(q.to))}`);
  if ((opts.areaFilter ?? true) && q.area && q.area !== 'all') where.push(`area = ${sqlString(q.area)}`);
  const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const branches = ids.map(
    (id, i) => `SELECT ${i} AS metric_order, ${sqlString(id)} AS metric, grain, period,
  strftime(period_start, '%Y-%m-%d') AS period_start, strftime(period_end, '%Y-%m-%d') AS period_end, area,
  value::DOUBLE AS value, numerator::DOUBLE AS numerator, denominator::DOUBLE AS denominator
FROM (
${metricSql(id)}
) AS m ${filter}`,
  );
  const grainOrder = `list_position([${grains.map(sqlString).join(', ')}], grain)`;
  return `${viewsSql(ids)}SELECT metric, grain, period, period_start, period_end, area, value, numerator, denominator
FROM (
${branches.join('\nUNION ALL\n')}
)
ORDER BY metric_order, ${grainOrder}, period_start, period_end, area <> 'force', area`;
}

type Row = Omit<MetricValue, 'suppressed' | 'reason'>;

/** Computes metric values: small aggregate rows, with the disclosure-control flag set. */
export async function computeMetrics(conn: DuckDBConnection, q: MetricQuery = {}): Promise<MetricValue[]> {
  checkQuery(q);
  // Disclosure control judges every figure at once (a rate on one page and its base on another,
  // a window minus its months, a total minus the other areas), so it sees every metric, grain,
  // period and area; the query's own filters are applied afterwards.
  const flagged = markSuppressed(await queryRows<Row>(conn, metricValuesSql({}, { areaFilter: false })), q.disclosure);
  const ids = q.metrics?.length ? new Set(q.metrics) : null;
  const [from, to] = [q.from ? monthStart(q.from) : null, q.to ? monthEnd(q.to) : null];
  const kept = flagged.filter(
    (r) =>
      (!ids || ids.has(r.metric)) &&
      (!q.grain || r.grain === q.grain) &&
      (!from || r.period_end >= from) &&
      (!to || r.period_end <= to) &&
      (!q.area || q.area === 'all' || r.area === q.area),
  );
  // In the order the metrics were asked for (a stable sort keeps grain and period order within each).
  const order = new Map((q.metrics ?? []).map((id, i) => [id, i]));
  return ids ? kept.sort((a, b) => order.get(a.metric)! - order.get(b.metric)!) : kept;
}

/** Marks the values panel and public outputs must hide: one pass over all of them (disclose.ts). */
export function markSuppressed(rows: Row[], opts?: DiscloseOptions): MetricValue[] {
  const metrics = new Map(catalogue.map((m) => [m.id, m]));
  const reasons = disclose(rows, metrics, opts);
  return rows.map((r, i) => ({ ...r, suppressed: reasons[i] !== null, reason: reasons[i]! }));
}

/** The last date of data in the warehouse (ISO), or null when it holds none. */
export async function dataAsOf(conn: DuckDBConnection): Promise<string | null> {
  const [row] = await queryRows<{ as_of: string | null }>(conn, `SELECT strftime(last_date, '%Y-%m-%d') AS as_of FROM data_span`);
  return row?.as_of ?? null;
}

/** The reporting areas: 'force', then each area code (the `report_areas` mart). */
export async function reportAreas(conn: DuckDBConnection): Promise<string[]> {
  return (await queryRows<{ area: string }>(conn, 'SELECT area FROM report_areas ORDER BY sort_order, area')).map((r) => r.area);
}

/** The area a typed code means: an area code typed in lower case still means the area. */
export const matchArea = (typed: string, areas: readonly string[]): string | undefined =>
  areas.find((a) => a.toLowerCase() === typed.toLowerCase());
