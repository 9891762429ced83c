// Builds the SQL layers between the canonical tables and the metrics: staging views (one per
// extract: typed, normalised, derived columns) and marts (entity-named tables the metrics read,
// plus the `periods` calendar). Ingest builds them on the building warehouse before it is published
// (some while the last files still load), so readers of the read-only warehouse find every model.
import type { DuckDBConnection } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractNames, type ExtractName } from '../extracts/index.ts';

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
 * The extracts each mart reads, directly (`calls`, `stg_calls`) or through the marts it reads, so
 * ingest can build a mart as soon as the files it depends on are in.
 */
export function martInputs(): Map<MartName, Set<ExtractName>> {
  const deps = martDependencies();
  const inputs = new Map<MartName, Set<ExtractName>>();
  for (const name of martModels) { // dependency order: a mart's own inputs are known by its turn
    const sql = modelSql('marts', name).replace(/--.*$/gm, '');
    const own = extractNames.filter((e) => new RegExp(`\\b(stg_)?${e}\\b`).test(sql));
    inputs.set(name, new Set([...own, ...deps.get(name)!.flatMap((d) => [...inputs.get(d)!])]));
  }
  return inputs;
}

/** Creates or replaces the staging views (cheap: views are only bound, not run). */
export async function createStagingViews(conn: DuckDBConnection): Promise<void> {
  for (const name of stagingModels) {
    await conn.run(`CREATE OR REPLACE VIEW ${name} AS\n${modelSql('staging', name)}\n`);
  }
}

/**
 * Creates or replaces every staging view and mart. Idempotent: run it on a warehouse that already
 * has the models and they are rebuilt from the current canonical and reference tables.
 * Needs the canonical views (createSchema) and the reference tables `areas`, `ho_offence_groups`.
 */
export async function buildModels(conn: DuckDBConnection, more: DuckDBConnection[] = []): Promise<void> {
  await createStagingViews(conn);
  await buildMarts([conn, ...more], martModels);
}

/**
 * Builds the named marts (each `CREATE OR REPLACE TABLE … AS`); any mart they read that is not
 * named must be built already. With more than one connection, marts whose inputs are ready are
 * built side by side (each is one statement; DuckDB runs some of them, such as a large GROUP BY's
 * final phase, on one thread).
 */
export async function buildMarts(conns: DuckDBConnection[], names: readonly MartName[]): Promise<void> {
  const deps = martDependencies();
  const done = new Set<MartName>(martModels.filter((m) => !names.includes(m)));
  const started = new Set<MartName>(done);
  const next = (): MartName | undefined => names.find((m) => !started.has(m) && deps.get(m)!.every((d) => done.has(d)));
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
  const lanes = await Promise.allSettled(conns.map(lane));
  const failure = lanes.find((l): l is PromiseRejectedResult => l.status === 'rejected');
  if (failure) throw failure.reason;
  const missing = names.filter((m) => !done.has(m));
  if (missing.length) throw new Error(`marts not built (a dependency cycle?): ${missing.join(', ')}`);
}

/**
 * Builds marts in the background, on a connection of its own, as the extracts they read finish
 * loading — so most are done by the time the last file is in. `built()` waits for them and names them.
 */
export function martsAsLoaded(conn: DuckDBConnection): {
  extractsDone: (done: ReadonlySet<ExtractName>) => void;
  built: () => Promise<MartName[]>;
} {
  const inputs = martInputs();
  const queued: MartName[] = [];
  let chain: Promise<void> = Promise.resolve();
  return {
    extractsDone(done) {
      const ready = martModels.filter((m) => !queued.includes(m) && [...inputs.get(m)!].every((e) => done.has(e)));
      if (!ready.length) return;
      queued.push(...ready);
      chain = chain.then(() => buildMarts([conn], ready));
      chain.catch(() => undefined); // reported by built(); this only keeps it from being "unhandled" meanwhile
    },
    built: () => chain.then(() => [...queued]),
  };
}
