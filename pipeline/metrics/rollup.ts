// How an additive metric's monthly rows become a value for every reporting period. An additive
// metric's SQL file only counts its own rows per month (and area); the scaffold every such metric
// shares — add the force total, sum over the months of each window in `window_months`, give 0
// rather than a missing row for an empty window, and turn the sums into a value — is written once
// here. Metrics that are not additive over months (medians, latest-outcome rates, point-in-time
// snapshots) declare rollup 'none' and their SQL computes every period itself.
import type { Unit } from '../../dashboards/shared/format.ts';

export const rollups = ['count', 'ratio_pct', 'per_1000', 'mean', 'none'] as const;
export type Rollup = (typeof rollups)[number];

/**
 * The units each roll-up can give (checked when the catalogue loads), so an entry cannot pair,
 * say, a percentage with a plain count.
 */
export const rollupUnits: Record<Rollup, readonly Unit[]> = {
  count: ['count'],
  ratio_pct: ['pct'],
  per_1000: ['per_1000'],
  mean: ['seconds', 'days'],
  none: ['count', 'pct', 'per_1000', 'days', 'seconds'],
};

/**
 * The value from a window's summed numerator and denominator (lateral aliases of the SELECT below).
 * The literals stay DECIMAL (100.0, not 100) and multiply before dividing: the values are then
 * exactly those the metrics gave when each file carried its own copy of this roll-up.
 */
const valueSql: Record<Exclude<Rollup, 'none'>, string> = {
  count: 'numerator',
  ratio_pct: '100.0 * numerator / nullif(denominator, 0)',
  per_1000: '1000.0 * numerator / nullif(denominator, 0)',
  mean: 'numerator / nullif(denominator, 0)',
};

/**
 * Wraps one metric's SQL file into the query that returns (grain, period, period_start,
 * period_end, area, numerator, denominator, value) for every period of every grain.
 *
 * The file of an additive metric returns `month_start, area, numerator` (plus `denominator` unless
 * the roll-up is 'count') per month and area; rows sharing a month and area are added, so a rate
 * over two sources can UNION ALL one set of rows per source. A force-only metric (its extract carries no area)
 * returns no `area` column and gets only the force row.
 */
export function rollupSql(m: { rollup: Rollup; areas: 'force_and_areas' | 'force_only' }, fileSql: string): string {
  if (m.rollup === 'none') return fileSql;
  const count = m.rollup === 'count';
  // Named apart from the output's numerator/denominator, which the value expression reads as
  // lateral aliases: a FROM column of the same name would shadow them.
  const sums = `sum(numerator) AS month_numerator${count ? '' : ', sum(denominator) AS month_denominator'}`;
  const byArea = m.areas === 'force_and_areas';
  // The force row is the GROUPING SETS total of the monthly rows, not the sum of the reported
  // areas: a row whose area is missing or unknown still counts for the force.
  const totals = byArea
    ? `SELECT month_start, CASE WHEN grouping(area) = 1 THEN 'force' ELSE area END AS area, ${sums}
  FROM monthly
  GROUP BY GROUPING SETS ((month_start, area), (month_start))`
    : `SELECT month_start, 'force' AS area, ${sums}
  FROM monthly
  GROUP BY month_start`;
  return `WITH monthly AS (
${fileSql}
),
totals AS (
  ${totals}
)
SELECT
  w.grain, w.period, w.period_start, w.period_end, w.area,
  coalesce(sum(t.month_numerator), 0) AS numerator,
  ${count ? 'NULL' : 'coalesce(sum(t.month_denominator), 0)'} AS denominator,
  ${valueSql[m.rollup]} AS value
FROM window_months w
LEFT JOIN totals t ON t.month_start = w.month_start AND t.area = w.area${byArea ? '' : "\nWHERE w.area = 'force'"}
GROUP BY w.grain, w.period, w.period_start, w.period_end, w.area`;
}
