// The counts behind the published figures. A rate is two counts, and one count can sit behind
// several figures (DVPN breaches are a count of their own and the numerator of the breach rate), so
// disclosure control judges counts, not figures: a figure is published only if every count it is
// made of is. Counts are linked by their values, not by a hand-kept list — two figures whose
// numerators agree in every period and area are the same count to a reader with a spreadsheet,
// whatever the catalogue calls them, so one decision covers both.
import { createHash } from 'node:crypto';
import type { Metric } from '../metrics/catalogue.ts';

/** A computed metric value, as disclosure control reads it (MetricValue adds the verdict). */
export interface ValueRow {
  metric: string;
  grain: string;
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
}

export type Part = 'numerator' | 'denominator';

/** One count at one (grain, period, area): the unit disclosure control decides on. */
export interface CountCell {
  quantity: string;
  grain: string;
  period: string;
  area: string;
  value: number;
  /** Months the period spans (YYYY-MM), for the windows a reader could difference. */
  months: string[];
}

export interface Quantity {
  id: string;
  /** The metric parts that are this count (e.g. dvpn_breaches.numerator, dvpn_breach_rate_pct.numerator). */
  parts: string[];
  /** A count over a window is the sum of its months: consecutive windows can be differenced. */
  additive: boolean;
  cells: Map<string, CountCell>;
}

export const cellKey = (grain: string, period: string, area: string): string => `${grain}|${period}|${area}`;

/** Which parts of a metric's value are counts of things (a mean's numerator is a sum of seconds). */
export function countParts(m: Metric): Part[] {
  if (m.areas === 'force_only') return []; // never below force level: nothing to protect
  const parts: Part[] = [];
  if (m.rollup !== 'mean' && m.unit !== 'days' && m.unit !== 'seconds') parts.push('numerator');
  if (m.unit !== 'count') parts.push('denominator');
  return parts;
}

function monthsOf(start: string, end: string): string[] {
  const out: string[] = [];
  let [y, mo] = start.slice(0, 7).split('-').map(Number) as [number, number];
  const last = end.slice(0, 7);
  for (let guard = 0; guard < 1200; guard++) {
    const ym = `${y}-${String(mo).padStart(2, '0')}`;
    out.push(ym);
    if (ym >= last) break;
    mo === 12 ? ((y += 1), (mo = 1)) : (mo += 1);
  }
  return out;
}

/**
 * The counts behind every metric value, linked: parts with identical values in every (grain,
 * period, area) become one quantity. Returns the quantities and, per metric part, its quantity id.
 */
export function buildQuantities(
  rows: ValueRow[],
  metrics: Map<string, Metric>,
  opts: { link?: boolean } = {},
): { quantities: Map<string, Quantity>; partOf: Map<string, string> } {
  const byPart = new Map<string, ValueRow[]>();
  for (const r of rows) {
    const m = metrics.get(r.metric)!;
    for (const part of countParts(m)) {
      const key = `${r.metric}.${part}`;
      const list = byPart.get(key) ?? [];
      list.push(r);
      byPart.set(key, list);
    }
  }
  const quantities = new Map<string, Quantity>();
  const partOf = new Map<string, string>();
  for (const [key, list] of byPart) {
    const [metric, part] = key.split('.') as [string, Part];
    const entries = list.map((r) => [cellKey(r.grain, r.period, r.area), r[part] ?? 0] as const).sort((a, b) => (a[0] < b[0] ? -1 : 1));
    const id = (opts.link ?? true) ? createHash('sha256').update(JSON.stringify(entries)).digest('hex').slice(0, 16) : key;
    partOf.set(key, id);
    const additive = metrics.get(metric)!.rollup !== 'none';
    const q = quantities.get(id);
    if (q) {
      q.parts.push(key);
      q.additive ||= additive;
      continue;
    }
    const cells = new Map<string, CountCell>();
    for (const r of list) {
      cells.set(cellKey(r.grain, r.period, r.area), {
        quantity: id,
        grain: r.grain,
        period: r.period,
        area: r.area,
        value: r[part] ?? 0,
        months: monthsOf(r.period_start, r.period_end),
      });
    }
    quantities.set(id, { id, parts: [key], additive, cells });
  }
  return { quantities, partOf };
}
