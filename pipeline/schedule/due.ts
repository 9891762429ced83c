// What should have run by now and has not: the heart of catch-up. node-cron only fires while the
// process is up and keeps no memory, so after the machine was off (a weekend, a patch reboot) cron
// alone would silently skip work. Instead every tick asks dueJobs, which compares the calendar with
// the run ledger; cron merely decides *when to ask*. A double fire or a missed fire by cron therefore
// cannot double or lose a run. Pure: same inputs, same answer; no clock, no files.
import { z } from 'zod';
import { addLocalDays, londonParts, londonToUtc } from '../time/london-time.ts';
import type { RunRecord } from './run-ledger.ts';
import type { LocalTime } from './schedule-config.ts';

/** One meeting's pack: printed leadDays calendar days before the meeting starts (from the packs module). */
export interface MeetingPackInput {
  meetingId: string;
  startsAt: Date;
  leadDays: number;
  /** When the pack may be published. With `printedDraft`, a release time that has passed reprints it. */
  releaseAt?: Date;
  /** The meeting's current print (its manifest, for this very meeting) carries the DRAFT marking. */
  printedDraft?: boolean;
  /** When that print was made: a print at or after the lead time does the lead job's work. */
  printedAt?: Date;
  /**
   * The meeting cannot be read (the message says why): its pack job is due as usual, from a start and
   * lead time worked out from what can be read, and fails loudly instead of silently dropping out.
   */
  unreadable?: string;
  /** When the meeting's files (or the data) last changed: failures before it no longer count toward giving up. */
  changedAt?: Date;
  /** The pack is to be emailed at the lead time (delivery.json names recipients for it, or cannot be read). */
  deliver?: boolean;
  /** Why the printed pack may not be sent or released yet (it awaits approval). */
  held?: string;
}

export const meetingPackInputSchema = z.object({
  meetingId: z.string().min(1),
  startsAt: z.date(),
  leadDays: z.number().int().min(0),
  releaseAt: z.date().optional(),
  printedDraft: z.boolean().optional(),
  printedAt: z.date().optional(),
  unreadable: z.string().optional(),
  changedAt: z.date().optional(),
  deliver: z.boolean().optional(),
  held: z.string().optional(),
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
/** The print after the release time, without the DRAFT marking, of a pack first printed before it. */
export const reprintJobName = (meetingId: string): string => `reprint:${meetingId}`;

/** The email with the link to the pack, sent once the lead-time print is done. */
export const deliverJobName = (meetingId: string): string => `deliver:${meetingId}`;

export type DueJob =
  | { kind: 'ingest'; job: typeof INGEST_JOB; occurrence: Date }
  | { kind: 'pack'; job: string; meetingId: string; occurrence: Date; reason?: 'lead' | 'release' }
  | { kind: 'deliver'; job: string; meetingId: string; occurrence: Date };

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

/** Failed passes (each already retried with back-off) before a job stops being tried by itself. */
export const MAX_FAILED_PASSES = 3;

/** Where one meeting's pack stands: the job it needs next, and whether that job is due now. */
export type PackPlan =
  | { state: 'done' }
  | { state: 'scheduled' | 'due'; job: string; reason: 'lead' | 'release'; occurrence: Date }
  /** Failed MAX_FAILED_PASSES times for this occurrence: waits for a person (an edit, new data or psm pack). */
  | { state: 'waiting'; job: string; reason: 'lead' | 'release'; occurrence: Date; failures: number; error: string | null };

type Ledger = readonly RunRecord[];

function occurrenceRuns(ledger: Ledger, job: string, occurrence: Date, since?: Date) {
  const at = occurrence.toISOString();
  const runs = ledger.filter((r) => r.job === job && r.occurrence === at);
  const failed = runs.filter((r) => r.status === 'failed' && (!since || Date.parse(r.finishedAt) >= since.getTime()));
  return { ok: runs.some((r) => r.status === 'ok'), failures: failed.length, error: failed.at(-1)?.error ?? null };
}

function planJob(now: Date, job: string, reason: 'lead' | 'release', occurrence: Date, ledger: Ledger, since?: Date): PackPlan | null {
  if (occurrence.getTime() > now.getTime()) return { state: 'scheduled', job, reason, occurrence };
  const runs = occurrenceRuns(ledger, job, occurrence, since);
  if (runs.ok) return null;
  if (runs.failures >= MAX_FAILED_PASSES) return { state: 'waiting', job, reason, occurrence, failures: runs.failures, error: runs.error };
  return { state: 'due', job, reason, occurrence };
}

/**
 * One meeting's next pack job. First the print at the lead time (done by an 'ok' run for that
 * occurrence, or by a print made at or after it); then, if the print carries the DRAFT marking, the
 * reprint at the release time, so the pack in public is never the draft. An unreadable meeting's
 * job is due like any other until the day of the meeting has passed, and fails when it runs.
 */
export function packPlan(now: Date, input: MeetingPackInput, ledger: Ledger): PackPlan {
  const m = validMeeting(input);
  if (m.unreadable && now.getTime() >= m.startsAt.getTime() + 86_400_000) return { state: 'done' }; // the meeting is over
  const lead = packOccurrence(m);
  const printedSince = m.printedAt !== undefined && m.printedAt.getTime() >= lead.getTime();
  const leadPlan = printedSince && !m.unreadable ? null : planJob(now, packJobName(m.meetingId), 'lead', lead, ledger, m.changedAt);
  if (leadPlan) return leadPlan;
  if (m.releaseAt && m.printedDraft && !m.unreadable) {
    return planJob(now, reprintJobName(m.meetingId), 'release', m.releaseAt, ledger, m.changedAt) ?? { state: 'done' };
  }
  return { state: 'done' };
}

/** Where one meeting's delivery stands; held: printed, but it awaits approval. */
export type DeliveryPlan = PackPlan | { state: 'held'; job: string; reason: 'lead'; occurrence: Date; why: string };

/**
 * The email of a meeting's pack: due once the lead-time print is done (an 'ok' pack run for that
 * occurrence, or a print made since), until the meeting starts — after that nobody reads a pack,
 * and `psm meeting send` is the way. Done by an 'ok' deliver run for the lead occurrence.
 */
export function deliveryPlan(now: Date, input: MeetingPackInput, ledger: Ledger): DeliveryPlan {
  const m = validMeeting(input);
  if (!m.deliver || m.unreadable) return { state: 'done' };
  const lead = packOccurrence(m);
  const job = deliverJobName(m.meetingId);
  if (lead.getTime() > now.getTime()) return { state: 'scheduled', job, reason: 'lead', occurrence: lead };
  const printed =
    occurrenceRuns(ledger, packJobName(m.meetingId), lead).ok || (m.printedAt !== undefined && m.printedAt.getTime() >= lead.getTime());
  if (!printed || now.getTime() >= m.startsAt.getTime()) return { state: 'done' };
  if (occurrenceRuns(ledger, job, lead).ok) return { state: 'done' };
  if (m.held) return { state: 'held', job, reason: 'lead', occurrence: lead, why: m.held };
  return planJob(now, job, 'lead', lead, ledger, m.changedAt) ?? { state: 'done' };
}

/**
 * Every job whose scheduled time is <= now and has no 'ok' run recorded for that occurrence, ingest
 * first (packs should print from freshly ingested data), then packs by due time. A 'failed' run does
 * not count: the job stays due and is tried again on the next tick — up to MAX_FAILED_PASSES failed
 * passes for one occurrence, after which it waits for a person (it is in the ledger as failed, and a
 * fix that changes the meeting or a manual `psm pack` prints it). A meeting moved to a new date has a
 * new occurrence, so its pack prints again for the new date.
 */
export function dueJobs(now: Date, schedule: Schedule, runLedger: readonly RunRecord[]): DueJob[] {
  const key = (job: string, occurrence: string) => `${job}\u0000${occurrence}`;
  const done = new Set(runLedger.filter((r) => r.status === 'ok').map((r) => key(r.job, r.occurrence)));
  const failures = new Map<string, number>();
  for (const r of runLedger)
    if (r.status === 'failed') failures.set(key(r.job, r.occurrence), (failures.get(key(r.job, r.occurrence)) ?? 0) + 1);
  const jobs: DueJob[] = [];
  const nightly = latestNightlyOccurrence(now, schedule.nightlyAt);
  const nightlyKey = key(INGEST_JOB, nightly.toISOString());
  if (!done.has(nightlyKey) && (failures.get(nightlyKey) ?? 0) < MAX_FAILED_PASSES)
    jobs.push({ kind: 'ingest', job: INGEST_JOB, occurrence: nightly });

  const packs: DueJob[] = [];
  for (const input of schedule.meetings) {
    const plan = packPlan(now, input, runLedger);
    if (plan.state === 'due')
      packs.push({ kind: 'pack', job: plan.job, meetingId: input.meetingId, occurrence: plan.occurrence, reason: plan.reason });
    const send = deliveryPlan(now, input, runLedger);
    if (send.state === 'due') packs.push({ kind: 'deliver', job: send.job, meetingId: input.meetingId, occurrence: send.occurrence });
  }
  packs.sort((a, b) => a.occurrence.getTime() - b.occurrence.getTime() || a.job.localeCompare(b.job));
  return [...jobs, ...packs];
}

/** The pack jobs that have given up and wait for a person: an unattended run reports them as failed until then. */
export function waitingJobs(
  now: Date,
  schedule: Schedule,
  runLedger: readonly RunRecord[],
): (Extract<PackPlan, { state: 'waiting' }> & { meetingId: string })[] {
  return schedule.meetings.flatMap((input) =>
    [packPlan(now, input, runLedger), deliveryPlan(now, input, runLedger)].flatMap((plan) =>
      plan.state === 'waiting' ? [{ ...plan, meetingId: input.meetingId }] : [],
    ),
  );
}
