// Tables and control charts for a section, from computed metric values. The table keeps the shape
// the force already prints (latest period, then each earlier one with the % change to the latest);
// the chart carries its SPC reading and a year-on-year test as plain sentences for the paper.
import type { Metric } from '../metrics/catalogue.ts';
import { decimalsFor, monthLabel, periodLabel, roundTo, shiftMonth, type Grain } from '../../dashboards/shared/format.ts';
import { compareProportions, comparePoissonCounts, describeChange, formatP } from '../stats/change.ts';
import { monthlySpc, segmentLimits } from '../stats/monthly-spc.ts';
import { annotationsFor, formatAnnotationDate, rebaseFromOf, rebasePointsFor, type Annotation } from '../stats/annotations.ts';
import { chartFigureId, tableFigureId, type ChartSpec, type TableSpec } from './meeting.ts';
import type { PackChart, PackTable, TableCell } from './pack-types.ts';
import { defaultFormat, formatChange, formatFigure, valueKey, type FigureValue, type Format } from './prose.ts';

export type Values = Map<string, FigureValue>;

export class FigureError extends Error {
  override name = 'FigureError';
}

/** The unit names the dashboards' components print with. */
export const componentUnit: Record<Metric['unit'], string> = { count: 'count', pct: '%', per_1000: 'per_1000', days: 'days', seconds: 's' };

function get(values: Values, metric: string, grain: string, period: string, area: string, where: string): FigureValue {
  const v = values.get(valueKey(metric, grain, period, area));
  if (!v)
    throw new FigureError(
      `${where}: no value for ${metric} in ${grain} ${period}${area === 'force' ? '' : ` for ${area}`} (outside the data?)`,
    );
  return v;
}

function show(v: FigureValue, metric: Metric, format?: Format): string {
  if (v.suppressed) return '[c]';
  if (v.value === null) return '–';
  return formatFigure(v.value, format ?? defaultFormat(metric.unit));
}

function tone(delta: number, metric: Metric): TableCell['tone'] {
  if (metric.polarity === 'neutral' || delta === 0) return 'neutral';
  return delta > 0 === (metric.polarity === 'up_is_good') ? 'good' : 'bad';
}

function changeCell(now: FigureValue, before: FigureValue, metric: Metric): TableCell {
  if (now.suppressed || before.suppressed) return { text: '[c]' };
  if (now.value === null || before.value === null) return { text: '–' };
  // Counts change in percent to two places, as the force's tables print them; rates in points to one.
  return {
    text: formatChange(now.value, before.value, metric.unit, metric.unit === 'pct' ? 'pct1' : 'pct2'),
    tone: tone(now.value - before.value, metric),
  };
}

export function buildTable(
  sectionId: string,
  t: TableSpec & { formats?: Record<string, Format> },
  metrics: Map<string, Metric>,
  values: Values,
  where: string,
): PackTable {
  const ms = t.metrics.map((id) => metrics.get(id)!);
  const label = (p: string) =>
    t.grain === 'r12' ? `Year to ${monthLabel(p)}` : t.grain === 'month' ? monthLabel(p) : periodLabel(t.grain as Grain, p);
  const short = (p: string) => (['r12', 'month', 'fytd'].includes(t.grain) ? monthLabel(p) : label(p));
  const fmt = (m: Metric) => t.formats?.[m.id];
  const sources = [...new Set(ms.flatMap((m) => m.sources))];
  const id = tableFigureId(sectionId, t.id);
  const at = (m: Metric, p: string) => get(values, m.id, t.grain, p, t.area, `${where}, table "${t.id}"`);
  const key = (m: Metric, p: string) => valueKey(m.id, t.grain, p, t.area);
  const cell = (m: Metric, p: string): TableCell => ({ text: show(at(m, p), m, fmt(m)), of: [key(m, p)] });
  if (t.rows === 'periods') {
    return {
      id,
      title: t.title,
      note: t.note,
      stub: 'Period',
      sources,
      columns: ms.map((m) => m.title),
      rows: t.periods.map((p) => ({ label: label(p), cells: ms.map((m) => cell(m, p)) })),
    };
  }
  const [latest, ...earlier] = t.periods as [string, ...string[]];
  const columns = [label(latest)];
  for (const p of earlier) columns.push(label(p), ...(t.change ? [`Change from ${short(p)}`] : []));
  const rows = ms.map((m) => {
    const now = at(m, latest);
    const cells: TableCell[] = [cell(m, latest)];
    for (const p of earlier) {
      cells.push(cell(m, p));
      if (t.change) cells.push({ ...changeCell(now, at(m, p), m), of: [key(m, latest), key(m, p)] });
    }
    return { label: m.title, cells };
  });
  return { id, title: t.title, note: t.note, stub: 'Measure', columns, rows, sources };
}

/**
 * The one form a summary row prints its figures in: the latest month and both year-on-year values
 * must read in the same unit and precision, or a reader cannot set them side by side (a row once
 * read "3:48 min" next to "391.2 seconds → 326.7 seconds"). Ring times stay in seconds to one place,
 * as the charts, their sentences and the dashboards print them; year-on-year moves in ring times
 * are often under a second, which whole seconds would hide. The force's own tables keep their
 * minutes:seconds (a table's `formats`), labelled as such in their notes.
 */
export const rowFormat = (unit: Metric['unit']): Format => defaultFormat(unit, { wholeSeconds: false });

/** A latest value as the summary prints it, in the row's one form. */
export function latestText(v: number, unit: Metric['unit']): string {
  return formatFigure(v, rowFormat(unit));
}

/** The months of a chart: `periods` months ending at dataTo. */
export function chartPeriods(c: Pick<ChartSpec, 'periods'>, dataTo: string): string[] {
  return Array.from({ length: c.periods }, (_, i) => shiftMonth(dataTo, i - c.periods + 1));
}

export interface YearOnYear {
  /** The sentence under a chart. */
  sentence: string;
  /** The same, compact, for the summary table: "−6.1% (1,504 → 1,413); not significant (p = 0.10)". */
  short: string;
}

const verdict = (significant: boolean, p: number): string => `${significant ? 'significant' : 'not significant'} (${formatP(p)})`;

/** The latest 12 months against the 12 before, with a significance test where one applies. */
export function yearOnYear(metric: Metric, values: Values, dataTo: string, area: string): YearOnYear | null {
  const now = values.get(valueKey(metric.id, 'r12', dataTo, area));
  const before = values.get(valueKey(metric.id, 'r12', shiftMonth(dataTo, -12), area));
  if (!now || !before || now.value === null || before.value === null || now.suppressed || before.suppressed) return null;
  const lead = `Over the 12 months to ${monthLabel(dataTo)} compared with the 12 months before:`;
  const f = rowFormat(metric.unit);
  const move = `${formatChange(now.value, before.value, metric.unit, 'pct1')} (${formatFigure(before.value, f)} → ${formatFigure(now.value, f)})`;
  const whole = (n: number | null): n is number => n !== null && Number.isInteger(n) && n >= 0;
  if (metric.unit === 'count' && whole(now.value) && whole(before.value)) {
    const c = comparePoissonCounts(before.value, now.value);
    return { sentence: `${lead} ${describeChange(c)}.`, short: `${move}; ${verdict(c.significant, c.pValue)}` };
  }
  if (
    metric.unit === 'pct' &&
    whole(now.numerator) &&
    whole(now.denominator) &&
    whole(before.numerator) &&
    whole(before.denominator) &&
    now.numerator <= now.denominator &&
    before.numerator <= before.denominator
  ) {
    const c = compareProportions(before.numerator, before.denominator, now.numerator, now.denominator);
    if (c.pValue !== null) return { sentence: `${lead} ${describeChange(c)}.`, short: `${move}; ${verdict(c.significant, c.pValue)}` };
  }
  // Means, medians and rates per 1,000 have no simple test here: report the change, claim nothing.
  return {
    sentence: `${lead} ${formatFigure(now.value, f)} against ${formatFigure(before.value, f)} (${formatChange(now.value, before.value, metric.unit, 'updown1')}); no significance test is applied to this kind of measure.`,
    short: `${move}; not tested`,
  };
}

export function buildChart(
  sectionId: string,
  c: ChartSpec,
  metric: Metric,
  values: Values,
  dataTo: string,
  areaLabel: string,
  annotations: Annotation[],
): PackChart {
  const periods = chartPeriods(c, dataTo);
  const cells = periods.map((p) => values.get(valueKey(metric.id, c.grain, p, c.area)));
  const series = periods.map((p, i) => ({ period: p, value: cells[i] && !cells[i]!.suppressed ? cells[i]!.value : null }));
  // A series with hidden months is not drawn at all: the months that happen to be publishable,
  // and where the gaps fall, would say where the small numbers are (as on the dashboards).
  const hidden = cells.some((v) => v?.suppressed);
  if (hidden) series.forEach((p) => (p.value = null));
  // Below force level, no more precise than the panel's pages publish it (the unit's decimals).
  if (c.area !== 'force') series.forEach((p) => (p.value = p.value === null ? null : roundTo(p.value, decimalsFor(metric.unit))));
  const title = c.title ?? metric.title;
  // The pack's window is the chart's own months (c.periods), so the whole series goes in.
  const { result, decimals, description } = monthlySpc(metric, series, title, series.length, rebasePointsFor(metric.id, annotations));
  const rebaseFrom = rebaseFromOf(metric.id, annotations);
  const latest = [...result.points].reverse().find((p) => p.value !== null);
  const from = `${periods[0]!.slice(0, 7)}-01`;
  return {
    id: chartFigureId(sectionId, c),
    ...(hidden ? { suppressed: true as const } : {}),
    metric: metric.id,
    title,
    unit: componentUnit[metric.unit],
    decimals,
    polarity: metric.polarity,
    target: metric.target ?? null,
    area: c.area,
    areaLabel,
    grain: c.grain,
    points: result.points.map((p) => ({ period: p.period, value: p.value, special: p.special })),
    mean: result.mean,
    upper: result.upperLimit,
    lower: result.lowerLimit,
    segments: segmentLimits(result.segments),
    variation: result.variation,
    direction: latest?.signals[0]?.toward ?? null,
    assurance: result.assurance,
    annotations: annotationsFor(metric.id, annotations, { from, to: `${dataTo}-31` }).map((a) => ({
      date: a.date,
      label: a.label,
      when: formatAnnotationDate(a),
      ...(rebaseFrom(a) ? { rebaseFrom: rebaseFrom(a) } : {}),
    })),
    description: hidden
      ? `[c] ${title}${c.area === 'force' ? '' : ` for ${areaLabel}`}: monthly figures below force level are not published, because small numbers could be worked out from them. The rolling 12-month figures for the area are on the dashboards.`
      : description,
    yearOnYear: hidden ? null : yearOnYear(metric, values, dataTo, c.area),
    sources: metric.sources,
  };
}
