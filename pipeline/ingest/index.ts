// Ingest: every file in (default: the inbox), each validated, quarantined, archived and loaded in
// its own transaction on a building copy of the warehouse, which is published atomically at the end.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { WorkspacePaths } from '../config.ts';
import type { ExtractContract, ExtractName } from '../extracts/contract.ts';
import { contracts, extractNames } from '../extracts/index.ts';
import { emptyMapping, loadMapping, type ForceMapping } from '../extracts/mapping.ts';
import { buildModels } from '../models/build.ts';
import { openMemory, openReadOnly, queryRows, sqlString, type Db } from '../warehouse/duckdb.ts';
import { abandon, beginBuilding, publish } from '../warehouse/publish.ts';
import { createSchema } from '../warehouse/schema.ts';
import { archiveFile } from './archive.ts';
import { decodeFile, sha256File, type DecodedFile } from './decode.ts';
import { loadFile } from './load-file.ts';
import { silentProgress, type Progress } from './progress.ts';
import { totals, type FileReport, type RunReport } from './report.ts';
import { fitHeader } from './validate-sql.ts';

export interface IngestOptions {
  /** The clock, for "dates in the future" and the ledger's received time (tests set it). */
  now?: Date;
  progress?: Progress;
}

/** Files referenced by others load first, so references resolve within one run. */
const loadOrder: ExtractName[] = ['crimes', 'orders', 'outcomes', 'breaches', 'calls', 'dvds'];
const isExtractFile = (name: string) => /\.csv(\.gz)?$/i.test(name);

/** The files named (or found in the folders named), in load order; default: the inbox. */
export function resolveFiles(paths: WorkspacePaths, inputs: string[]): string[] {
  const found: string[] = [];
  for (const input of inputs.length ? inputs : [paths.inbox]) {
    if (!existsSync(input)) throw new Error(`${input}: no such file or folder`);
    if (statSync(input).isDirectory()) {
      for (const f of readdirSync(input)) if (isExtractFile(f)) found.push(join(input, f));
    } else found.push(input);
  }
  const rank = (f: string) => {
    const e = extractFromName(f);
    return e ? loadOrder.indexOf(e) : loadOrder.length;
  };
  // Plain code-unit order, not locale order: `x.csv` must sort before its re-send `x_amended.csv`.
  return found.sort((a, b) => rank(a) - rank(b) || (basename(a) < basename(b) ? -1 : basename(a) > basename(b) ? 1 : 0));
}

/** `calls_101_2022-23.csv.gz` → calls. A file named otherwise is identified by its header. */
export function extractFromName(path: string): ExtractName | undefined {
  const stem = basename(path).toLowerCase().split(/[_\-. ]/)[0];
  return extractNames.find((e) => e === stem);
}

function identify(file: DecodedFile, mapping: ForceMapping): { contract?: ExtractContract; refused?: string } {
  const byName = extractFromName(file.path);
  const candidates = byName ? [byName] : extractNames;
  const fits = candidates.map((e) => ({ e, fit: fitHeader(file.header, contracts[e], mapping.extracts[e] ?? emptyMapping) }));
  const ok = fits.find((f) => !f.fit.missing.length && !f.fit.unexpected.length);
  if (ok) return { contract: contracts[ok.e] };
  if (!byName) return { refused: `its name does not start with an extract (${extractNames.join(', ')}) and its header fits none of them` };
  const { missing, unexpected } = fits[0].fit;
  return {
    refused: `the header does not fit the ${byName} contract:` +
      (missing.length ? ` missing column(s) ${missing.join(', ')};` : '') +
      (unexpected.length ? ` unexpected column(s) ${unexpected.map((u) => `"${u}"`).join(', ')}` : '') +
      ' — the whole file was refused (fix the header or the force mapping and send it again)',
  };
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
  const unchanged = (f: string) => unchangedReport({ path: f, sha256: hashes.get(f)! });
  const result = (reports: FileReport[], published: boolean): RunReport => ({
    workspace: paths.root, warehouse: paths.warehouse, published, files: reports, totals: totals(reports), ms: Math.round(performance.now() - t0),
  });
  if (files.every((f) => known.has(hashes.get(f)!))) {
    const reports = files.map(unchanged);
    for (const r of reports) progress.done(r);
    return result(reports, false);
  }
  const db = await beginBuilding(paths);
  const reports: FileReport[] = [];
  try {
    await createSchema(db.conn);
    for (const path of files) {
      const sha256 = hashes.get(path)!;
      const report = known.has(sha256) ? unchanged(path) : await ingestOne(db, { path, sha256 }, mapping, known, paths, now, progress);
      progress.done(report);
      reports.push(report);
    }
    const changed = reports.some((r) => r.status === 'loaded');
    if (changed) {
      const t1 = performance.now();
      await buildModels(db.conn);
      await publish(paths, db);
      if (process.env.PSM_DEBUG) process.stderr.write(`  models + publish: ${Math.round(performance.now() - t1)} ms\n`);
    } else abandon(paths, db);
    return result(reports, changed);
  } catch (err) {
    abandon(paths, db);
    throw err;
  }
}

/**
 * One new file. A file that cannot be read or loaded at all (a truncated .gz, a read error) is
 * refused with its name and the reason, and the run carries on: one bad file must not stop a night.
 */
async function ingestOne(db: Db, id: FileId, mapping: ForceMapping, known: Set<string>, paths: WorkspacePaths, now: Date, progress: Progress): Promise<FileReport> {
  const path = id.path;
  progress.start(basename(path), statSync(path).size);
  let file: DecodedFile;
  try {
    file = decodeFile(path, id.sha256);
  } catch (err) {
    return refusedReport(id, `the file could not be read: ${(err as Error).message}`);
  }
  try {
    const { contract, refused } = identify(file, mapping);
    if (!contract) return refusedReport(file, refused!);
    const extractMapping = mapping.extracts[contract.name] ?? emptyMapping;
    const archivePath = archiveFile(paths.archive, path, file.sha256, file.isGzip);
    const report = await loadFile(db.conn, file, contract, fitHeader(file.header, contract, extractMapping), extractMapping, {
      dryRun: false, today: isoDate(now), receivedAt: now, archivePath, onStep: (s) => progress.step?.(s),
    });
    known.add(file.sha256);
    return report;
  } catch (err) {
    return refusedReport(file, `the file could not be loaded: ${(err as Error).message.split('\n')[0]}`);
  } finally {
    file.dispose();
  }
}

/** `psm check FILE`: the same validation, against the published warehouse's references, then rolled back. */
export async function checkFile(paths: WorkspacePaths, path: string, opts: IngestOptions = {}): Promise<FileReport> {
  const now = opts.now ?? new Date();
  const mapping = mappingFor(paths);
  const sha256 = sha256File(path);
  if ((await publishedHashes(paths)).has(sha256)) return unchangedReport({ path, sha256 });
  const file = decodeFile(path, sha256);
  const db = await openMemory();
  try {
    const { contract, refused } = identify(file, mapping);
    if (!contract) return refusedReport(file, refused!);
    await createSchema(db.conn);
    let referenceSchema: string | undefined;
    if (existsSync(paths.warehouse)) {
      await db.conn.run(`ATTACH ${sqlString(paths.warehouse)} AS published (READ_ONLY)`);
      referenceSchema = 'published';
    }
    const extractMapping = mapping.extracts[contract.name] ?? emptyMapping;
    return await loadFile(db.conn, file, contract, fitHeader(file.header, contract, extractMapping), extractMapping, {
      dryRun: true, today: isoDate(now), receivedAt: now, referenceSchema,
    });
  } finally {
    db.close();
    file.dispose();
  }
}


const isoDate = (d: Date) => d.toISOString().slice(0, 10);
