// What a pass of the schedule is given: the clock, the ledger and lock files, and the jobs it may
// run. A module of its own so the jobs (delivery-job.ts) and the pass that runs them (scheduler.ts)
// both read it without importing each other.
import type { Clock } from './clock.ts';
import type { MeetingPackInput } from './due.ts';
import type { LockOptions } from './lock.ts';
import type { RetryPolicy } from './retry.ts';
import type { DeliveryResult } from './run-ledger.ts';
import type { LocalTime } from './schedule-config.ts';

/** A print that data received since would change: which meeting, which print, and what to say. */
export interface StalePrint {
  meetingId: string;
  /** The print's time (its manifest's generatedAt). */
  printedAt: string;
  detail: string;
}

export interface RunDeps {
  clock: Clock;
  /** runs/runs.jsonl */
  ledgerPath: string;
  /** runs/psm.lock */
  lockPath: string;
  /** From parseNightlyTime: already checked to be outside 01:00-02:59. */
  nightlyAt: LocalTime;
  /** Read on every pass, so a meeting added or moved while the daemon runs is picked up. */
  meetings: () => readonly MeetingPackInput[] | Promise<readonly MeetingPackInput[]>;
  ingest: () => Promise<void>;
  pack: (meetingId: string) => Promise<void>;
  /** Emails a meeting's printed pack to its recipients, except those in `skip` (sent by an earlier pass). */
  deliver?: (meetingId: string, opts: { skip: ReadonlySet<string> }) => Promise<DeliveryResult>;
  /** Printed packs past their lead time that data received since has overtaken (schedule/stale-step.ts). */
  stalePacks?: (now: Date) => Promise<readonly StalePrint[]>;
  retry?: RetryPolicy;
  lock?: Pick<LockOptions, 'maxAgeMs' | 'settleMs'>;
  /** Log lines (stderr by default: stdout is for results). */
  log?: (line: string) => void;
}
