// `psm metrics`: computed metric values from the published warehouse, or `--list` for the catalogue.
// Without --grain each metric is shown at its default grain; without --area, for the force.
import type { DuckDBConnection } from '@duckdb/node-api';
import { catalogue, getMetric } from '../metrics/catalogue.ts';
import { computeMetrics, dataAsOf, matchArea, reportAreas, type MetricValue } from '../metrics/compute.ts';
import { exportFormat, exportMetrics } from '../metrics/export.ts';
import { formatNumber, formatValue } from '../../dashboards/shared/format.ts';
import { textTable } from '../terminal.ts';
import { grains, grainSchema, type Grain } from '../metrics/periods.ts';
import { queryRows } from '../warehouse/duckdb.ts';
import { openPinned } from '../warehouse/pin.ts';
import { emit, log, parse } from './args.ts';

const help = `Usage: psm metrics [--metric ID ...] [--grain ${grains.join('|')}|all] [--from YYYY-MM] [--to YYYY-MM]
                   [--area CODE|force|all] [--out FILE] [--json]
       psm metrics --list [--json]

  --metric   one or more metric ids (repeat the flag or separate with commas); default all
  --grain    default: each metric's own default grain; 'all' for every grain
  --from/--to  keep periods whose last day falls in these months (inclusive)
  --area     an area code, 'force' (default) or 'all' (the force and every area)
  --out      write the values to FILE instead of printing them, in the format its extension names:
             .csv, .json, .parquet, or .arrow/.feather (Arrow IPC file); with unit and period_label
  JSON: {"as_of": last date of data in the warehouse, "warehouse_sha256", "values": [...]}`;

function listCatalogue(json: boolean): number {
  emit(json, { metrics: catalogue }, () =>
    textTable(
      ['metric', 'unit', 'default grain', 'family', 'title'],
      catalogue.map((m) => [m.id, m.unit, m.defaultGrain, m.family, m.title]),
    ),
  );
  return 0;
}

/** Before the warehouse is opened: a name psm cannot write is refused at once. */
function writableName(out: string): boolean {
  try {
    exportFormat(out);
    return true;
  } catch (err) {
    log(`psm metrics --out: ${(err as Error).message}`);
    return false;
  }
}

export async function run(argv: string[]): Promise<number> {
  const {
    values: v,
    positionals,
    paths,
  } = parse(
    argv,
    {
      metric: { type: 'string', multiple: true },
      grain: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      area: { type: 'string', default: 'force' },
      list: { type: 'boolean', default: false },
      out: { type: 'string' },
    },
    help,
  );
  if (v.list) return listCatalogue(v.json);
  if (positionals.length) {
    log(`psm metrics: metric ids go after --metric (e.g. --metric ${positionals[0]}); unexpected: ${positionals.join(' ')}`);
    return 2;
  }
  const metrics = (v.metric ?? [])
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  metrics.forEach(getMetric);
  if (v.out && !writableName(v.out)) return 2;
  const ids = metrics.length ? metrics : catalogue.map((m) => m.id);
  if (v.grain !== undefined && v.grain !== 'all') grainSchema.parse(v.grain);
  const grain = v.grain === 'all' ? undefined : (v.grain as Grain | undefined);

  // Values and warehouse_sha256 from one file: the hash used to be taken of psm.duckdb after the
  // values were computed, so a publish in between stamped the new warehouse on the old one's values.
  const { db, pin, close } = await openPinned(paths);
  try {
    const t0 = performance.now();
    // An area code typed in lower case still means the area; an unknown one is an error, not an empty table.
    const areas = await reportAreas(db.conn);
    const area = matchArea(v.area, areas) ?? (v.area === 'all' ? 'all' : undefined);
    if (!area) {
      log(`psm metrics: unknown area "${v.area}"; use force, all or one of: ${areas.filter((a) => a !== 'force').join(', ')}`);
      return 2;
    }
    v.area = area;
    if (v.out) {
      // DuckDB writes CSV, JSON and Parquet itself (one COPY); without --grain that is every grain.
      if (grain === undefined) log('psm metrics --out: writing every grain (use --grain to narrow)');
      const done = await exportMetrics(db.conn, { metrics: ids, grain, from: v.from, to: v.to, area: v.area }, v.out);
      log(`psm metrics: wrote ${done.rows} values to ${v.out} (${done.format})`);
      return 0;
    }
    // Default grains: one query per distinct default grain among the requested metrics.
    const groups = grain !== undefined || v.grain === 'all' ? [{ grain, ids }] : byDefaultGrain(ids);
    const values: MetricValue[] = [];
    for (const g of groups)
      values.push(...(await computeMetrics(db.conn, { metrics: g.ids, grain: g.grain, from: v.from, to: v.to, area: v.area })));
    const order = new Map(ids.map((id, i) => [id, i]));
    values.sort((a, b) => order.get(a.metric)! - order.get(b.metric)!);
    log(`psm metrics: ${values.length} values in ${Math.round(performance.now() - t0)} ms`);
    if (!values.length) log('psm metrics: nothing matched: check --area (calls and DVDS are force-only), --from/--to and --grain');
    const result = { as_of: await dataAsOf(db.conn), warehouse_sha256: await pin.sha256(), values };
    const partial = v.json ? new Set<string>() : await partialPeriods(db.conn);
    emit(v.json, result, () => humanTable(result.as_of, values, partial));
    return 0;
  } finally {
    close();
  }
}

function byDefaultGrain(ids: string[]): { grain: Grain; ids: string[] }[] {
  const groups = new Map<Grain, string[]>();
  for (const id of ids) {
    const g = getMetric(id).defaultGrain;
    groups.set(g, [...(groups.get(g) ?? []), id]);
  }
  return [...groups].map(([grain, ids]) => ({ grain, ids }));
}

/** `grain|period` of every period the data covers only in part (a year at either end of the data). */
async function partialPeriods(conn: DuckDBConnection): Promise<Set<string>> {
  const rows = await queryRows<{ k: string }>(conn, `SELECT grain || '|' || period AS k FROM periods WHERE NOT is_complete`);
  return new Set(rows.map((r) => r.k));
}

function humanTable(asOf: string | null, values: MetricValue[], partial: Set<string>): string {
  const rows = values.map((r) => {
    const unit = getMetric(r.metric).unit;
    const num = unit === 'seconds' || unit === 'days' ? formatNumber(r.numerator, 1) : formatNumber(r.numerator, 0);
    const period = partial.has(`${r.grain}|${r.period}`) ? `${r.period}*` : r.period;
    return [
      r.metric,
      r.grain,
      period,
      r.area,
      formatValue(r.value, unit, { wholeSeconds: true }),
      num,
      formatNumber(r.denominator, 0),
      r.suppressed ? '[c]' : '',
    ];
  });
  const table = textTable(['metric', 'grain', 'period', 'area', 'value', 'numerator', 'denominator', 'public'], rows, new Set([4, 5, 6]));
  const note = values.some((r) => partial.has(`${r.grain}|${r.period}`))
    ? '\n\n* part of the period only: the data does not cover all of it'
    : '';
  return `Data to ${asOf ?? '(no data)'}\n\n${table}${note}`;
}
