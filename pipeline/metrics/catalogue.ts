// The metric catalogue: the single source of what each metric means, for the CLI, the dashboards,
// the packs and the definitions page. One entry per metric; its id is also the name of its SQL file
// (pipeline/metrics/<id>.sql). Entries live per family under catalogue/, typed by metric.ts, and are
// validated here.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { metricSchema, type Metric, type MetricInput } from './metric.ts';
import { rollupUnits } from './rollup.ts';
import { contactMetrics } from './catalogue/contact.ts';
import { dvdsMetrics } from './catalogue/dvds.ts';
import { ordersMetrics } from './catalogue/orders.ts';
import { rassoMetrics } from './catalogue/rasso.ts';
import { violenceMetrics } from './catalogue/violence.ts';
import { vawgMetrics } from './catalogue/vawg.ts';

export const metricsDir = dirname(fileURLToPath(import.meta.url));

export { families, metricSchema, polarities, type Metric, type MetricInput } from './metric.ts';

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
