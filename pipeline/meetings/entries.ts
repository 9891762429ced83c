// Every meeting folder as the schedule and the calendar see it: read or not. A meeting that cannot
// be read used to drop out of the schedule with one warning on stderr — no pack, no ledger line,
// an exit status of 0. Here it stays in, with a start and lead time worked out from what can be
// read (the date is in its folder name), so its pack job falls due as usual and fails loudly.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkspacePaths } from '../config.ts';
import { loadMeeting, londonInstant, meetingIds, type Meeting } from '../packs/meeting.ts';
import type { MeetingPackInput } from '../schedule/due.ts';
import { approvalHold } from '../delivery/approval.ts';
import { readDeliveryConfig, recipientsFor, type DeliveryConfig } from '../delivery/config.ts';
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
  /** Who the pack is emailed to: a count, or why delivery.json (or this meeting's lists) cannot be used; null: not emailed. */
  delivery: { recipients: number } | { problem: string } | null;
  /** Why the printed pack may not be sent or released yet (it awaits approval). */
  held: string | null;
}

type Delivery = { config: DeliveryConfig | null } | { problem: string };

function readDelivery(paths: WorkspacePaths): Delivery {
  try {
    return { config: readDeliveryConfig(paths.delivery) };
  } catch (err) {
    return { problem: (err as Error).message };
  }
}

/** This meeting's delivery: a config that cannot be read is kept, so its delivery fails loudly. */
function meetingDelivery(d: Delivery, m: Meeting): MeetingEntry['delivery'] {
  if ('problem' in d) return { problem: d.problem };
  if (!d.config) return null;
  try {
    const n = recipientsFor(d.config, m).length;
    return n ? { recipients: n } : null;
  } catch (err) {
    return { problem: (err as Error).message };
  }
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
  if (!date || Number.isNaN(Date.parse(`${date}T12:00:00Z`)) || new Date(`${date}T12:00:00Z`).toISOString().slice(0, 10) !== date)
    return null;
  let raw: { time?: unknown; leadDays?: unknown } = {};
  try {
    raw = JSON.parse(readFileSync(join(dir, 'meeting.json'), 'utf8')) as typeof raw;
  } catch {
    // not JSON at all: the folder name is all there is
  }
  const time = typeof raw?.time === 'string' && /^([01]\d|2[0-3]):[0-5]\d$/.test(raw.time) ? raw.time : '00:00';
  const lead =
    Number.isInteger(raw?.leadDays) && (raw.leadDays as number) >= 0 && (raw.leadDays as number) <= LONGEST_LEAD_DAYS
      ? (raw.leadDays as number)
      : LONGEST_LEAD_DAYS;
  return { startsAt: londonInstant(date, time), leadDays: lead };
}

function entry(paths: WorkspacePaths, id: string, dataChangedAt: number, d: Delivery): MeetingEntry {
  const dir = join(paths.reports, id);
  const pack = readPackState(dir, id);
  const changedAt = new Date(Math.max(newestChange(dir), dataChangedAt));
  const printed =
    pack.print === 'printed' && pack.manifest ? { printedDraft: pack.manifest.draft, printedAt: new Date(pack.manifest.generatedAt) } : {};
  try {
    const m = loadMeeting(paths.reports, id);
    const delivery = meetingDelivery(d, m);
    const held = approvalHold(m, pack.print === 'printed' ? pack.manifest : null);
    const input: MeetingPackInput = {
      meetingId: id,
      startsAt: m.startsAt,
      leadDays: m.leadDays,
      releaseAt: m.releaseInstant,
      changedAt,
      ...printed,
      deliver: delivery !== null,
      ...(held ? { held } : {}),
    };
    return { id, meeting: m, problem: null, pack, input, delivery, held };
  } catch (err) {
    const problem = (err as Error).message;
    const guess = estimate(dir, id);
    return {
      id,
      meeting: null,
      problem,
      pack,
      input: guess && { meetingId: id, ...guess, unreadable: problem, changedAt },
      delivery: null,
      held: null,
    };
  }
}

/** Every meeting folder of the workspace, read or not, with what out/ holds. */
export function readMeetingEntries(paths: WorkspacePaths): MeetingEntry[] {
  // New data can cure a failure (dataTo after the data): a publish counts as a change too.
  const dataChangedAt = existsSync(paths.warehouse) ? statSync(paths.warehouse).mtimeMs : 0;
  const delivery = readDelivery(paths);
  return meetingIds(paths.reports).map((id) => entry(paths, id, dataChangedAt, delivery));
}

/** The scheduler's list of meetings: every one with a date, readable or not. */
export function scheduleInputs(paths: WorkspacePaths): MeetingPackInput[] {
  return readMeetingEntries(paths).flatMap((e) => (e.input ? [e.input] : []));
}
