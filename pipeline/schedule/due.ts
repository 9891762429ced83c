// What should have run by now and has not: the heart of catch-up. node-cron only fires while the
// process is up and keeps no memory, so after the machine was off (a weekend, a patch reboot) cron
// alone would silently skip work. Instead every tick asks dueJobs, which compares the calendar with
// the run ledger; cron merely decides *when to ask*. A double fire or a missed fire by cron therefore
// cannot double or lose a run. Pure: same inputs, same answer; no clock, no files.
import { z } from 'zod';
import { addLocalDays, londonParts, londonToUtc } from './london-time.ts';
import type { RunRecord } from './run-ledger.ts';
import type { LocalTime } from './schedule-config.ts';

/** One meeting's pack: printed leadDays calendar days before the meeting starts (from the packs module). */
export interface MeetingPackInput {
  meetingId: string;
  startsAt: Date;
  leadDays: number;
}

export const meetingPackInputSchema = z.object({
  meetingId: z.string().min(1),
  startsAt: z.date(),
  leadDays: z.number().int().min(0),
});

/** Checks one meeting entry, with an error that names the meeting rather than a bare zod dump. */
export function validMeeting(input: MeetingPackInput): MeetingPackInput {
  const result = meetingPackInputSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  throw new Error(`schedule: meeting ${JSON.stringify(input?.meetingId)} has an invalid pack schedule (${problems})`);
}

export interface Schedule {
  /** Validated London wall time for the nightly ingest (see schedule-config.ts). */
  nightlyAt: LocalTime;
  meetings: readonly MeetingPackInput[];
}

export const INGEST_JOB = 'ingest';
export const packJobName = (meetingId: string): string => `pack:${meetingId}`;

export type DueJob =
  | { kind: 'ingest'; job: typeof INGEST_JOB; occurrence: Date }
  | { kind: 'pack'; job: string; meetingId: string; occurrence: Date };

/**
 * The most recent scheduled nightly instant at or before `now`. Only the latest counts: ingest takes
 * whatever is in the inbox, so three missed nights are caught up by one run, not three identical ones.
 */
export function latestNightlyOccurrence(now: Date, at: LocalTime): Date {
  const today = londonParts(now);
  const wall = { ...today, hour: at.hour, minute: at.minute, second: 0 };
  const todays = londonToUtc(wall);
  return todays.getTime() <= now.getTime() ? todays : londonToUtc(addLocalDays(wall, -1));
}

/**
 * When a meeting's pack is due: the meeting's London wall-clock start moved back leadDays calendar
 * days. Calendar days, not 24-hour blocks, so a 10:00 meeting gets its pack at 10:00 a week earlier
 * even when the clocks change in between (a 7 x 24 h subtraction would give 09:00 or 11:00).
 */
export function packOccurrence(meeting: MeetingPackInput): Date {
  return londonToUtc(addLocalDays(londonParts(meeting.startsAt), -meeting.leadDays));
}

/**
 * Every job whose scheduled time is <= now and has no 'ok' run recorded for that occurrence, ingest
 * first (packs should print from freshly ingested data), then packs by due time. A 'failed' run does
 * not count: the job stays due and is tried again on the next tick — up to MAX_FAILED_PASSES failed
 * passes for one occurrence, after which it waits for a person (it is in the ledger as failed, and a
 * fix that changes the meeting or a manual `psm pack` prints it). A meeting moved to a new date has a
 * new occurrence, so its pack prints again for the new date.
 */
/** Failed passes (each already retried with back-off) before a job stops being tried by itself. */
export const MAX_FAILED_PASSES = 3;

export function dueJobs(now: Date, schedule: Schedule, runLedger: readonly RunRecord[]): DueJob[] {
  const key = (job: string, occurrence: string) => `${job}\u0000${occurrence}`;
  const done = new Set(runLedger.filter((r) => r.status === 'ok').map((r) => key(r.job, r.occurrence)));
  const failures = new Map<string, number>();
  for (const r of runLedger) if (r.status === 'failed') failures.set(key(r.job, r.occurrence), (failures.get(key(r.job, r.occurrence)) ?? 0) + 1);
  const isDone = (job: string, occurrence: Date) => {
    const k = key(job, occurrence.toISOString());
    return done.has(k) || (failures.get(k) ?? 0) >= MAX_FAILED_PASSES;
  };
  const jobs: DueJob[] = [];

  const nightly = latestNightlyOccurrence(now, schedule.nightlyAt);
  if (!isDone(INGEST_JOB, nightly)) jobs.push({ kind: 'ingest', job: INGEST_JOB, occurrence: nightly });

  const packs: DueJob[] = [];
  for (const input of schedule.meetings) {
    const meeting = validMeeting(input);
    const occurrence = packOccurrence(meeting);
    const job = packJobName(meeting.meetingId);
    if (occurrence.getTime() <= now.getTime() && !isDone(job, occurrence)) {
      packs.push({ kind: 'pack', job, meetingId: meeting.meetingId, occurrence });
    }
  }
  packs.sort((a, b) => a.occurrence.getTime() - b.occurrence.getTime() || a.job.localeCompare(b.job));
  return [...jobs, ...packs];
}
