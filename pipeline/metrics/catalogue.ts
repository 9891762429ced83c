// The metric catalogue: the single source of what each metric means, for the CLI, the dashboards,
// the packs and the definitions page. One entry per metric; its id is also the name of its SQL file
// (pipeline/metrics/<id>.sql). Entries live per family under catalogue/ and are validated here.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { extractNames } from '../extracts/index.ts';
import { grainSchema } from './periods.ts';
import { rollups, rollupUnits } from './rollup.ts';
import { contactMetrics } from './catalogue/contact.ts';
import { dvdsMetrics } from './catalogue/dvds.ts';
import { ordersMetrics } from './catalogue/orders.ts';
import { rassoMetrics } from './catalogue/rasso.ts';
import { violenceMetrics } from './catalogue/violence.ts';
import { vawgMetrics } from './catalogue/vawg.ts';

export const metricsDir = dirname(fileURLToPath(import.meta.url));

export const units = ['count', 'pct', 'per_1000', 'days', 'seconds'] as const;
export const polarities = ['up_is_good', 'down_is_good', 'neutral'] as const;
export const families = ['vawg', 'rasso', 'orders', 'contact', 'dvds', 'violence'] as const;

export const metricSchema = z.object({
  /** snake_case, unit in the suffix (_pct, _per_1000, _days, _s); = the SQL file name. */
  id: z.string().regex(/^[a-z][a-z0-9_]*$/),
  title: z.string().min(1),
  /** Plain English: exactly what is counted, over what, placed by which date, which codes. */
  definition: z.string().min(40),
  unit: z.enum(units),
  /** Is a rise good news? Drives the SPC "improvement"/"concern" colouring. */
  polarity: z.enum(polarities),
  /** A published target in the metric's unit, where one exists. */
  target: z.number().optional(),
  defaultGrain: grainSchema,
  /** How the value is computed from numerator and denominator (what the stats helpers test). */
  method: z.string().min(1),
  /**
   * How the SQL file's rows become each period's value (rollup.ts): additive metrics give one row
   * per month and area and are summed over each window; 'none' = the SQL computes every period.
   */
  rollup: z.enum(rollups),
  /** The extracts the SQL reads. */
  sources: z.array(z.enum(extractNames)).min(1),
  /** Whether the source carries an area: calls and DVDS are force-wide only. */
  areas: z.enum(['force_and_areas', 'force_only']),
  caveats: z.array(z.string()),
  family: z.enum(families),
  /**
   * false for a percentage whose numerator is not a subset of its denominator (breaches per 100
   * applications can pass 100%): intervals and tests treat it as a Poisson rate per 100, not a proportion.
   */
  proportion: z.boolean().optional(),
});

export type Metric = z.infer<typeof metricSchema>;
export type MetricInput = z.input<typeof metricSchema>;

/** Every metric, in the order the CLI and definitions page list them. */
export const catalogue: readonly Metric[] = validate([
  ...vawgMetrics,
  ...violenceMetrics,
  ...rassoMetrics,
  ...ordersMetrics,
  ...contactMetrics,
  ...dvdsMetrics,
]);

const byId = new Map(catalogue.map((m) => [m.id, m]));

export const metricIds = (): string[] => catalogue.map((m) => m.id);

export function getMetric(id: string): Metric {
  const m = byId.get(id);
  if (!m) throw new Error(`Unknown metric "${id}". Known: ${metricIds().join(', ')}`);
  return m;
}

/** The SQL file that defines a metric. */
export function metricSqlPath(id: string): string {
  return join(metricsDir, `${id}.sql`);
}

function validate(entries: MetricInput[]): Metric[] {
  const seen = new Set<string>();
  return entries.map((e) => {
    const parsed = metricSchema.safeParse(e);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw new Error(`Metric catalogue entry ${e.id ?? '(no id)'}: ${issues}`);
    }
    const m = parsed.data;
    if (seen.has(m.id)) throw new Error(`Metric catalogue: duplicate id ${m.id}`);
    if (!rollupUnits[m.rollup].includes(m.unit)) throw new Error(`Metric ${m.id}: rollup ${m.rollup} cannot give unit ${m.unit}`);
    seen.add(m.id);
    if (!existsSync(metricSqlPath(m.id))) throw new Error(`Metric ${m.id}: no SQL file at ${metricSqlPath(m.id)}`);
    return m;
  });
}
