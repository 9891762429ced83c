// `psm explain`: one figure, taken apart. The catalogue entry, the chain of SQL behind it
// (lineage.ts), the figure's numerator and denominator as `psm metrics` computes them, and the
// extract files behind it: for each file of each extract the chain reads, the figure computed again
// from that file's rows alone (its staging view narrowed to the file, the marts above it run from
// their own SQL files on that), so each file's part comes from the metric's own SQL, not a copy.
import type { DuckDBConnection } from '@duckdb/node-api';
import { join } from 'node:path';
import { repoRoot } from '../config.ts';
import { readLedger } from '../ingest/ledger.ts';
import { readMartFile } from '../models/graph.ts';
import { queryRows, sqlString } from '../warehouse/duckdb.ts';
import { getMetric, type Metric } from './catalogue.ts';
import { computeMetrics, metricSql, type MetricValue } from './compute.ts';
import { metricLineage, stagingExtracts, type MetricLineage } from './lineage.ts';
import { periodLabel } from '../../dashboards/shared/format.ts';
import type { Grain } from './periods.ts';

/** One figure: a metric at one period of one grain, for the force or one area. */
export interface FigureQuery {
  metric: string;
  grain: Grain;
  period: string;
  area: string;
}

/** What one extract file gives the figure. */
export interface FileShare {
  file: string;
  sha256: string;
  extract: string;
  /** The file's rows the figure counts (see rowsOf). */
  rows: number;
  /** The figure computed from this file's rows alone (its extract's other files left out). */
  numerator: number | null;
  denominator: number | null;
}

export interface Figure extends MetricValue {
  label: string;
  /** The warehouse holds data for the whole period (not a part year at either end). */
  complete: boolean;
}

export interface Explanation {
  metric: Metric;
  lineage: MetricLineage;
  figure: Figure;
  /**
   * Additive metrics (counts and sums over months) split exactly: for each extract, its files'
   * parts add up to the figure. A metric with rollup 'none' (a median, a latest outcome, orders in
   * force on a day) need not: a file's part is what its rows alone would give.
   */
  additive: boolean;
  files: FileShare[];
}

/** Everything `psm explain` says about one figure; null when the warehouse has no such figure. */
export async function explainFigure(conn: DuckDBConnection, q: FigureQuery): Promise<Explanation | null> {
  const metric = getMetric(q.metric);
  const lineage = metricLineage(q.metric);
  const figure = await computeFigure(conn, q);
  if (!figure) return null;
  const files = await fileShares(conn, q, lineage);
  return { metric, lineage, figure, additive: metric.rollup !== 'none', files };
}

/** The figure as `psm metrics` gives it (with its disclosure verdict), or null. */
async function computeFigure(conn: DuckDBConnection, q: FigureQuery): Promise<Figure | null> {
  const values = await computeMetrics(conn, { metrics: [q.metric], grain: q.grain, area: q.area });
  const value = values.find((v) => v.period === q.period);
  if (!value) return null;
  const [p] = await queryRows<{ complete: boolean }>(
    conn,
    `SELECT is_complete AS complete FROM periods WHERE grain = ${sqlString(q.grain)} AND period = ${sqlString(q.period)}`,
  );
  return { ...value, label: periodLabel(q.grain, q.period), complete: p?.complete ?? false };
}

/** The last period of a grain the data covers in full (what explain shows when no period is given). */
export async function latestCompletePeriod(conn: DuckDBConnection, grain: Grain): Promise<string | null> {
  const [row] = await queryRows<{ period: string }>(
    conn,
    `SELECT period FROM periods
    WHERE grain = ${sqlString(grain)} AND is_complete ORDER BY period_end DESC LIMIT 1`,
  );
  return row?.period ?? null;
}

/**
 * The figure from one file's rows: the staging views over that file's extract narrowed to the
 * file, every mart of the chain run from its SQL file over them (a CTE of the same name shadows
 * the built mart), then the metric's own SQL. Calendar marts are read as built. `key` names the
 * result row (the file's hash unless told).
 */
export function fileFigureSql(q: FigureQuery, lineage: MetricLineage, extract: string, sha256: string, key = sha256): string {
  const narrowed = lineage.staging.filter((s) => stagingExtracts(s.name).includes(extract as never));
  const ctes = [
    ...narrowed.map((s) => `${s.name} AS (SELECT * FROM main.${s.name} WHERE source_sha256 = ${sqlString(sha256)})`),
    ...lineage.marts.map((m) => `${m.name} AS (\n${readMartFile(join(repoRoot, m.path)).sql}\n)`),
  ];
  return `SELECT ${sqlString(key)} AS key, numerator::DOUBLE AS numerator, denominator::DOUBLE AS denominator
FROM (
WITH ${ctes.join(',\n')}
SELECT * FROM (
${metricSql(q.metric)}
) AS m
WHERE grain = ${sqlString(q.grain)} AND period = ${sqlString(q.period)} AND area = ${sqlString(q.area)}
)`;
}

/**
 * Every extract file with a part in the figure, in load order within each extract. A file's part
 * is the figure from its rows less the figure with none of its extract's rows: where the metric
 * reads two extracts (breaches over applications) the other one's whole part is not the file's.
 */
async function fileShares(conn: DuckDBConnection, q: FigureQuery, lineage: MetricLineage): Promise<FileShare[]> {
  const inList = lineage.extracts.map(sqlString).join(', ');
  const ledger = (await readLedger(conn, 'main', `extract IN (${inList}) AND loaded > 0`)).sort(
    (a, b) => a.receivedAt.localeCompare(b.receivedAt) || a.file.localeCompare(b.file) || a.sha256.localeCompare(b.sha256),
  );
  if (!ledger.length) return [];
  const branches = [
    ...lineage.extracts.map((e) => fileFigureSql(q, lineage, e, '', `none:${e}`)),
    ...ledger.map((f) => fileFigureSql(q, lineage, f.extract, f.sha256)),
  ];
  const parts = await queryRows<Part>(conn, branches.join('\nUNION ALL\n'));
  const byKey = new Map(parts.map((p) => [p.key, p]));
  const metric = getMetric(q.metric);
  const less = (a: number | null | undefined, b: number | null | undefined) => (a === null || a === undefined ? null : a - (b ?? 0));
  const shares = ledger.map((f) => {
    const [p, none] = [byKey.get(f.sha256), byKey.get(`none:${f.extract}`)];
    const [numerator, denominator] = [less(p?.numerator, none?.numerator), less(p?.denominator, none?.denominator)];
    return { file: f.file, sha256: f.sha256, extract: f.extract, rows: rowsOf(metric, numerator, denominator), numerator, denominator };
  });
  const order = (s: FileShare) => lineage.extracts.indexOf(s.extract as never);
  return shares.filter((s) => s.rows > 0 || (s.numerator ?? 0) !== 0 || (s.denominator ?? 0) !== 0).sort((a, b) => order(a) - order(b));
}

interface Part {
  key: string;
  numerator: number | null;
  denominator: number | null;
}

/**
 * How many of a file's rows the figure counts. A denominator counts rows (calls offered, crimes,
 * applications); where a file gives none, its numerator does — unless the numerator is a sum of
 * times (a mean in seconds or days), which counts no rows of its own.
 */
export function rowsOf(m: Metric, numerator: number | null, denominator: number | null): number {
  if (denominator) return denominator;
  if (m.unit === 'seconds' || m.unit === 'days') return 0;
  return numerator ?? 0;
}
