// Builds the SQL layers between the canonical tables and the metrics: staging views (one per
// extract: typed, normalised, derived columns) and marts (entity-named tables the metrics read,
// plus the `periods` calendar). Ingest calls buildModels on the building warehouse before it is
// published, so readers of the read-only warehouse find every model already there.
import type { DuckDBConnection } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractNames } from '../extracts/index.ts';

const modelsDir = dirname(fileURLToPath(import.meta.url));

/** Staging views, one per extract: `stg_<extract>`, file staging/stg_<extract>.sql. */
export const stagingModels = extractNames.map((n) => `stg_${n}`);

/**
 * Marts in dependency order (each reads only staging views and marts above it). Tables, not views:
 * they are built once per ingest and read many times by metrics, loaders and packs.
 */
export const martModels = [
  'data_span', // first/last date of data: drives periods and as_of
  'periods', // (grain, period, period_start, period_end, is_complete) for every grain
  'report_areas', // 'force' + each area code
  'window_months', // period × area × month inside the period: the roll-up join for counts
  'crimes_enriched',
  'outcomes_enriched',
  'crime_charges',
  'orders_civil',
  'order_breaches',
  'calls_999',
  'calls_101',
  'disclosure_requests',
] as const;

export type MartName = (typeof martModels)[number];

/** The SQL text of a model file, without a trailing semicolon (it is wrapped in CREATE … AS). */
export function modelSql(layer: 'staging' | 'marts', name: string): string {
  const text = readFileSync(join(modelsDir, layer, `${name}.sql`), 'utf8');
  const grainLine = text.split('\n', 1)[0] ?? '';
  if (!grainLine.startsWith('-- grain: ')) throw new Error(`${layer}/${name}.sql: the first line must state its grain (-- grain: one …)`);
  return text.trim().replace(/;\s*$/, '');
}

/** The marts a mart's SQL reads (by name), so independent ones can be built at the same time. */
export function martDependencies(): Map<MartName, MartName[]> {
  return new Map(martModels.map((name) => {
    const sql = modelSql('marts', name).replace(/--.*$/gm, '');
    return [name, martModels.filter((other) => other !== name && new RegExp(`\\b${other}\\b`).test(sql))];
  }));
}

/**
 * Creates or replaces every staging view and mart. Idempotent: run it on a warehouse that already
 * has the models and they are rebuilt from the current canonical and reference tables.
 * Needs the canonical tables (createSchema) and the reference tables `areas`, `ho_offence_groups`.
 * Given extra connections, marts whose inputs are ready are built side by side (each is one
 * statement; DuckDB runs some of them, such as a large GROUP BY's final phase, on one thread).
 */
export async function buildModels(conn: DuckDBConnection, more: DuckDBConnection[] = []): Promise<void> {
  for (const name of stagingModels) {
    await conn.run(`CREATE OR REPLACE VIEW ${name} AS\n${modelSql('staging', name)}\n`);
  }
  const deps = martDependencies();
  const done = new Set<MartName>();
  const started = new Set<MartName>();
  const next = (): MartName | undefined => martModels.find((m) => !started.has(m) && deps.get(m)!.every((d) => done.has(d)));
  let failed = false;
  const lane = async (c: DuckDBConnection): Promise<void> => {
    while (!failed) {
      const name = next();
      if (!name) {
        if (started.size === done.size) return; // nothing running that could unblock another mart
        await new Promise((resolve) => setTimeout(resolve, 5));
        continue;
      }
      started.add(name);
      try {
        await c.run(`CREATE OR REPLACE TABLE ${name} AS\n${modelSql('marts', name)}\n`);
      } catch (err) {
        failed = true;
        throw new Error(`marts/${name}.sql: ${(err as Error).message}`);
      }
      done.add(name);
    }
  };
  // Every lane settles before an error is thrown: the caller may close the database next.
  const lanes = await Promise.allSettled([conn, ...more].map(lane));
  const failure = lanes.find((l): l is PromiseRejectedResult => l.status === 'rejected');
  if (failure) throw failure.reason;
  const missing = martModels.filter((m) => !done.has(m));
  if (missing.length) throw new Error(`marts not built (a dependency cycle?): ${missing.join(', ')}`);
}
