// Runs metric SQL against the warehouse. Every metric's SQL (its file, rolled up to every period by
// rollup.ts where it is additive) returns all periods of all grains for the force and each area;
// this wraps the requested ones in one UNION ALL query, filters in SQL and reads back only the
// small aggregate rows (or lets DuckDB write them to a file with COPY).
import type { DuckDBConnection } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { queryRows, sqlString } from '../warehouse/duckdb.ts';
import { suppress } from '../stats/suppress.ts';
import { catalogue, getMetric, metricSqlPath, type Metric } from './catalogue.ts';
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
}

export interface MetricValue {
  metric: string;
  grain: Grain;
  period: string;
  /** ISO dates, first and last day of the period. */
  period_start: string;
  period_end: string;
  /** 'force' or an area code. */
  area: string;
  /** NULL when the denominator is 0 (no rate to give). */
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  /** Would be shown as [c] in panel/public outputs (small numbers below force level). */
  suppressed: boolean;
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

function checkQuery(q: MetricQuery): void {
  q.metrics?.forEach(getMetric);
  if (q.grain !== undefined) grainSchema.parse(q.grain);
  for (const [name, ym] of [['from', q.from], ['to', q.to]] as const) {
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
  return `SELECT metric, grain, period, period_start, period_end, area, value, numerator, denominator
FROM (
${branches.join('\nUNION ALL\n')}
)
ORDER BY metric_order, ${grainOrder}, period_start, period_end, area <> 'force', area`;
}

type Row = Omit<MetricValue, 'suppressed'>;

/** Computes metric values: small aggregate rows, with the disclosure-control flag set. */
export async function computeMetrics(conn: DuckDBConnection, q: MetricQuery = {}): Promise<MetricValue[]> {
  // Secondary suppression needs every area of a period, so the area filter is applied afterwards.
  const rows = await queryRows<Row>(conn, metricValuesSql(q, { areaFilter: false }));
  const flagged = markSuppressed(rows);
  return q.area && q.area !== 'all' ? flagged.filter((r) => r.area === q.area) : flagged;
}

/**
 * Marks the values panel/public outputs must hide: counts 1–4 and rates on denominators under 10
 * below force level, plus secondary suppression across the areas of one (metric, grain, period),
 * whose force value is their total. Runs on aggregates only (one cell per area).
 */
export function markSuppressed(rows: Row[]): MetricValue[] {
  const cells = rows.map((r) => {
    const m = getMetric(r.metric);
    const isCount = m.unit === 'count';
    return {
      row: `${r.metric}|${r.grain}|${r.period}`,
      col: r.area,
      count: isCount ? r.numerator : undefined,
      numerator: isCount ? undefined : r.numerator,
      denominator: isCount ? undefined : r.denominator,
      isForceLevel: r.area === 'force',
      isRowTotal: r.area === 'force' && hasAreas(m),
    };
  });
  const marked = suppress(cells);
  return rows.map((r, i) => ({ ...r, suppressed: marked[i]!.suppressed }));
}

const hasAreas = (m: Metric): boolean => m.areas === 'force_and_areas';

/**
 * Writes metric values to a file with DuckDB's COPY: Parquet for `.parquet`, else a JSON array.
 * Values are written as computed; `suppressed` is not included (it needs the cross-area pass).
 */
export async function exportMetrics(conn: DuckDBConnection, q: MetricQuery, path: string): Promise<void> {
  const format = extname(path).toLowerCase() === '.parquet' ? 'FORMAT parquet' : 'FORMAT json, ARRAY true';
  await conn.run(`COPY (${metricValuesSql(q)}) TO ${sqlString(path)} (${format})`);
}

/** The last date of data in the warehouse (ISO), or null when it holds none. */
export async function dataAsOf(conn: DuckDBConnection): Promise<string | null> {
  const [row] = await queryRows<{ as_of: string | null }>(conn, `SELECT strftime(last_date, '%Y-%m-%d') AS as_of FROM data_span`);
  return row?.as_of ?? null;
}
