// What a metric reads, found from the SQL itself (never a list kept by hand): its SQL file as it
// runs (rolled up by rollup.ts), the marts that SQL names and the marts those read (the same
// whole-word scan ingest uses to order the mart build, models/build.ts), the staging views under
// them, and the extracts under those. `psm explain` and the definitions page show this chain.
import { relative } from 'node:path';
import { repoRoot } from '../config.ts';
import { extractNames, type ExtractName } from '../extracts/index.ts';
import { martDependencies, martModels, modelPath, modelSql, namesRead, stagingModels, type MartName } from '../models/build.ts';
import { getMetric, metricSqlPath } from './catalogue.ts';
import { metricSql } from './compute.ts';
import type { Rollup } from './rollup.ts';

/** A model and the file that defines it (relative to the repository). */
export interface ModelRef {
  name: string;
  path: string;
}

export interface MetricLineage {
  metric: string;
  /** pipeline/metrics/<id>.sql */
  sqlFile: string;
  /** How the file's rows become each period's value ('none': the file computes every period). */
  rollup: Rollup;
  /** Marts holding the rows the figure counts (they read staging views), in build order. */
  marts: ModelRef[];
  /** Marts of the calendar (periods, windows, areas): they place the figure, they add no rows to it. */
  calendar: ModelRef[];
  /** Staging views the marts (or the metric) read. */
  staging: ModelRef[];
  /** The extracts those staging views read. */
  extracts: ExtractName[];
}

const repoPath = (path: string): string => relative(repoRoot, path);

/** Each mart and whether it reads a staging view, directly or through the marts it reads. */
function rowMarts(): Set<MartName> {
  const deps = martDependencies();
  const rows = new Set<MartName>();
  for (const m of martModels) { // dependency order: a mart's inputs are judged before it
    if (namesRead(modelSql('marts', m), stagingModels).length || deps.get(m)!.some((d) => rows.has(d))) rows.add(m);
  }
  return rows;
}

/** The marts `sql` reads and every mart those read, in build order. */
function martsBehind(sql: string): MartName[] {
  const deps = martDependencies();
  const seen = new Set<MartName>();
  const visit = (m: MartName): void => {
    if (seen.has(m)) return;
    seen.add(m);
    deps.get(m)!.forEach(visit);
  };
  namesRead(sql, martModels).forEach(visit);
  return martModels.filter((m) => seen.has(m));
}

/** The extracts a staging view reads. */
export const stagingExtracts = (view: string): ExtractName[] => namesRead(modelSql('staging', view), extractNames);

/** The chain behind one metric, from its SQL file down to the extracts. */
export function metricLineage(id: string): MetricLineage {
  const m = getMetric(id);
  const sql = metricSql(id);
  const marts = martsBehind(sql);
  const withRows = rowMarts();
  const entity = marts.filter((x) => withRows.has(x));
  const texts = [sql, ...entity.map((x) => modelSql('marts', x))];
  const staging = stagingModels.filter((s) => texts.some((t) => namesRead(t, [s]).length));
  const extracts = extractNames.filter((e) => staging.some((s) => stagingExtracts(s).includes(e)) || texts.some((t) => namesRead(t, [e]).length));
  const ref = (layer: 'marts' | 'staging') => (name: string): ModelRef => ({ name, path: repoPath(modelPath(layer, name)) });
  return {
    metric: id,
    sqlFile: repoPath(metricSqlPath(id)),
    rollup: m.rollup,
    marts: entity.map(ref('marts')),
    calendar: marts.filter((x) => !withRows.has(x)).map(ref('marts')),
    staging: staging.map(ref('staging')),
    extracts,
  };
}
