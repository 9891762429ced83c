// Ingest: every file in (default: the inbox), each validated, quarantined, archived and loaded in
// its own transaction on a building copy of the warehouse, which is published atomically at the end.
import { existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { WorkspacePaths } from '../config.ts';
import { MartBuild } from '../models/build.ts';
import { abandon, beginBuilding, publish, startingPointFailure } from '../warehouse/publish.ts';
import { sweepLeftovers } from './archive.ts';
import { inLoadOrder, mappingFor } from './identify.ts';
import { recognise, scanInputs, type Candidate } from './inbox.ts';
import { publishedLedger, type LedgerEntry } from './ledger.ts';
import { loadFiles, type LoadItem } from './load-files.ts';
import { silentProgress } from './progress.ts';
import type { IngestOptions } from './options.ts';
import { emptyReport, totals, type FileReport, type RunReport, type SkippedEntry } from './report.ts';
import { settings } from '../settings.ts';

export { checkFile } from './check-file.ts';

export type { IngestOptions } from './options.ts';

export const SETTLE_MS = 1000;

export async function ingest(paths: WorkspacePaths, inputs: string[] = [], opts: IngestOptions = {}): Promise<RunReport> {
  const t0 = performance.now();
  const now = opts.now ?? new Date();
  const progress = opts.progress ?? silentProgress;
  const mapping = mappingFor(paths);
  sweepLeftovers(paths.archive);
  const ledger = await publishedLedger(paths);
  const { items, deferred, skipped } = lookAtInputs(paths, inputs, opts.recheck ?? [], ledger);
  for (const r of deferred) progress.done(r);
  const known = new Set(ledger.keys());
  const result = (reports: FileReport[], published: boolean): RunReport => ({
    workspace: paths.root,
    warehouse: paths.warehouse,
    published,
    files: [...deferred, ...reports],
    skipped,
    totals: totals([...deferred, ...reports], skipped),
    ms: Math.round(performance.now() - t0),
  });
  // Files already in the warehouse are recognised by hash alone, before any decoding or copying.
  if (items.every((f) => known.has(f.sha256) && !f.recheck)) {
    const reports = items.map((f) => emptyReport(f, 'unchanged'));
    for (const r of reports) progress.done(r);
    return result(reports, false);
  }
  const db = await beginBuilding(paths, now);
  try {
    // A re-read replaces rows by file, not by key: incremental marts are then rebuilt whole.
    const marts = new MartBuild(Boolean(settings().debug), opts.recheck?.length ? null : { startingFiles: new Set(ledger.keys()) });
    marts.start(await db.connect());
    const reports = await loadFiles(db, items, known, {
      mapping,
      paths,
      now,
      progress,
      settleMs: opts.settleMs ?? SETTLE_MS,
      extractsDone: (done) => marts.allow(done),
    }).catch(async (err) => {
      await marts.cancel(); // nothing may still run when the database closes
      throw err;
    });
    const changed = reports.some((r) => r.status === 'loaded');
    if (changed) {
      const t1 = performance.now();
      await marts.finish([db.conn, await db.connect()]); // what is left of the marts, on three lanes
      await publish(paths, db);
      if (settings().debug) process.stderr.write(`  models + publish: ${Math.round(performance.now() - t1)} ms\n`);
    } else {
      await marts.cancel();
      const damaged = await startingPointFailure(db, null); // reported even when nothing was loaded
      if (damaged) throw damaged;
      abandon(paths, db);
    }
    return result(reports, changed);
  } catch (err) {
    abandon(paths, db);
    throw await startingPointFailure(db, err);
  }
}

/**
 * Every input looked at once and hashed: the files to load in load order (a re-read carrying the
 * ledger entry it replaces), those changing as they were hashed (deferred), and the entries not read.
 */
function lookAtInputs(paths: WorkspacePaths, inputs: string[], rechecks: string[], ledger: Map<string, LedgerEntry>) {
  const scanned = inputs.length || !rechecks.length ? scanInputs(inputs, paths.inbox) : { candidates: [], skipped: [] };
  const skipped: SkippedEntry[] = [...scanned.skipped];
  const candidates: Candidate[] = [...scanned.candidates];
  for (const r of rechecks) {
    const c = recheckCandidate(r, ledger);
    if ('why' in c) skipped.push(c);
    else candidates.push(c);
  }
  const items: LoadItem[] = [];
  const deferred: FileReport[] = [];
  for (const c of candidates) {
    const looked = recognise(c);
    if ('deferred' in looked) deferred.push(emptyReport({ ...c, sha256: '' }, 'deferred', looked.deferred));
    else if ('why' in looked) skipped.push(looked);
    else items.push(c.recheck ? { ...looked, replaces: ledger.get(looked.sha256) } : looked);
  }
  return { items: inLoadOrder(items), deferred, skipped };
}

/** A --recheck argument: a file on disk, else the name or hash of a file the ledger holds (read from the archive). */
function recheckCandidate(arg: string, ledger: Map<string, LedgerEntry>): Candidate | SkippedEntry {
  const skip = (why: string): SkippedEntry => ({ path: arg, file: basename(arg), why });
  if (existsSync(arg)) {
    if (statSync(arg).isDirectory()) return skip('a folder: --recheck takes files');
    const { candidates, skipped } = scanInputs([arg], arg);
    if (skipped.length) return skipped[0]!;
    if (candidates.length !== 1) return skip('a folder: --recheck takes files');
    return { ...candidates[0]!, recheck: true };
  }
  const byName = [...ledger.values()].filter(
    (e) => e.file === basename(arg) || (/^[0-9a-f]{8,64}$/i.test(arg) && e.sha256.startsWith(arg.toLowerCase())),
  );
  if (byName.length > 1)
    return skip(
      `${byName.length} files in the ledger answer to it (${byName.map((e) => e.sha256.slice(0, 12)).join(', ')}): give its path or more of its sha256`,
    );
  const entry = byName[0];
  if (!entry) return skip('no such file, and no file in the ledger has that name or sha256');
  if (!entry.archivePath || !existsSync(entry.archivePath))
    return skip(`the ledger has it, but its archived copy ${entry.archivePath ?? ''} is missing: give the file's path`);
  return { path: entry.archivePath, name: entry.file, source: entry.archivePath, recheck: true };
}
