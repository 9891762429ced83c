// What about the meetings needs a person now: a pack that failed (or a meeting that cannot be read,
// as the calendar says), and a printed pack older than its data — one printed before a file with
// data inside the meeting's period arrived, while the meeting is still ahead. psm status says these
// and the Overview page shows them, so an unattended failure is seen where people look, not only in
// runs/runs.jsonl and psm run's exit status.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { WorkspacePaths } from '../config.ts';
import { monthEnd } from '../metrics/periods.ts';
import { DEFAULT_NIGHTLY_AT, parseNightlyTime } from '../schedule/schedule-config.ts';
import { queryRows } from '../warehouse/duckdb.ts';
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
  sha256: string;
  /** UTC, ISO. */
  receivedAt: string;
  /** The first day it holds data for (yyyy-mm-dd), if known. */
  periodStart: string | null;
}

/** Every file the warehouse holds, for staleAlerts. */
export async function arrivedFiles(conn: DuckDBConnection): Promise<ArrivedFile[]> {
  return queryRows<ArrivedFile>(
    conn,
    `SELECT file, sha256, strftime(received_at, '%Y-%m-%dT%H:%M:%SZ') AS receivedAt,
    strftime(period_start, '%Y-%m-%d') AS periodStart FROM ledger ORDER BY received_at, file`,
  );
}

/** Printed packs of meetings still ahead that a later file with data in their period has overtaken. */
export function staleAlerts(entries: readonly MeetingEntry[], files: readonly ArrivedFile[], now: Date): MeetingAlert[] {
  return entries.flatMap((e): MeetingAlert[] => {
    const m = e.meeting;
    const manifest = e.pack.print === 'printed' ? e.pack.manifest : null;
    if (!m || !manifest || m.startsAt.getTime() <= now.getTime()) return [];
    const seen = new Set(manifest.extracts.map((x) => x.sha256));
    const printedAt = Date.parse(manifest.generatedAt);
    const newer = files.filter(
      (f) => !seen.has(f.sha256) && Date.parse(f.receivedAt) > printedAt && (f.periodStart === null || f.periodStart <= monthEnd(m.dataTo)),
    );
    if (!newer.length) return [];
    const names =
      newer
        .slice(0, 3)
        .map((f) => f.file)
        .join(', ') + (newer.length > 3 ? ` and ${newer.length - 3} more` : '');
    return [
      {
        meeting: e.id,
        kind: 'stale',
        detail: `printed ${manifest.generatedAt.slice(0, 16).replace('T', ' ')} UTC, before ${newer.length} file(s) with data to ${m.dataTo} arrived (${names}): psm pack ${e.id} prints it again`,
      },
    ];
  });
}

/** Failed and stale packs, by meeting: what psm status and the Overview page say. */
export function meetingAlerts(paths: WorkspacePaths, files: readonly ArrivedFile[], now: Date): MeetingAlert[] {
  const entries = readMeetingEntries(paths); // read once for both: every printed PDF is hashed on reading
  const failed = meetingCalendar(paths, now, parseNightlyTime(DEFAULT_NIGHTLY_AT), entries)
    .rows.filter((r) => r.status === 'failed')
    .map((r): MeetingAlert => ({ meeting: r.id, kind: 'failed', detail: r.detail }));
  return [...failed, ...staleAlerts(entries, files, now)];
}
