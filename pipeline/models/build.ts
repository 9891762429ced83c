// Builds the SQL layers between the canonical tables and the metrics: staging views (one per
// extract: typed, normalised, derived columns) and marts (entity-named tables the metrics read,
// plus the `periods` calendar). Ingest builds them on the building warehouse before it is published
// (some while the last files still load), so readers of the read-only warehouse find every model.
import type { DuckDBConnection } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractNames, type ExtractName } from '../extracts/index.ts';
import { queryRows } from '../warehouse/duckdb.ts';

const modelsDir = dirname(fileURLToPath(import.meta.url));

/** Staging views, one per extract: `stg_<extract>`, file staging/stg_<extract>.sql. */
export const stagingModels = extractNames.map((n) => `stg_${n}`);

/**
 * Marts in dependency order (each reads only staging views and marts above it). Tables, as a rule:
 * they are built once per ingest and read many times by metrics, loaders and packs. A mart that only
 * filters or projects one staging view row for row says `-- materialized: view` and is a view.
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

/** The file that defines a model. */
export const modelPath = (layer: 'staging' | 'marts', name: string): string => join(modelsDir, layer, `${name}.sql`);

/** The SQL text of a model file, without a trailing semicolon (it is wrapped in CREATE … AS). */
export function modelSql(layer: 'staging' | 'marts', name: string): string {
  const text = readFileSync(modelPath(layer, name), 'utf8');
  const grainLine = text.split('\n', 1)[0] ?? '';
  if (!grainLine.startsWith('-- grain: ')) throw new Error(`${layer}/${name}.sql: the first line must state its grain (-- grain: one …)`);
  return text.trim().replace(/;\s*$/, '');
}

/**
 * Which of `names` a piece of SQL reads: each named as a whole word outside comments. How the
 * models graph is found (here, for ingest's build order, and by metrics/lineage.ts for `psm explain`).
 */
export function namesRead<N extends string>(sql: string, names: readonly N[]): N[] {
  const code = sql.replace(/--.*$/gm, '');
  return names.filter((n) => new RegExp(`\\b${n}\\b`).test(code));
}

/** The marts a mart's SQL reads (by name), so independent ones can be built at the same time. */
export function martDependencies(): Map<MartName, MartName[]> {
  return new Map(martModels.map((name) => [name, namesRead(modelSql('marts', name), martModels).filter((other) => other !== name)]));
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
  await new MartBuild().finish([conn, ...more]);
}

/**
 * Builds the marts (each `CREATE OR REPLACE TABLE … AS`), on as many connections ("lanes") as it is
 * given, each mart once its inputs are ready. Ingest starts one lane early and allows the marts
 * whose extracts have finished loading, so most are built while the last files still load; at the
 * end every mart is allowed and more lanes join. One statement per mart: DuckDB runs parts of some
 * (a large GROUP BY's final phase) on one thread, so two lanes use both cores better than one.
 */
export class MartBuild {
  private readonly deps = martDependencies();
  private readonly inputs = martInputs();
  private readonly allowed = new Set<MartName>();
  private readonly started = new Set<MartName>();
  private readonly done = new Set<MartName>();
  private readonly lanes: Promise<void>[] = [];
  private closing = false;
  private failed = false;

  /** Allows every mart that reads only these extracts (and marts built from them). */
  allow(extracts: ReadonlySet<ExtractName>): void {
    for (const m of martModels) if ([...this.inputs.get(m)!].every((e) => extracts.has(e))) this.allowed.add(m);
  }

  /** Starts a lane on `conn` that builds allowed marts as they become buildable. */
  start(conn: DuckDBConnection): void {
    const lane = this.lane(conn);
    lane.catch(() => undefined); // reported by finish(); this only keeps it from being "unhandled" meanwhile
    this.lanes.push(lane);
  }

  /** Allows every mart, adds lanes on `conns`, and waits for all of them (the first failure is thrown). */
  async finish(conns: DuckDBConnection[]): Promise<void> {
    for (const m of martModels) this.allowed.add(m);
    this.closing = true;
    for (const c of conns) this.start(c);
    await this.settle();
    const missing = martModels.filter((m) => !this.done.has(m));
    if (missing.length) throw new Error(`marts not built (a dependency cycle?): ${missing.join(', ')}`);
  }

  /** Stops after the marts being built now (the run failed) and waits for them. */
  async cancel(): Promise<void> {
    this.failed = this.closing = true;
    await Promise.allSettled(this.lanes);
  }

  private async settle(): Promise<void> {
    // Every lane settles before an error is thrown: the caller may close the database next.
    const results = await Promise.allSettled(this.lanes);
    const failure = results.find((l): l is PromiseRejectedResult => l.status === 'rejected');
    if (failure) throw failure.reason;
  }

  private next(): MartName | undefined {
    return martModels.find((m) => this.allowed.has(m) && !this.started.has(m) && this.deps.get(m)!.every((d) => this.done.has(d)));
  }

  private async lane(conn: DuckDBConnection): Promise<void> {
    while (!this.failed) {
      const name = this.next();
      if (!name) {
        // Done when closing and nothing is running that could unblock another mart.
        if (this.closing && this.started.size === this.done.size) return;
        await new Promise((resolve) => setTimeout(resolve, 5));
        continue;
      }
      this.started.add(name);
      const t0 = performance.now();
      try {
        const sql = modelSql('marts', name);
        // A mart whose file says `-- materialized: view` is a row-for-row projection, cheaper to read
        // through than to store; a warehouse built when it was the other kind has that dropped first.
        const kind = /^-- materialized: view\b/m.test(sql) ? 'VIEW' : 'TABLE';
        const [was] = await queryRows<{ type: string }>(conn, `SELECT table_type AS type FROM information_schema.tables
          WHERE table_catalog = current_database() AND table_schema = 'main' AND table_name = '${name}'`);
        if (was && was.type !== (kind === 'VIEW' ? 'VIEW' : 'BASE TABLE')) await conn.run(`DROP ${kind === 'VIEW' ? 'TABLE' : 'VIEW'} ${name}`);
        await conn.run(`CREATE OR REPLACE ${kind} ${name} AS\n${sql}\n`);
        if (process.env.PSM_DEBUG) process.stderr.write(`  mart ${name}: ${Math.round(performance.now() - t0)} ms (at ${Math.round(performance.now())})\n`);
      } catch (err) {
        this.failed = true;
        throw new Error(`marts/${name}.sql: ${(err as Error).message}`);
      }
      this.done.add(name);
    }
  }
}
