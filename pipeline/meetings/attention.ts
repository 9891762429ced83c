// What about the meetings needs a person now: a pack that failed (or a meeting that cannot be read,
// as the calendar says), and a printed pack older than its data — one printed before a file with
// data inside the meeting's period, of an extract it uses, arrived, while the meeting is still
// ahead. psm status says these and the Overview page shows them, so an unattended failure is seen
// where people look, not only in runs/runs.jsonl and psm run's exit status; a stale print past its
// lead time is also a failed step of the run (overtakenPacks, for schedule/stale-step.ts).
import { existsSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { WorkspacePaths } from '../config.ts';
import { monthEnd } from '../metrics/periods.ts';
import { packOccurrence } from '../schedule/due.ts';
import { DEFAULT_NIGHTLY_AT, parseNightlyTime } from '../schedule/schedule-config.ts';
import { openReadOnly, queryRows } from '../warehouse/duckdb.ts';
import { meetingCalendar } from './calendar.ts';
import { readMeetingEntries, type MeetingEntry } from './entries.ts';

export interface MeetingAlert {
  meeting: string;
  kind: 'failed' | 'stale';
  detail: string;
}

/** A loaded file as the ledger records it: enough to tell whether a pack has seen it. */
export interface ArrivedFile {
  file: string;
  /** Which extract it is (crimes, calls, ...): a pack is overtaken only by data of the extracts it uses. */
  extract: string;
  sha256: string;
  /** UTC, ISO. */
  receivedAt: string;
  /** The first day it holds data for (yyyy-mm-dd), if known. */
  periodStart: string | null;
}

/**
 * Every file whose rows the warehouse still holds, for staleAlerts: a file wholly replaced or
 * quarantined is in no pack's list of extracts (packs/pack-data.ts packSources), and adds no data.
 */
export async function arrivedFiles(conn: DuckDBConnection): Promise<ArrivedFile[]> {
  return queryRows<ArrivedFile>(
    conn,
    `SELECT file, extract, sha256, strftime(received_at, '%Y-%m-%dT%H:%M:%SZ') AS receivedAt,
    strftime(period_start, '%Y-%m-%d') AS periodStart FROM ledger WHERE loaded - superseded > 0 ORDER BY received_at, file`,
  );
}

/** A printed pack that data received since has overtaken: which print, and what to say. */
export interface StalePack {
  meetingId: string;
  /** The print's generatedAt (ISO): the run ledger records one failed step per stale print. */
  printedAt: string;
  detail: string;
}

function stalePack(e: MeetingEntry, files: readonly ArrivedFile[], now: Date): StalePack | null {
  const m = e.meeting;
  const manifest = e.pack.print === 'printed' ? e.pack.manifest : null;
  if (!m || !manifest || m.startsAt.getTime() <= now.getTime()) return null;
  const seen = new Set(manifest.extracts.map((x) => x.sha256));
  const kinds = new Set(manifest.extracts.map((x) => x.extract));
  const printedAt = Date.parse(manifest.generatedAt);
  const newer = files.filter(
    (f) =>
      !seen.has(f.sha256) &&
      (kinds.size === 0 || kinds.has(f.extract)) &&
      Date.parse(f.receivedAt) > printedAt &&
      (f.periodStart === null || f.periodStart <= monthEnd(m.dataTo)),
  );
  if (!newer.length) return null;
  const names =
    newer
      .slice(0, 3)
      .map((f) => f.file)
      .join(', ') + (newer.length > 3 ? ` and ${newer.length - 3} more` : '');
  return {
    meetingId: e.id,
    printedAt: manifest.generatedAt,
    detail: `printed ${manifest.generatedAt.slice(0, 16).replace('T', ' ')} UTC, before ${newer.length} file(s) with data to ${m.dataTo} arrived (${names}): psm pack ${e.id} prints it again`,
  };
}

/** Printed packs of meetings still ahead that a later file with data in their period (of an extract they use) has overtaken. */
export function staleAlerts(entries: readonly MeetingEntry[], files: readonly ArrivedFile[], now: Date): MeetingAlert[] {
  return entries.flatMap((e): MeetingAlert[] => {
    const s = stalePack(e, files, now);
    return s ? [{ meeting: e.id, kind: 'stale', detail: s.detail }] : [];
  });
}

/**
 * The stale packs an unattended run fails over: those past their lead time (the print the
 * recipients have). One printed earlier is printed again by the schedule at the lead time anyway.
 */
export function overtakenPacks(entries: readonly MeetingEntry[], files: readonly ArrivedFile[], now: Date): StalePack[] {
  return entries.flatMap((e) => {
    if (!e.input || packOccurrence(e.input).getTime() > now.getTime()) return [];
    const s = stalePack(e, files, now);
    return s ? [s] : [];
  });
}

/** overtakenPacks of the workspace, from its published warehouse (none without one). */
export async function readOvertakenPacks(paths: WorkspacePaths, now: Date): Promise<StalePack[]> {
  if (!existsSync(paths.warehouse)) return [];
  const db = await openReadOnly(paths.warehouse);
  let files: ArrivedFile[];
  try {
    files = await arrivedFiles(db.conn);
  } finally {
    db.close();
  }
  return overtakenPacks(readMeetingEntries(paths), files, now);
}

/** Failed and stale packs, by meeting: what psm status and the Overview page say. */
export function meetingAlerts(paths: WorkspacePaths, files: readonly ArrivedFile[], now: Date): MeetingAlert[] {
  const entries = readMeetingEntries(paths); // read once for both: every printed PDF is hashed on reading
  const failed = meetingCalendar(paths, now, parseNightlyTime(DEFAULT_NIGHTLY_AT), entries)
    .rows.filter((r) => r.status === 'failed')
    .map((r): MeetingAlert => ({ meeting: r.id, kind: 'failed', detail: r.detail }));
  return [...failed, ...staleAlerts(entries, files, now)];
}
