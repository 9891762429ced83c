// Builds the SQL layers between the canonical tables and the metrics: staging views (one per
// extract: typed, normalised, derived columns) and marts (entity-named tables the metrics read,
// plus the `periods` calendar). Ingest builds them on the building warehouse before it is published
// (some while the last files still load), so readers of the read-only warehouse find every model.
import type { DuckDBConnection } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractNames, type ExtractName } from '../extracts/index.ts';
import { Fingerprints } from './fingerprint.ts';
import { martExtracts, modelsDir, readMarts, type MartFile } from './graph.ts';
import { refreshMart, type RunDelta } from './refresh.ts';

/** Staging views, one per extract: `stg_<extract>`, file staging/stg_<extract>.sql. */
export const stagingModels = extractNames.map((n) => `stg_${n}`);

/** The SQL text of a staging view, without a trailing semicolon (it is wrapped in CREATE … AS). */
export function stagingSql(name: string): string {
  const text = readFileSync(join(modelsDir, 'staging', `${name}.sql`), 'utf8');
  if (!text.startsWith('-- grain: ')) throw new Error(`staging/${name}.sql: the first line must state its grain (-- grain: one …)`);
  return text.trim().replace(/;\s*$/, '');
}

/** The file that defines a model. */
export const modelPath = (layer: 'staging' | 'marts', name: string): string => join(modelsDir, layer, `${name}.sql`);

/**
 * Which of `names` a piece of SQL reads: each named as a whole word outside comments. For SQL that
 * declares nothing (a metric's file, a staging view); a mart declares what it reads (graph.ts).
 */
export function namesRead<N extends string>(sql: string, names: readonly N[]): N[] {
  const code = sql.replace(/--.*$/gm, '');
  return names.filter((n) => new RegExp(`\\b${n}\\b`).test(code));
}

/** Creates or replaces the staging views (cheap: views are only bound, not run). */
export async function createStagingViews(conn: DuckDBConnection): Promise<void> {
  for (const name of stagingModels) {
    await conn.run(`CREATE OR REPLACE VIEW ${name} AS\n${stagingSql(name)}\n`);
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
 * Builds the marts (each `CREATE OR REPLACE TABLE … AS`), one promise per mart: it waits for the
 * extracts it reads to be allowed, for the marts it reads to be built, and for a free connection
 * ("lane"). Ingest gives one lane early and allows the marts whose extracts have finished loading,
 * so most are built while the last files still load; at the end every mart is allowed and more
 * lanes join. One statement per mart: DuckDB runs parts of some (a large GROUP BY's final phase) on
 * one thread, so two lanes use both cores better than one.
 */
export class MartBuild {
  private readonly marts = readMarts();
  private readonly fingerprints = new Fingerprints((e) => stagingSql(`stg_${e}`));
  private readonly gates = new Map<ExtractName, { open: () => void; opened: Promise<void> }>();
  private readonly builds = new Map<string, Promise<void>>();
  private readonly free: DuckDBConnection[] = [];
  private readonly waiting: ((conn: DuckDBConnection | null) => void)[] = [];
  private stopped = false;
  /** The first mart that failed: what finish() reports (the marts it stopped say only that they stopped). */
  private firstFailure: Error | undefined;

  /** `delta`: the files the run started from, so incremental marts can be updated (refresh.ts). */
  constructor(
    private readonly debug = false,
    private readonly delta: RunDelta | null = null,
  ) {
    for (const e of extractNames) {
      let open = () => {};
      const opened = new Promise<void>((resolve) => (open = resolve));
      this.gates.set(e, { open, opened });
    }
    const extracts = martExtracts(this.marts);
    for (const mart of this.marts) {
      // dependency order: what it reads has its promise already
      const build = this.build(mart, extracts.get(mart.name)!);
      build.catch(() => undefined); // reported by finish(); this only keeps it from being "unhandled" meanwhile
      this.builds.set(mart.name, build);
    }
  }

  /** Allows every mart that reads only these extracts (and marts built from them). */
  allow(extracts: ReadonlySet<ExtractName>): void {
    for (const e of extracts) this.gates.get(e)!.open();
  }

  /** Gives the build a connection to build marts on, as they become buildable. */
  start(conn: DuckDBConnection): void {
    const waiter = this.waiting.shift();
    if (waiter) waiter(conn);
    else this.free.push(conn);
  }

  /** Allows every mart, adds lanes on `conns`, and waits for all of them (the first failure is thrown). */
  async finish(conns: DuckDBConnection[]): Promise<void> {
    this.allow(new Set(extractNames));
    for (const c of conns) this.start(c);
    // Every mart settles before an error is thrown: the caller may close the database next.
    await Promise.allSettled(this.builds.values());
    if (this.firstFailure) throw this.firstFailure;
  }

  /** Stops after the marts being built now (the run failed) and waits for them. */
  async cancel(): Promise<void> {
    this.stopped = true;
    for (const gate of this.gates.values()) gate.open();
    for (const waiter of this.waiting.splice(0)) waiter(null);
    await Promise.allSettled(this.builds.values());
  }

  private lane(): Promise<DuckDBConnection | null> {
    if (this.stopped) return Promise.resolve(null);
    const conn = this.free.pop();
    return conn ? Promise.resolve(conn) : new Promise((resolve) => this.waiting.push(resolve));
  }

  private async build(mart: MartFile, extracts: ReadonlySet<ExtractName>): Promise<void> {
    await Promise.all([...extracts].map((e) => this.gates.get(e)!.opened));
    await Promise.all(mart.reads.flatMap((r) => this.builds.get(r) ?? []));
    const conn = await this.lane();
    if (!conn || this.stopped) {
      if (conn) this.start(conn);
      throw new Error(`marts/${mart.name}.sql: not built (the run stopped)`);
    }
    const t0 = performance.now();
    try {
      const did = await refreshMart(conn, mart, extracts, await this.fingerprints.of(conn, mart, extracts), this.delta);
      if (this.debug)
        process.stderr.write(
          `  mart ${mart.name}: ${did}, ${Math.round(performance.now() - t0)} ms (at ${Math.round(performance.now())})\n`,
        );
    } catch (err) {
      this.stopped = true;
      this.firstFailure ??= new Error(`marts/${mart.name}.sql: ${(err as Error).message}`);
      throw this.firstFailure;
    } finally {
      this.start(conn);
    }
  }
}
