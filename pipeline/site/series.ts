// Shared by the dashboard loaders: the reporting periods and areas of the warehouse, metric values
// as compact aligned arrays, disclosure control for the panel's build, and the SPC summary of a
// monthly series. Everything here is aggregates: no query in this folder returns record rows.
import type { DuckDBConnection } from '@duckdb/node-api';
import { workspacePaths } from '../config.ts';
import { getMetric, type Metric } from '../metrics/catalogue.ts';
import { decimalsFor, roundTo } from '../../dashboards/shared/format.ts';
import type { MetricValue } from '../metrics/compute.ts';
import { grains, type Grain } from '../metrics/periods.ts';
import { annotationsFor, formatAnnotationDate, loadAnnotations, rebaseFromOf, type Annotation, type RebasePoint } from '../stats/annotations.ts';
import { monthlySpc, segmentLimits, type SegmentLimits } from '../stats/monthly-spc.ts';
import type { SpcResult } from '../stats/spc.ts';
import { queryRows } from '../warehouse/duckdb.ts';

/** A value as the page receives it: a number, null (no value) or 'c' (suppressed small number). */
export type Cell = number | null | 'c';

export interface PeriodInfo {
  id: string;
  start: string;
  end: string;
}

import type { Audience } from '../settings.ts';

export type { Audience };

/**
 * Periods of every grain, oldest first, that the data covers from first day to last: a rolling
 * year with only three months of data in it is not a year.
 */
export async function loadPeriods(conn: DuckDBConnection): Promise<Record<Grain, PeriodInfo[]>> {
  const rows = await queryRows<{ grain: Grain; period: string; start: string; end: string; early: boolean; partial: boolean }>(
    conn,
    `SELECT p.grain, p.period, strftime(p.period_start, '%Y-%m-%d') AS start, strftime(p.period_end, '%Y-%m-%d') AS "end",
            p.period_start < date_trunc('month', s.first_date) AS early, p.period_end > s.last_date AS partial
     FROM periods p, data_span s ORDER BY p.grain, p.period_start, p.period_end`,
  );
  const out = Object.fromEntries(grains.map((g) => [g, [] as PeriodInfo[]])) as Record<Grain, PeriodInfo[]>;
  for (const r of rows) {
    // A period the data does not cover whole would read as a sudden fall (or a thin first year)
    // beside whole ones; the year so far is what the fytd grain is for.
    if (r.early || r.partial) continue;
    out[r.grain].push({ id: r.period, start: r.start, end: r.end });
  }
  return out;
}

export async function loadAreas(conn: DuckDBConnection): Promise<{ area: string; name: string }[]> {
  return queryRows<{ area: string; name: string }>(
    conn,
    `SELECT area, coalesce(area_name, area) AS name FROM report_areas ORDER BY sort_order, name`,
  );
}

/** The analyst's annotations: the workspace's own file if it has one, else the demo's in data/. */
export function workspaceAnnotations(root: string): Annotation[] {
  return loadAnnotations(workspacePaths(root).annotations);
}

export function annotationsOf(metricId: string, list: Annotation[]) {
  const rebaseFrom = rebaseFromOf(metricId, list);
  return annotationsFor(metricId, list).map((a) => ({
    date: a.date, when: formatAnnotationDate(a), label: a.label, ...(a.detail ? { detail: a.detail } : {}),
    // The first month of new control limits, when the analyst marked this change as a rebase point.
    ...(rebaseFrom(a) ? { rebaseFrom: rebaseFrom(a) } : {}),
  }));
}

/**
 * Trims a value for the page: twelve significant digits, no float noise in the JSON. Not fewer: the
 * page rounds again for display, and a value cut to 3 decimals first (9.34996 → 9.35) would show
 * 9.4 where the catalogue and the packs, rounding the value itself, print 9.3.
 */
export const round = (v: number): number => Number(v.toPrecision(12));

/**
 * A value as a build publishes it. The panel's build hides what the disclosure pass hides
 * (pipeline/disclosure: small counts, rates on small bases and linked to hidden counts, areas
 * below twelve-month windows, secondary and differencing suppression) and writes each value
 * rounded to the decimals the page shows: 5.6, never the 5.5555… that times 18 gives a count back.
 */
export function cellOf(v: MetricValue, who: Audience): Cell {
  if (who === 'panel' && v.suppressed) return 'c';
  if (v.value === null) return null;
  return who === 'panel' ? roundTo(v.value, decimalsFor(getMetric(v.metric).unit)) : round(v.value);
}

/** metric → grain → area → period id → value */
export type ValueIndex = Map<string, Map<string, Cell>>;
export const indexKey = (metric: string, grain: string, area: string): string => `${metric}|${grain}|${area}`;

export function indexValues(values: MetricValue[], who: Audience): ValueIndex {
  const index: ValueIndex = new Map();
  for (const v of values) {
    const key = indexKey(v.metric, v.grain, v.area);
    let byPeriod = index.get(key);
    if (!byPeriod) index.set(key, (byPeriod = new Map()));
    byPeriod.set(v.period, cellOf(v, who));
  }
  return index;
}

/** The values of one metric/grain/area aligned to the period list (null where there is none). */
export function aligned(index: ValueIndex, metric: string, grain: string, area: string, periods: PeriodInfo[]): Cell[] {
  const byPeriod = index.get(indexKey(metric, grain, area));
  return periods.map((p) => byPeriod?.get(p.id) ?? null);
}

export interface SpcSummary {
  /** Set when the series has suppressed months: no chart, only the description. */
  suppressed?: true;
  /** The first month of the window the limits are worked out over (SPC_MONTHS, as the packs do). */
  from: string | null;
  mean: number | null;
  upper: number | null;
  lower: number | null;
  /** One letter per month of the series: '.' common cause, 'i' improvement, 'c' concern, 'n' neither, ' ' no value or before `from`. */
  special: string;
  variation: SpcResult['variation'];
  /** Which way the latest point's signal points, for the H/L on the icon. */
  direction: 'up' | 'down' | null;
  assurance: SpcResult['assurance'];
  description: string;
  /** The limits of each segment when the chart is rebased at a process change (one entry when it is not); mean, upper and lower are the last's. */
  segments: SegmentLimits[];
}

const letter = { improvement: 'i', concern: 'c', neither: 'n' } as const;

/**
 * The XmR chart of a monthly series (missing months are gaps, not zeros), over the same window and
 * with the same limits as a pack's chart of it (monthlySpc). A series with any month suppressed gets
 * no chart: limits and signals drawn from the months that happen to be publishable would misstate
 * the series, and the gaps themselves would say where the small numbers are.
 */
export function spcSummary(m: Metric, months: PeriodInfo[], cells: Cell[], raw: Cell[] = cells, rebase: RebasePoint[] = []): SpcSummary {
  if (cells.includes('c')) {
    return {
      suppressed: true, from: null, mean: null, upper: null, lower: null, special: '', variation: null, direction: null, assurance: null, segments: [],
      description: `${m.title}: monthly figures for an area are not published in this build (small numbers could otherwise be worked out), so no control chart is drawn. The force chart, or the rolling 12-month figures for the area, show the pattern.`,
    };
  }
  // Judged on the values as computed (raw), as the packs judge them, not on the page's rounding.
  const series = months.map((p, i) => ({ period: p.id, value: typeof raw[i] === 'number' ? (raw[i] as number) : null }));
  const { result: r, description } = monthlySpc(m, series, m.title, undefined, rebase);
  const latest = [...r.points].reverse().find((p) => p.value !== null);
  const opt = (v: number | null) => (v === null ? null : round(v));
  return {
    from: r.points[0]?.period ?? null,
    mean: opt(r.mean),
    upper: opt(r.upperLimit),
    lower: opt(r.lowerLimit),
    special: ' '.repeat(series.length - r.points.length) + r.points.map((p) => (p.value === null ? ' ' : p.special ? letter[p.special] : '.')).join(''),
    variation: r.variation,
    direction: latest?.signals[0]?.toward ?? null,
    assurance: r.assurance,
    description,
    segments: segmentLimits(r.segments, opt),
  };
}

/** What the page needs to know about a metric, from the catalogue. */
export function metricMeta(m: Metric, areaCodes: string[]) {
  return {
    id: m.id,
    title: m.title,
    unit: m.unit,
    decimals: decimalsFor(m.unit),
    polarity: m.polarity,
    target: m.target ?? null,
    defaultGrain: m.defaultGrain,
    family: m.family,
    definition: m.definition,
    areas: m.areas === 'force_only' ? ['force'] : ['force', ...areaCodes.filter((a) => a !== 'force')],
  };
}
