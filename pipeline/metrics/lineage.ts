// What a metric reads, found from the SQL itself (never a list kept by hand): its SQL file as it
// runs (rolled up by rollup.ts), the marts that SQL names and the marts those read (as each mart
// file declares, models/graph.ts), the staging views under them, and the extracts under those. `psm explain` and the definitions page show this chain.
import { relative } from 'node:path';
import { repoRoot } from '../config.ts';
import { extractNames, type ExtractName } from '../extracts/index.ts';
import { modelPath, namesRead, stagingModels, stagingSql } from '../models/build.ts';
import { readMarts, type MartFile } from '../models/graph.ts';
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

/** The marts that hold rows: each that reads a staging view, directly or through the marts it reads. */
function rowMarts(marts: readonly MartFile[]): Set<string> {
  const rows = new Set<string>();
  for (const m of marts) {
    // dependency order: a mart's inputs are judged before it
    if (m.reads.some((r) => r.startsWith('stg_') || rows.has(r))) rows.add(m.name);
  }
  return rows;
}

/** The marts `sql` reads and every mart those read, in build order. */
function martsBehind(sql: string, marts: readonly MartFile[]): MartFile[] {
  const byName = new Map(marts.map((m) => [m.name, m]));
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name) || !byName.has(name)) return;
    seen.add(name);
    byName.get(name)!.reads.forEach(visit);
  };
  namesRead(
    sql,
    marts.map((m) => m.name),
  ).forEach(visit);
  return marts.filter((m) => seen.has(m.name));
}

/** The extracts a staging view reads. */
export const stagingExtracts = (view: string): ExtractName[] => namesRead(stagingSql(view), extractNames);

/** The chain behind one metric, from its SQL file down to the extracts. */
export function metricLineage(id: string): MetricLineage {
  const m = getMetric(id);
  const sql = metricSql(id);
  const all = readMarts();
  const marts = martsBehind(sql, all);
  const withRows = rowMarts(all);
  const entity = marts.filter((x) => withRows.has(x.name));
  const texts = [sql, ...entity.map((x) => x.sql)];
  const staging = stagingModels.filter((s) => texts.some((t) => namesRead(t, [s]).length));
  const extracts = extractNames.filter(
    (e) => staging.some((s) => stagingExtracts(s).includes(e)) || texts.some((t) => namesRead(t, [e]).length),
  );
  const ref =
    (layer: 'marts' | 'staging') =>
    (name: string): ModelRef => ({ name, path: repoPath(modelPath(layer, name)) });
  return {
    metric: id,
    sqlFile: repoPath(metricSqlPath(id)),
    rollup: m.rollup,
    marts: entity.map((x) => ref('marts')(x.name)),
    calendar: marts.filter((x) => !withRows.has(x.name)).map((x) => ref('marts')(x.name)),
    staging: staging.map(ref('staging')),
    extracts,
  };
}
