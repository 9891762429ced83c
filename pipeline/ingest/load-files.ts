// Loading the files of a run into the building warehouse: two prepared at once, committed one by
// one in load order (see loadFiles).
import type { DuckDBConnection } from '@duckdb/node-api';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { WorkspacePaths } from '../config.ts';
import type { ExtractName } from '../extracts/contract.ts';
import { emptyMapping, type ForceMapping } from '../extracts/mapping.ts';
import { createStagingViews } from '../models/build.ts';
import { ident, type Db } from '../warehouse/duckdb.ts';
import { fileTableName } from '../warehouse/file-tables.ts';
import { createSchema, extendLedger } from '../warehouse/schema.ts';
import { archiveFile, stageFile } from './archive.ts';
import { commitFile } from './commit-file.ts';
import { decodeFile, type DecodedFile } from './decode.ts';
import { extractsDone, identify } from './identify.ts';
import { notText, type InboxFile } from './inbox.ts';
import type { LedgerEntry } from './ledger.ts';
import { dropWorkTables, prepareFile, workTables, type PreparedFile } from './prepare-file.ts';
import type { Progress } from './progress.ts';
import { emptyReport, type FileReport } from './report.ts';
import { fitHeader } from './validate-sql.ts';

/** A file to load; `replaces` when it is read again (--recheck) and the ledger has it. */
export interface LoadItem extends InboxFile {
  replaces?: LedgerEntry;
}

export interface LoadContext {
  mapping: ForceMapping;
  paths: WorkspacePaths;
  now: Date;
  progress: Progress;
  /** A file modified less than this long ago is looked at again this long after, before it is read. */
  settleMs: number;
  /** Called as loading goes on with the extracts no remaining file can change. */
  extractsDone?: (done: ReadonlySet<ExtractName>) => void;
}

/** How many files may be read ahead of the one being committed (each holds its rows in memory). */
const READ_AHEAD = 2;

type Stage = (PreparedFile & { item: LoadItem }) | FileReport | { copyOf: LoadItem };
const remaining = (items: LoadItem[]) => extractsDone(items.map((f) => ({ path: f.name })));

/**
 * Loads files as a two-stage pipeline. Preparing a file (copy, decode, read, type, validate)
 * depends on no other file, so two run at once on their own connections — DuckDB inflates a .gz on
 * one thread, so one file alone leaves a core idle. Committing (references, supersession, insert)
 * runs one file at a time in load order, so the result is exactly that of loading them one by one.
 */
export async function loadFiles(db: Db, files: LoadItem[], known: Set<string>, ctx: LoadContext): Promise<FileReport[]> {
  const workers = [await db.connect(), await db.connect()];
  await workers[0]!.run(`ATTACH IF NOT EXISTS ':memory:' AS stage`); // one instance: every connection sees it
  // The schema is made on the main connection while the first files are read; commits wait for it.
  const schema = createSchema(db.conn)
    .then(() => extendLedger(db.conn))
    .then(() => createStagingViews(db.conn));
  schema.catch(() => undefined); // awaited below; this only keeps an early failure from being "unhandled"
  const withWorker = workerPool(workers);
  // The same bytes twice in one run (a copy under another name) load once; a re-check goes first.
  const firstWithHash = new Map<string, number>();
  files.forEach((f, i) => f.recheck && !firstWithHash.has(f.sha256) && firstWithHash.set(f.sha256, i));
  files.forEach((f, i) => firstWithHash.has(f.sha256) || firstWithHash.set(f.sha256, i));
  const isNew = (f: LoadItem, i: number) => (f.recheck || !known.has(f.sha256)) && firstWithHash.get(f.sha256) === i;
  const prepare = (f: LoadItem, i: number) => withWorker((conn) => prepareOne(conn, f, i, ctx));

  // Files read ahead and not yet committed. Each is dropped once committed: a prepared file holds its
  // whole text (for line numbers), so keeping them all would grow with the run.
  const stages = new Map<number, Promise<Stage>>();
  let started = 0;
  const startUpTo = (last: number) => {
    for (; started <= Math.min(last, files.length - 1); started++) {
      const f = files[started]!;
      // A file known before the run is unchanged; a copy met earlier in the run is decided when its turn comes.
      stages.set(
        started,
        isNew(f, started) ? prepare(f, started) : Promise.resolve(known.has(f.sha256) ? emptyReport(f, 'unchanged') : { copyOf: f }),
      );
    }
  };
  const reports: FileReport[] = [];
  try {
    for (let i = 0; i < files.length; i++) {
      startUpTo(i + READ_AHEAD);
      if (i === 0) {
        await schema;
        ctx.extractsDone?.(remaining(files));
      }
      const stage = await stages.get(i)!;
      stages.delete(i);
      // A later copy of bytes met earlier in this run: unchanged if that copy loaded, else tried on its own.
      const ready = !('copyOf' in stage)
        ? stage
        : known.has(stage.copyOf.sha256)
          ? emptyReport(stage.copyOf, 'unchanged')
          : await prepare(stage.copyOf, i);
      const report = 'contract' in ready ? await commitOne(db.conn, ready, ctx) : ready;
      if (report.status === 'loaded') known.add(report.sha256);
      ctx.progress.done(report);
      reports.push(report);
      // After the last file the caller builds what is left, on every connection.
      if (i + 1 < files.length) ctx.extractsDone?.(remaining(files.slice(i + 1)));
    }
    await schema;
  } catch (err) {
    // Reads in flight finish before the caller closes the database, and leave no copy behind.
    for (const r of await Promise.allSettled(stages.values())) {
      if (r.status === 'fulfilled' && 'contract' in r.value) r.value.file.dispose();
    }
    throw err;
  }
  await db.conn.run('DETACH stage');
  return reports;
}

/** Runs `fn` on an idle connection, waiting for one when both are busy. */
function workerPool(workers: DuckDBConnection[]) {
  const idle = [...workers];
  const queue: (() => void)[] = [];
  return async <T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> => {
    while (!idle.length) await new Promise<void>((resolve) => queue.push(resolve));
    const conn = idle.pop()!;
    try {
      return await fn(conn);
    } finally {
      idle.push(conn);
      queue.shift()?.();
    }
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const firstLine = (err: unknown) => (err as Error).message.split('\n')[0];

/**
 * Copy, decode, identify and prepare one file. A file that cannot be read at all (a truncated .gz,
 * a read error) is refused with its name and the reason, and one still being written is deferred;
 * either way the run carries on: one bad file must not stop a night.
 */
async function prepareOne(
  conn: DuckDBConnection,
  item: LoadItem,
  index: number,
  ctx: LoadContext,
): Promise<(PreparedFile & { item: LoadItem }) | FileReport> {
  ctx.progress.start(item.name, Number(item.look.size));
  const notCsv = notText(item.magic);
  if (notCsv) return emptyReport(item, 'refused', notCsv);
  // Written to a moment ago: wait, so that the second look is a real moment after the last write.
  const quiet = Date.now() - Number(item.look.mtimeNs / 1_000_000n);
  if (quiet < ctx.settleMs) await sleep(Math.min(ctx.settleMs, ctx.settleMs - quiet));
  let file: DecodedFile;
  try {
    const staged = await stageFile(item, ctx.paths.archive);
    // No hash is reported for bytes that were still changing: it would name no file that exists.
    if ('changed' in staged) return emptyReport({ ...item, sha256: '' }, 'deferred', staged.changed);
    // The plaintext copy beside the staged one, in the run's private folder: never in the shared temp.
    const decoded = await decodeFile(staged.path, item.sha256, dirname(staged.path)).catch((err) => {
      staged.remove();
      throw err;
    });
    file = { ...decoded, dispose: () => (decoded.dispose(), staged.remove()) };
  } catch (err) {
    return emptyReport(item, 'refused', `the file could not be read: ${(err as Error).message}`);
  }
  const { contract, refused } = identify(file, ctx.mapping);
  if (!contract) {
    file.dispose();
    return emptyReport(item, 'refused', refused!);
  }
  // The file's rows are written once, into what becomes its table in the warehouse (a re-read's
  // beside the table it replaces, until its commit swaps them).
  const table = fileTableName(contract.name, file.sha256) + (item.replaces ? '_recheck' : '');
  const tables = workTables(`stage.f${index}`, ident(table));
  try {
    const extractMapping = ctx.mapping.extracts[contract.name] ?? emptyMapping;
    const prepared = await prepareFile(conn, tables, file, contract, fitHeader(file.header, contract, extractMapping), extractMapping, {
      today: isoDate(ctx.now),
      onStep: (s) => ctx.progress.step?.(item.name, s),
    });
    return { ...prepared, item };
  } catch (err) {
    await dropWorkTables(conn, tables).catch(() => undefined);
    file.dispose();
    return emptyReport(item, 'refused', `the file could not be loaded: ${firstLine(err)}`);
  }
}

async function commitOne(conn: DuckDBConnection, prepared: PreparedFile & { item: LoadItem }, ctx: LoadContext): Promise<FileReport> {
  const { file, item } = prepared;
  let report: FileReport | undefined;
  let archived: { path: string; created: boolean } | undefined;
  try {
    archived = archiveFile(ctx.paths.archive, file.path, file.sha256, file.isGzip);
    report = await commitFile(conn, prepared, {
      dryRun: false,
      receivedAt: ctx.now,
      archivePath: archived.path,
      replaces: item.replaces,
      onStep: (s) => ctx.progress.step?.(item.name, s),
    });
    return { ...report, path: item.path };
  } catch (err) {
    if (archived?.created) rmSync(archived.path, { force: true }); // the archive holds accepted files only
    return emptyReport(item, 'refused', `the file could not be loaded: ${firstLine(err)}`);
  } finally {
    await dropWorkTables(conn, prepared.tables, report?.status === 'loaded');
    file.dispose();
  }
}

export const isoDate = (d: Date) => d.toISOString().slice(0, 10);
