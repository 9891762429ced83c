// `psm metrics --out FILE`: metric values written to a file whose extension says the format. DuckDB
// writes CSV, JSON and Parquet itself (one COPY); apache-arrow writes the Arrow IPC file (.arrow, and
// .feather, which is the same format). Every format holds the same rows and columns: the values as
// computed, with each metric's unit and each period's label as the dashboards and packs print it.
import type { DuckDBConnection } from '@duckdb/node-api';
import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { queryRows, sqlString } from '../warehouse/duckdb.ts';
import { catalogue } from './catalogue.ts';
import { metricValuesSql, type MetricQuery } from './compute.ts';
import { periodLabel } from '../../dashboards/shared/format.ts';
import { grains, type Grain } from './periods.ts';

export const exportFormats = { '.csv': 'csv', '.json': 'json', '.parquet': 'parquet', '.arrow': 'arrow', '.feather': 'arrow' } as const;
export type ExportFormat = (typeof exportFormats)[keyof typeof exportFormats];

/** The format a file name asks for, or an error naming the extensions there are. */
export function exportFormat(path: string): ExportFormat {
  const ext = extname(path).toLowerCase();
  const format = (exportFormats as Record<string, ExportFormat>)[ext];
  if (!format) {
    const known = Object.keys(exportFormats).join(', ');
    throw new Error(
      `cannot write ${path}: ${ext ? `"${ext}" is not a format psm writes` : 'the file name has no extension'}; the extension chooses the format: ${known}`,
    );
  }
  return format;
}

const textColumns = ['metric', 'unit', 'grain', 'period', 'period_label', 'period_start', 'period_end', 'area'] as const;
const numberColumns = ['value', 'numerator', 'denominator'] as const;
type ExportRow = Record<(typeof textColumns)[number], string> & Record<(typeof numberColumns)[number], number | null>;

/** The export's query: metricValuesSql with the unit of each metric and the label of each period joined on. */
async function exportSql(conn: DuckDBConnection, q: MetricQuery): Promise<string> {
  const periods = await queryRows<{ grain: Grain; period: string }>(conn, 'SELECT DISTINCT grain, period FROM periods ORDER BY 1, 2');
  const labels = periods.map((p) => `(${sqlString(p.grain)}, ${sqlString(p.period)}, ${sqlString(periodLabel(p.grain, p.period))})`);
  const ids = q.metrics?.length ? q.metrics : catalogue.map((m) => m.id);
  const units = catalogue.map((m) => `(${sqlString(m.id)}, ${sqlString(m.unit)})`);
  return `WITH v AS (${metricValuesSql(q)}),
units(metric, unit) AS (VALUES ${units.join(', ')}),
labels(grain, period, period_label) AS (${labels.length ? `VALUES ${labels.join(', ')}` : 'SELECT NULL, NULL, NULL WHERE false'})
SELECT v.metric, units.unit, v.grain, v.period, coalesce(labels.period_label, v.period) AS period_label,
  v.period_start, v.period_end, v.area, v.value, v.numerator, v.denominator
FROM v JOIN units USING (metric) LEFT JOIN labels ON labels.grain = v.grain AND labels.period = v.period
ORDER BY list_position([${ids.map(sqlString).join(', ')}], v.metric), list_position([${grains.map(sqlString).join(', ')}], v.grain),
  v.period_start, v.period_end, v.area <> 'force', v.area`;
}

/**
 * Writes metric values to `path` in the format its extension names (exportFormat). Values are
 * written as computed: `suppressed` is not a column (it needs the cross-area pass), so a file is
 * for the analyst, never for the panel.
 */
export async function exportMetrics(conn: DuckDBConnection, q: MetricQuery, path: string): Promise<{ format: ExportFormat; rows: number }> {
  const format = exportFormat(path);
  const sql = await exportSql(conn, q);
  if (format === 'arrow') {
    // Loaded only for an Arrow file: every other `psm metrics` run skips the library's start-up.
    const { Float64, Table, tableToIPC, Utf8, vectorFromArray } = await import('apache-arrow');
    const rows = await queryRows<ExportRow>(conn, sql);
    const columns = {
      ...Object.fromEntries(
        textColumns.map((c) => [
          c,
          vectorFromArray(
            rows.map((r) => r[c]),
            new Utf8(),
          ),
        ]),
      ),
      ...Object.fromEntries(
        numberColumns.map((c) => [
          c,
          vectorFromArray(
            rows.map((r) => r[c]),
            new Float64(),
          ),
        ]),
      ),
    };
    writeFileSync(path, tableToIPC(new Table(columns), 'file'));
    return { format, rows: rows.length };
  }
  const options = { csv: 'FORMAT csv, HEADER true', json: 'FORMAT json, ARRAY true', parquet: 'FORMAT parquet' }[format];
  const [done] = await queryRows<{ Count: number | bigint }>(conn, `COPY (${sql}) TO ${sqlString(path)} (${options})`);
  return { format, rows: Number(done?.Count ?? 0) };
}
