// The marts graph, as each model file declares it (the dbt habit: a model states its grain, its key
// and what it reads beside its SQL). Every `.sql` file in marts/ is a mart — there is no list to
// keep — and the order they are built in comes from their declared `-- reads:` lines, never from
// a guess over the SQL. test/models/graph.test.ts holds each declaration to the SQL it sits on
// (every model or extract the SQL names is declared, and nothing more) and each key to the data.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contracts, extractNames, type ExtractName } from '../extracts/index.ts';

export const modelsDir = dirname(fileURLToPath(import.meta.url));

/** Tables a model may read that no model builds: the reference tables ingest loads from data/. */
export const referenceTables = ['areas', 'ho_offence_groups'] as const;

export interface MartFile {
  name: string;
  file: string;
  /** The `-- grain:` line: what one row is. */
  grain: string;
  /** The columns that identify a row (`-- key: a, b`); 'one row' for a single-row mart. */
  key: string[] | 'one row';
  /** What it reads (`-- reads:`): marts, staging views `stg_*`, extracts, reference tables. */
  reads: string[];
  materialized: 'table' | 'view';
  /**
   * `-- incremental: col`: each row depends only on input rows with the same value of `col` (a
   * field of every extract it reads), so a night's files update the values they hold instead of
   * the whole table (build.ts). `source_sha256`: each row depends only on one loaded file's rows
   * (BY_FILE). Absent: rebuilt whole when its inputs change.
   */
  incremental?: string;
  /** The SQL without a trailing semicolon (it is wrapped in CREATE … AS). */
  sql: string;
}

const header = (text: string, tag: string): string | undefined => text.match(new RegExp(`^-- ${tag}: (.*)$`, 'm'))?.[1]?.trim();

const list = (s: string): string[] =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** One mart file, its header read and checked. */
export function readMartFile(file: string): MartFile {
  const name = file.replace(/^.*\//, '').replace(/\.sql$/, '');
  const text = readFileSync(file, 'utf8');
  const where = `models/marts/${name}.sql`;
  const grain = text.split('\n', 1)[0]?.match(/^-- grain: (.*)$/)?.[1];
  if (!grain) throw new Error(`${where}: the first line must state its grain (-- grain: one …)`);
  const key = header(text, 'key');
  const reads = header(text, 'reads');
  if (!key) throw new Error(`${where}: no "-- key: col, col" line (or "-- key: one row")`);
  if (!reads) throw new Error(`${where}: no "-- reads: model, model" line`);
  return {
    name,
    file,
    grain,
    reads: list(reads),
    key: key === 'one row' ? 'one row' : list(key),
    materialized: /^-- materialized: view\b/m.test(text) ? 'view' : 'table',
    ...(header(text, 'incremental') ? { incremental: header(text, 'incremental')!.split(/\s/)[0] } : {}),
    sql: text.trim().replace(/;\s*$/, ''),
  };
}

/** Every mart in marts/, in an order where each comes after everything it reads (ties by name). */
export function readMarts(dir = join(modelsDir, 'marts')): MartFile[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => readMartFile(join(dir, f)));
  const byName = new Map(files.map((m) => [m.name, m]));
  const known = new Set<string>([...byName.keys(), ...extractNames, ...extractNames.map((e) => `stg_${e}`), ...referenceTables]);
  for (const m of files) {
    const unknown = m.reads.filter((r) => !known.has(r));
    if (unknown.length)
      throw new Error(`models/marts/${m.name}.sql reads ${unknown.join(', ')}: not a mart, staging view, extract or reference table`);
  }
  const ordered: MartFile[] = [];
  const placed = new Set<string>();
  while (ordered.length < files.length) {
    const next = files.find((m) => !placed.has(m.name) && m.reads.every((r) => !byName.has(r) || placed.has(r)));
    if (!next) {
      const stuck = files.filter((m) => !placed.has(m.name)).map((m) => m.name);
      throw new Error(`the marts read each other in a cycle: ${stuck.join(', ')}`);
    }
    ordered.push(next);
    placed.add(next.name);
  }
  checkIncremental(ordered);
  return ordered;
}

/**
 * `-- incremental: source_sha256`: rows of one loaded file each, with the file's rows not superseded
 * counted as `live_rows`. A night recomputes the files whose `live_rows` differ from the ledger's
 * loaded less superseded: the new ones, and those a new file superseded rows of (refresh.ts).
 */
export const BY_FILE = 'source_sha256';

/**
 * An incremental mart's column must be part of the record key of every extract it reads: the new
 * files are searched by it, and a row a new file supersedes then has a value the new file holds.
 * A mart by file needs its `live_rows` instead.
 */
export function checkIncremental(marts: readonly MartFile[]): void {
  const inputs = martExtracts(marts);
  for (const m of marts) {
    if (!m.incremental) continue;
    if (m.materialized === 'view') throw new Error(`models/marts/${m.name}.sql: a view is never stored, so it cannot be incremental`);
    if (m.incremental === BY_FILE) {
      if (!/\blive_rows\b/.test(m.sql.replace(/--.*$/gm, '')))
        throw new Error(`models/marts/${m.name}.sql: incremental by file, with no live_rows column`);
      continue;
    }
    const lacking = [...inputs.get(m.name)!].filter((e) => !contracts[e].key.includes(m.incremental!));
    if (lacking.length)
      throw new Error(
        `models/marts/${m.name}.sql: incremental by ${m.incremental}, which is not in the record key of ${lacking.join(', ')}`,
      );
  }
}

/** The extracts a mart reads, directly (`calls`, `stg_calls`) or through the marts it reads. */
export function martExtracts(marts: readonly MartFile[]): Map<string, Set<ExtractName>> {
  const inputs = new Map<string, Set<ExtractName>>();
  for (const m of marts) {
    // dependency order: the inputs of what it reads are known by its turn
    const own = extractNames.filter((e) => m.reads.includes(e) || m.reads.includes(`stg_${e}`));
    inputs.set(m.name, new Set([...own, ...m.reads.flatMap((r) => [...(inputs.get(r) ?? [])])]));
  }
  return inputs;
}
