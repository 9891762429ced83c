// The data of one theme page (dashboards/data/theme/[theme].json.ts): every metric of the theme at
// every grain, period and area as arrays aligned to one period list per grain, plus the monthly SPC
// of each metric and area and its annotations. One file per page: the page filters in the browser,
// so changing a filter never fetches anything, and the file stays well under 500 KB.
import type { DuckDBConnection } from '@duckdb/node-api';
import { computeMetrics, type MetricValue } from '../metrics/compute.ts';
import { grainLabels, grains } from '../../dashboards/shared/format.ts';
import { rebasePointsFor, type Annotation } from '../stats/annotations.ts';
import { areaCompare, countIntervals, type AreaCompare, type CountIntervals } from './area-compare.ts';
import { changeTests } from './change-tests.ts';
import {
  aligned,
  annotationsOf,
  indexValues,
  loadAreas,
  loadPeriods,
  metricMeta,
  spcSummary,
  type Cell,
  type SpcSummary,
} from './series.ts';
import type { Audience } from '../settings.ts';
import { getTheme, themeMetrics } from './themes.ts';

export interface ThemeMetric extends ReturnType<typeof metricMeta> {
  grains: string[];
  /** grain → area → values aligned to periods[grain] */
  values: Record<string, Record<string, Cell[]>>;
  /** area → SPC of the monthly series */
  spc: Record<string, SpcSummary>;
  annotations: ReturnType<typeof annotationsOf>;
  /** A rate with areas: intervals and funnel bands of the areas against the force (area-compare.ts). */
  compare: AreaCompare | null;
  /** A count with areas: each count's exact Poisson interval (area-compare.ts). */
  countCi: CountIntervals | null;
  /** grain → area → per period: is the change on a year before significant? (change-tests.ts) */
  changeTest: Record<string, Record<string, string>>;
}

export async function themeData(conn: DuckDBConnection, themeId: string, annotations: Annotation[], asOf: string | null, who: Audience) {
  const theme = getTheme(themeId);
  const metrics = themeMetrics(theme);
  const [periods, areas, values] = await Promise.all([
    loadPeriods(conn),
    loadAreas(conn),
    computeMetrics(conn, { metrics: metrics.map((m) => m.id) }),
  ]);
  const index = indexValues(values, who);
  const raw = indexValues(values, 'analyst'); // for the control charts only: never written out
  const areaCodes = areas.map((a) => a.area);
  const byMetric = new Map<string, MetricValue[]>();
  for (const v of values) {
    const list = byMetric.get(v.metric);
    if (list) list.push(v);
    else byMetric.set(v.metric, [v]);
  }
  const out: ThemeMetric[] = metrics.map((m) => {
    const meta = metricMeta(m, areaCodes);
    const byGrain: ThemeMetric['values'] = {};
    for (const g of grains) {
      byGrain[g] = Object.fromEntries(meta.areas.map((a) => [a, aligned(index, m.id, g, a, periods[g])]));
    }
    const rebase = rebasePointsFor(m.id, annotations);
    const spc = Object.fromEntries(meta.areas.map((a) => [a, spcSummary(m, periods.month, byGrain.month![a]!, aligned(raw, m.id, 'month', a, periods.month), rebase)]));
    return { ...meta, grains: grains.filter((g) => periods[g].length > 0), values: byGrain, spc, annotations: annotationsOf(m.id, annotations),
      compare: areaCompare(m, byMetric.get(m.id) ?? [], periods, meta.areas, who),
      countCi: countIntervals(m, byMetric.get(m.id) ?? [], periods, meta.areas, who),
      changeTest: changeTests(m, byMetric.get(m.id) ?? [], periods, meta.areas, who) };
  });
  return {
    theme: { id: theme.id, title: theme.title, intro: theme.intro, path: theme.path },
    defaultMetric: theme.defaultMetric,
    yearEnding: theme.yearEnding ?? null,
    audience: who,
    asOf,
    grainLabels,
    areas,
    periods,
    metrics: out,
  };
}
