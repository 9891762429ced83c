// Every meeting folder as the schedule and the calendar see it: read or not. A meeting that cannot
// be read used to drop out of the schedule with one warning on stderr — no pack, no ledger line,
// an exit status of 0. Here it stays in, with a start and lead time worked out from what can be
// read (the date is in its folder name), so its pack job falls due as usual and fails loudly.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkspacePaths } from '../config.ts';
import { loadMeeting, londonInstant, meetingIds, type Meeting } from '../packs/meeting.ts';
import type { MeetingPackInput } from '../schedule/due.ts';
import { readPackState, type PackState } from './pack-state.ts';

export interface MeetingEntry {
  id: string;
  /** The meeting, when it loads. */
  meeting: Meeting | null;
  /** Why it does not load (loadMeeting's message). */
  problem: string | null;
  /** What the scheduler is given; null when not even a date can be worked out. */
  input: MeetingPackInput | null;
  pack: PackState;
}

/** The longest lead time meeting.json allows: an unreadable meeting is treated as due from then. */
const LONGEST_LEAD_DAYS = 60;

/** The newest change to a folder's files, out/ aside (the renderer writes there). */
function newestChange(dir: string): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.name !== 'out')
    .reduce((t, d) => Math.max(t, d.isDirectory() ? newestChange(join(dir, d.name)) : statSync(join(dir, d.name)).mtimeMs), 0);
}

/** Start and lead time of a meeting whose file does not load: from its folder name and whatever fields still read. */
function estimate(dir: string, id: string): { startsAt: Date; leadDays: number } | null {
  const date = /^(\d{4}-\d{2}-\d{2})-/.exec(id)?.[1];
  if (!date || Number.isNaN(Date.parse(`${date}T12:00:00Z`)) || new Date(`${date}T12:00:00Z`).toISOString().slice(0, 10) !== date) return null;
  let raw: { time?: unknown; leadDays?: unknown } = {};
  try {
    raw = JSON.parse(readFileSync(join(dir, 'meeting.json'), 'utf8')) as typeof raw;
  } catch {
    // not JSON at all: the folder name is all there is
  }
  const time = typeof raw?.time === 'string' && /^([01]\d|2[0-3]):[0-5]\d$/.test(raw.time) ? raw.time : '00:00';
  const lead = Number.isInteger(raw?.leadDays) && (raw.leadDays as number) >= 0 && (raw.leadDays as number) <= LONGEST_LEAD_DAYS ? (raw.leadDays as number) : LONGEST_LEAD_DAYS;
  return { startsAt: londonInstant(date, time), leadDays: lead };
}

function entry(paths: WorkspacePaths, id: string, dataChangedAt: number): MeetingEntry {
  const dir = join(paths.reports, id);
  const pack = readPackState(dir, id);
  const changedAt = new Date(Math.max(newestChange(dir), dataChangedAt));
  const printed = pack.print === 'printed' && pack.manifest ? { printedDraft: pack.manifest.draft, printedAt: new Date(pack.manifest.generatedAt) } : {};
  try {
    const m = loadMeeting(paths.reports, id);
    return { id, meeting: m, problem: null, pack, input: { meetingId: id, startsAt: m.startsAt, leadDays: m.leadDays, releaseAt: m.releaseInstant, changedAt, ...printed } };
  } catch (err) {
    const problem = (err as Error).message;
    const guess = estimate(dir, id);
    return { id, meeting: null, problem, pack, input: guess && { meetingId: id, ...guess, unreadable: problem, changedAt } };
  }
}

/** Every meeting folder of the workspace, read or not, with what out/ holds. */
export function readMeetingEntries(paths: WorkspacePaths): MeetingEntry[] {
  // New data can cure a failure (dataTo after the data): a publish counts as a change too.
  const dataChangedAt = existsSync(paths.warehouse) ? statSync(paths.warehouse).mtimeMs : 0;
  return meetingIds(paths.reports).map((id) => entry(paths, id, dataChangedAt));
}

/** The scheduler's list of meetings: every one with a date, readable or not. */
export function scheduleInputs(paths: WorkspacePaths): MeetingPackInput[] {
  return readMeetingEntries(paths).flatMap((e) => (e.input ? [e.input] : []));
}
