// Ingest: every file in (default: the inbox), each validated, quarantined, archived and loaded in
// its own transaction on a building copy of the warehouse, which is published atomically at the end.
import type { DuckDBConnection } from '@duckdb/node-api';
import { existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { WorkspacePaths } from '../config.ts';
import type { ExtractName } from '../extracts/contract.ts';
import { emptyMapping, loadMapping, type ForceMapping } from '../extracts/mapping.ts';
import { createStagingViews, MartBuild } from '../models/build.ts';
import { ident, openMemory, openReadOnly, queryRows, sqlString, type Db } from '../warehouse/duckdb.ts';
import { fileTableName, singleTableExtracts } from '../warehouse/file-tables.ts';
import { abandon, beginBuilding, publish } from '../warehouse/publish.ts';
import { createSchema } from '../warehouse/schema.ts';
import { archiveFile } from './archive.ts';
import { decodeFile, sha256File, type DecodedFile } from './decode.ts';
import { commitFile } from './commit-file.ts';
import { dropWorkTables, prepareFile, workTables, type PreparedFile } from './prepare-file.ts';
import { silentProgress, type Progress } from './progress.ts';
import { totals, type FileReport, type RunReport } from './report.ts';
import { fitHeader } from './validate-sql.ts';
import { extractFromName, extractsDone, identify, resolveFiles } from './identify.ts';

export interface IngestOptions {
  /** The clock, for "dates in the future" and the ledger's received time (tests set it). */
  now?: Date;
  progress?: Progress;
}

type FileId = Pick<DecodedFile, 'path' | 'sha256'>;

/** A report for a file that loaded nothing: refused (with the reason), or already in the warehouse. */
function emptyReport(file: FileId, status: 'refused' | 'unchanged', why?: string): FileReport {
  return { path: file.path, file: basename(file.path), sha256: file.sha256, extract: extractFromName(file.path) ?? null, status,
    rows: 0, loaded: 0, quarantined: 0, warnings: 0, supersedes: 0, periodStart: null, periodEnd: null, reasons: [], examples: [],
    refused: why, ms: 0 };
}
const refusedReport = (file: FileId, why: string) => emptyReport(file, 'refused', why);
const unchangedReport = (file: FileId) => emptyReport(file, 'unchanged');

function mappingFor(paths: WorkspacePaths): ForceMapping {
  return existsSync(paths.mapping) ? loadMapping(paths.mapping) : { force: 'unmapped', extracts: {} };
}

/** Hashes of every file the published warehouse already holds (read-only: no copy for a no-op night). */
async function publishedHashes(paths: WorkspacePaths): Promise<Set<string>> {
  if (!existsSync(paths.warehouse)) return new Set();
  const db = await openReadOnly(paths.warehouse);
  try {
    return new Set((await queryRows<{ sha256: string }>(db.conn, 'SELECT sha256 FROM ledger')).map((r) => r.sha256));
  } finally {
    db.close();
  }
}

export async function ingest(paths: WorkspacePaths, inputs: string[] = [], opts: IngestOptions = {}): Promise<RunReport> {
  const t0 = performance.now();
  const now = opts.now ?? new Date();
  const progress = opts.progress ?? silentProgress;
  const mapping = mappingFor(paths);
  const files = resolveFiles(paths, inputs);
  const known = await publishedHashes(paths);
  // Files already in the warehouse are recognised by hash alone, before any decoding or copying.
  const hashes = new Map(files.map((f) => [f, sha256File(f)]));
  const result = (reports: FileReport[], published: boolean): RunReport => ({
    workspace: paths.root, warehouse: paths.warehouse, published, files: reports, totals: totals(reports), ms: Math.round(performance.now() - t0),
  });
  if (files.every((f) => known.has(hashes.get(f)!))) {
    const reports = files.map((f) => unchangedReport({ path: f, sha256: hashes.get(f)! }));
    for (const r of reports) progress.done(r);
    return result(reports, false);
  }
  const db = await beginBuilding(paths);
  try {
    const marts = new MartBuild();
    marts.start(await db.connect());
    const reports = await loadFiles(db, files.map((path) => ({ path, sha256: hashes.get(path)! })), known,
      { mapping, paths, now, progress, extractsDone: (done) => marts.allow(done) })
      .catch(async (err) => {
        await marts.cancel(); // nothing may still run when the database closes
        throw err;
      });
    const changed = reports.some((r) => r.status === 'loaded');
    if (changed) {
      const t1 = performance.now();
      await marts.finish([db.conn, await db.connect()]); // what is left of the marts, on three lanes
      await publish(paths, db);
      if (process.env.PSM_DEBUG) process.stderr.write(`  models + publish: ${Math.round(performance.now() - t1)} ms\n`);
    } else {
      await marts.cancel();
      abandon(paths, db);
    }
    return result(reports, changed);
  } catch (err) {
    abandon(paths, db);
    throw err;
  }
}

interface LoadContext {
  mapping: ForceMapping;
  paths: WorkspacePaths;
  now: Date;
  progress: Progress;
  /** Called as loading goes on with the extracts no remaining file can change. */
  extractsDone?: (done: ReadonlySet<ExtractName>) => void;
}

/** How many files may be read ahead of the one being committed (each holds its rows in memory). */
const READ_AHEAD = 2;

/**
 * Loads files as a two-stage pipeline. Preparing a file (decode, read, type, validate) depends on no
 * other file, so two run at once on their own connections — DuckDB inflates a .gz on one thread,
 * so one file alone leaves a core idle. Committing (references, supersession, insert) runs one file
 * at a time in load order, so the result is exactly that of loading the files one by one.
 */
async function loadFiles(db: Db, files: FileId[], known: Set<string>, ctx: LoadContext): Promise<FileReport[]> {
  const workers = [await db.connect(), await db.connect()];
  await workers[0]!.run(`ATTACH IF NOT EXISTS ':memory:' AS stage`); // one instance: every connection sees it
  // The schema is made on the main connection while the first files are read; commits wait for it.
  const schema = createSchema(db.conn).then(() => createStagingViews(db.conn));
  schema.catch(() => undefined); // awaited below; this only keeps an early failure from being "unhandled"

  const idle = [...workers];
  const queue: (() => void)[] = [];
  const withWorker = async <T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> => {
    while (!idle.length) await new Promise<void>((resolve) => queue.push(resolve));
    const conn = idle.pop()!;
    try {
      return await fn(conn);
    } finally {
      idle.push(conn);
      queue.shift()?.();
    }
  };
  // The same bytes twice in one run (a copy under another name) load once.
  const firstWithHash = new Map<string, number>();
  files.forEach((f, i) => firstWithHash.has(f.sha256) || firstWithHash.set(f.sha256, i));
  const isNew = (f: FileId, i: number) => !known.has(f.sha256) && firstWithHash.get(f.sha256) === i;


  // Files read ahead and not yet committed. Each is dropped once committed: a prepared file holds its
  // whole text (for line numbers), so keeping them all would grow with the run.
  const stages = new Map<number, Promise<PreparedFile | FileReport | { copyOf: FileId }>>();
  let started = 0;
  const startUpTo = (last: number) => {
    for (; started <= Math.min(last, files.length - 1); started++) {
      const i = started;
      const f = files[i]!;
      // A file known before the run is unchanged; a copy met earlier in the run is decided when its turn comes.
      stages.set(i, isNew(f, i) ? withWorker((conn) => prepareOne(conn, f, i, ctx))
        : Promise.resolve(known.has(f.sha256) ? unchangedReport(f) : ({ copyOf: f } as const)));
    }
  };
  const reports: FileReport[] = [];
  try {
    for (let i = 0; i < files.length; i++) {
      startUpTo(i + READ_AHEAD);
      if (i === 0) {
        await schema;
        ctx.extractsDone?.(extractsDone(files));
      }
      const stage = await stages.get(i)!;
      stages.delete(i);
      // A later copy of bytes met earlier in this run: unchanged if that copy loaded, else tried on its own.
      const ready = !('copyOf' in stage) ? stage
        : known.has(stage.copyOf.sha256) ? unchangedReport(stage.copyOf) : await withWorker((conn) => prepareOne(conn, stage.copyOf, i, ctx));
      const report = 'contract' in ready ? await commitOne(db.conn, ready, ctx) : ready;
      if (report.status === 'loaded') known.add(report.sha256);
      ctx.progress.done(report);
      reports.push(report);
      // After the last file the caller builds what is left, on every connection.
      if (i + 1 < files.length) ctx.extractsDone?.(extractsDone(files.slice(i + 1)));
    }
    await schema;
  } catch (err) {
    // Reads in flight finish before the caller closes the database, and leave no temp copy behind.
    for (const r of await Promise.allSettled(stages.values())) {
      if (r.status === 'fulfilled' && 'contract' in r.value) r.value.file.dispose();
    }
    throw err;
  }
  await db.conn.run('DETACH stage');
  return reports;
}

/**
 * Decode, identify and prepare one file. A file that cannot be read at all (a truncated .gz, a read
 * error) is refused with its name and the reason, and the run carries on: one bad file must not
 * stop a night.
 */
async function prepareOne(conn: DuckDBConnection, id: FileId, index: number, ctx: LoadContext): Promise<PreparedFile | FileReport> {
  const name = basename(id.path);
  let file: DecodedFile;
  try {
    ctx.progress.start(name, statSync(id.path).size);
    file = await decodeFile(id.path, id.sha256);
  } catch (err) {
    return refusedReport(id, `the file could not be read: ${(err as Error).message}`);
  }
  const { contract, refused } = identify(file, ctx.mapping);
  if (!contract) {
    file.dispose();
    return refusedReport(file, refused!);
  }
  // The file's rows are written once, into what becomes its table in the warehouse.
  const tables = workTables(`stage.f${index}`, ident(fileTableName(contract.name, file.sha256)));
  try {
    const extractMapping = ctx.mapping.extracts[contract.name] ?? emptyMapping;
    return await prepareFile(conn, tables, file, contract, fitHeader(file.header, contract, extractMapping), extractMapping, {
      today: isoDate(ctx.now), onStep: (s) => ctx.progress.step?.(name, s),
    });
  } catch (err) {
    await dropWorkTables(conn, tables).catch(() => undefined);
    file.dispose();
    return refusedReport(file, `the file could not be loaded: ${(err as Error).message.split('\n')[0]}`);
  }
}

async function commitOne(conn: DuckDBConnection, prepared: PreparedFile, ctx: LoadContext): Promise<FileReport> {
  const { file } = prepared;
  let report: FileReport | undefined;
  try {
    const archivePath = archiveFile(ctx.paths.archive, file.path, file.sha256, file.isGzip);
    report = await commitFile(conn, prepared, {
      dryRun: false, receivedAt: ctx.now, archivePath, onStep: (s) => ctx.progress.step?.(basename(file.path), s),
    });
    return report;
  } catch (err) {
    return refusedReport(file, `the file could not be loaded: ${(err as Error).message.split('\n')[0]}`);
  } finally {
    await dropWorkTables(conn, prepared.tables, report?.status === 'loaded');
    file.dispose();
  }
}

/** `psm check FILE`: the same validation, against the published warehouse's references, then rolled back. */
export async function checkFile(paths: WorkspacePaths, path: string, opts: IngestOptions = {}): Promise<FileReport> {
  const now = opts.now ?? new Date();
  if (!existsSync(path)) throw new Error(`${path}: no such file`);
  if (!statSync(path).isFile()) throw new Error(`${path} is a folder: psm check takes extract files`);
  const mapping = mappingFor(paths);
  const sha256 = sha256File(path);
  if ((await publishedHashes(paths)).has(sha256)) return unchangedReport({ path, sha256 });
  const file = await decodeFile(path, sha256);
  const db = await openMemory();
  try {
    const { contract, refused } = identify(file, mapping);
    if (!contract) return refusedReport(file, refused!);
    await createSchema(db.conn);
    let referenceSchema: string | undefined;
    if (existsSync(paths.warehouse)) {
      await db.conn.run(`ATTACH ${sqlString(paths.warehouse)} AS published (READ_ONLY)`);
      referenceSchema = 'published';
      // A warehouse from before file tables is converted by the next ingest; until then the checks
      // against it would find no earlier files and report nothing superseded, which would mislead.
      if ((await singleTableExtracts(db.conn, referenceSchema)).length) {
        throw new Error(`${paths.warehouse} was written by an earlier version of psm (one table per extract): ` +
          'run `psm ingest` once to convert it, then check the file again');
      }
    }
    const extractMapping = mapping.extracts[contract.name] ?? emptyMapping;
    const prepared = await prepareFile(db.conn, workTables('check'), file, contract, fitHeader(file.header, contract, extractMapping),
      extractMapping, { today: isoDate(now) });
    return await commitFile(db.conn, prepared, { dryRun: true, receivedAt: now, referenceSchema });
  } finally {
    db.close();
    file.dispose();
  }
}

const isoDate = (d: Date) => d.toISOString().slice(0, 10);
