// `psm meeting list`: the calendar an analyst plans by — each meeting's date, title and data, where
// its pack stands (draft, printed, released, failed) and what the schedule will do next and when,
// worked out by the same code that decides what runs (schedule/due.ts), from the same run ledger.
import { join } from 'node:path';
import type { WorkspacePaths } from '../config.ts';
import { deliveryPlan, latestNightlyOccurrence, packPlan, type PackPlan } from '../schedule/due.ts';
import { formatLondon } from '../time/london-time.ts';
import { readRunLedger, type RunRecord } from '../schedule/run-ledger.ts';
import type { LocalTime } from '../schedule/schedule-config.ts';
import { deliveryStatus, type DeliveryStatus } from './delivery-status.ts';
import { readMeetingEntries, type MeetingEntry } from './entries.ts';

export type MeetingStatus = 'draft' | 'printed' | 'released' | 'failed';

export interface CalendarRow {
  id: string;
  date: string;
  time: string | null;
  title: string | null;
  dataTo: string | null;
  status: MeetingStatus;
  /** The status in words: why it failed, until when it is embargoed. */
  detail: string;
  /** What the schedule does next for this meeting, and when (ISO; null: at the next pass, or never). */
  next: { action: string; at: string | null } | null;
  /** The PDF, when this meeting's own pack is printed. */
  pdf: string | null;
  /** For a meeting that requires approval: whether the print in out/ has it (null: none required). */
  approval: { state: 'approved' | 'awaiting'; detail: string } | null;
  /** Where the pack's email stands (null: it is not emailed). */
  delivery: DeliveryStatus | null;
  /** What `psm meeting check` finds now (set by the command, which reads the warehouse once for all). */
  check?: { errors: number; warnings: number };
}

export interface Calendar {
  rows: CalendarRow[];
  /** The next nightly ingest (ISO), or null when tonight's is still due (it runs at the next pass). */
  nextIngest: string | null;
}

const firstLine = (s: string | null | undefined): string =>
  (s ?? '')
    .split('\n')
    .find((l) => l.trim())
    ?.trim() ?? '';

function nextAction(plan: PackPlan, id: string): CalendarRow['next'] {
  if (plan.state === 'done') return null;
  const what = plan.reason === 'lead' ? 'print the pack' : 'reprint the pack without its DRAFT marking';
  if (plan.state !== 'waiting') {
    return plan.state === 'scheduled'
      ? { action: what, at: plan.occurrence.toISOString() }
      : { action: `${what} at the next pass (due ${formatLondon(plan.occurrence)})`, at: null };
  }
  return { action: `nothing until it is fixed: failed ${plan.failures} times (psm meeting check ${id}, then psm pack ${id})`, at: null };
}

function status(e: MeetingEntry, plan: PackPlan, ledger: readonly RunRecord[], now: Date): Pick<CalendarRow, 'status' | 'detail'> {
  if (e.problem) {
    // The loader's message may already say which command gives the line and column: say it once.
    const why = firstLine(e.problem);
    return { status: 'failed', detail: `cannot be read: ${why}${why.includes('psm meeting check') ? '' : ` (psm meeting check ${e.id})`}` };
  }
  if (plan.state === 'waiting') return { status: 'failed', detail: firstLine(plan.error) };
  const lastRun = ledger.filter((r) => r.job.endsWith(`:${e.id}`)).at(-1);
  if (plan.state === 'due' && lastRun?.status === 'failed')
    return { status: 'failed', detail: `last try failed, tried again at the next pass: ${firstLine(lastRun.error)}` };
  if (e.pack.failed)
    return {
      status: 'failed',
      detail: `the last print failed (${e.pack.failed.at.slice(0, 16).replace('T', ' ')} UTC): ${firstLine(e.pack.failed.reasons[0])}`,
    };
  const release = e.meeting!.releaseInstant;
  const forPublication =
    e.pack.print === 'printed' && e.pack.draft === false
      ? `printed for publication ${e.pack.manifest!.generatedAt.slice(0, 16).replace('T', ' ')} UTC`
      : null;
  if (forPublication && e.held)
    return {
      status: 'printed',
      detail: `${forPublication}; withheld from the public until it is approved (psm meeting approve ${e.id} --by NAME)`,
    };
  if (forPublication) return { status: 'released', detail: forPublication };
  if (e.pack.print === 'printed') {
    return now.getTime() < release.getTime()
      ? { status: 'printed', detail: `marked DRAFT, embargoed until ${formatLondon(release)}` }
      : { status: 'printed', detail: 'release time passed: the DRAFT print is withheld from the public until it is reprinted' };
  }
  return { status: 'draft', detail: e.pack.why ?? 'not printed yet' };
}

function approvalStatus(e: MeetingEntry): CalendarRow['approval'] {
  if (!e.meeting?.requiresApproval) return null;
  const a = e.pack.print === 'printed' ? e.pack.manifest?.approval : undefined;
  if (!e.held && a)
    return { state: 'approved', detail: `by ${a.by} at ${formatLondon(new Date(a.at))} (print SHA-256 ${a.printedSha256.slice(0, 12)}…)` };
  return { state: 'awaiting', detail: `${e.held ?? 'not approved'}; the pack is neither sent nor released until then` };
}

/** The next nightly ingest after the latest one, or null when the latest has not run yet. */
function nextIngest(now: Date, nightlyAt: LocalTime, ledger: readonly RunRecord[]): string | null {
  const latest = latestNightlyOccurrence(now, nightlyAt);
  if (!ledger.some((r) => r.job === 'ingest' && r.status === 'ok' && r.occurrence === latest.toISOString())) return null;
  return latestNightlyOccurrence(new Date(latest.getTime() + 25 * 3600_000), nightlyAt).toISOString();
}

/** `entries`: the meeting folders as already read (default: read them now). */
export function meetingCalendar(paths: WorkspacePaths, now: Date, nightlyAt: LocalTime, entries = readMeetingEntries(paths)): Calendar {
  const ledger = readRunLedger(join(paths.runs, 'runs.jsonl')).records;
  const rows = entries.map((e): CalendarRow => {
    const plan: PackPlan = e.input ? packPlan(now, e.input, ledger) : { state: 'done' };
    return {
      id: e.id,
      date: e.meeting?.date ?? e.id.slice(0, 10),
      time: e.meeting?.time ?? null,
      title: e.meeting?.shortTitle ?? null,
      dataTo: e.meeting?.dataTo ?? null,
      ...status(e, plan, ledger, now),
      next: nextAction(plan, e.id),
      pdf: e.pack.print === 'printed' ? join(paths.reports, e.id, 'out', 'pack.pdf') : null,
      approval: approvalStatus(e),
      delivery: deliveryStatus(e, e.input ? deliveryPlan(now, e.input, ledger) : { state: 'done' }, ledger),
    };
  });
  return { rows, nextIngest: nextIngest(now, nightlyAt, ledger) };
}

/** The calendar as a table for the terminal. */
export function describeCalendar(c: Calendar): string {
  if (!c.rows.length) return 'No meetings yet: psm meeting new <YYYY-MM-DD-name> --like <meeting-id>';
  const when = (iso: string | null) => (iso ? formatLondon(new Date(iso)) : '');
  const lines = c.rows.map((r) =>
    [
      `${r.date} ${r.time ?? '--:--'}  ${r.id}  ${r.status.toUpperCase()}`,
      `    ${r.title ?? '(title unreadable)'}${r.dataTo ? `; data to ${r.dataTo}` : ''}`,
      `    ${r.detail}`,
      `    next: ${r.next ? `${r.next.action}${r.next.at ? ` at ${when(r.next.at)}` : ''}` : 'nothing'}`,
      ...(r.approval ? [`    approval: ${r.approval.state.toUpperCase()}: ${r.approval.detail}`] : []),
      ...(r.delivery ? [`    delivery: ${r.delivery.state.toUpperCase()}: ${r.delivery.detail}`] : []),
      ...(r.check && r.check.errors + r.check.warnings
        ? [
            `    check: ${r.check.errors} error(s), ${r.check.warnings} warning(s)${r.check.errors ? ': it will not print until they are fixed' : ''} (psm meeting check ${r.id})`,
          ]
        : []),
    ].join('\n'),
  );
  lines.push(`Nightly ingest: ${c.nextIngest ? `next at ${when(c.nextIngest)}` : 'due now (runs at the next pass)'}`);
  return lines.join('\n');
}
