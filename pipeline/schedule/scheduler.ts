// The two entry points the commands use. runDue: one pass of "run whatever is due", under the
// workspace lock, each run retried and recorded (what `psm run` does, and every scheduler tick).
// startSchedule: a long-lived process (`psm schedule`) that asks runDue at the nightly time and every
// 15 minutes, and once at start so anything missed while the machine was off is caught up at once.
import cron, { type Logger, type ScheduledTask } from 'node-cron';
import type { Clock } from './clock.ts';
import { deliveryPlan, dueJobs, validMeeting, waitingJobs, type DueJob, type MeetingPackInput } from './due.ts';
import { withLock, type LockInfo, type LockOptions } from './lock.ts';
import { formatLondon, LONDON } from '../time/london-time.ts';
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from './retry.ts';
import { runDeliveryJob } from './delivery-job.ts';
import type { RunDeps } from './run-deps.ts';
import { staleSteps, type StaleJob } from './stale-step.ts';
import { appendRun, readRunLedger, type DeliveryResult, type RunRecord } from './run-ledger.ts';
import type { LocalTime } from './schedule-config.ts';

export interface RunDueOptions {
  /**
   * `psm run` means "ingest now": run ingest even if tonight's run is already done. It is recorded with
   * occurrence = now, which never satisfies a nightly occurrence, so the nightly run still happens.
   */
  forceIngest?: boolean;
}

/** A pack job that failed MAX_FAILED_PASSES times and is no longer tried by itself. */
export interface WaitingJob {
  job: string;
  meetingId: string;
  occurrence: string;
  failures: number;
  error: string | null;
}

export type RunDueResult =
  | { status: 'busy'; holder: LockInfo | null }
  /** `waiting`: still failed after this pass and waiting for a person — a run with any is not a success. */
  | { status: 'ran'; runs: RunRecord[]; warnings: string[]; waiting: WaitingJob[]; held?: HeldJob[]; stale?: StaleJob[] };

/** A delivery the schedule holds back: the print awaits approval (present only when there is one). */
export interface HeldJob {
  job: string;
  meetingId: string;
  why: string;
}

/**
 * An error no retry can cure (a meeting that fails its check stays failed until someone edits
 * it): the job is recorded failed at once instead of after minutes of back-off.
 */
export const isPermanent = (e: unknown): boolean => (e as { retryable?: unknown } | null)?.retryable === false;

const stderrLog = (line: string): void => void process.stderr.write(line + '\n');

/** "ingest (due 1 Dec 2026 03:30 GMT; catching up, it had not run)": a run for a past time is catch-up. */
function describeJob(job: DueJob, now: Date): string {
  // Over a quarter of an hour late: a machine that was off, not a pack queued behind tonight's ingest.
  const late = now.getTime() - new Date(job.occurrence).getTime() > 15 * 60_000;
  return `${job.job} (due ${formatLondon(job.occurrence)}${late ? '; catching up, it had not run' : ''})`;
}

/**
 * Runs every due job in order, ingest first, each with retry, each recorded in the ledger as it
 * finishes (so a crash part-way loses only the job in hand, which stays due). A failed ingest does
 * not stop the packs: they print from the last published warehouse, and the ledger shows the failure.
 * Returns 'busy' without running anything if another live process holds the lock.
 */
export async function runDue(now: Date, deps: RunDeps, options: RunDueOptions = {}): Promise<RunDueResult> {
  const log = deps.log ?? stderrLog;
  let holder: LockInfo | null = null;
  const outcome = await withLock(
    deps.lockPath,
    async () => {
      const warnings: string[] = [];
      // Read under the lock: another process may have just finished a job we would otherwise repeat.
      const ledger = readRunLedger(deps.ledgerPath);
      if (ledger.skippedLines.length > 0) {
        warnings.push(`run ledger ${deps.ledgerPath}: skipped unreadable line(s) ${ledger.skippedLines.join(', ')} (torn by a crash)`);
      }
      const meetings = await loadMeetings(deps, warnings);
      for (const w of warnings) log(`schedule: ${w}`);
      const rounds = await runRounds(now, deps, ledger.records, meetings, options, log);
      const { meetings: latest } = rounds;
      const checked = await staleSteps(deps, [...ledger.records, ...rounds.runs], log);
      const runs = [...rounds.runs, ...checked.runs];
      const after = [...ledger.records, ...runs];
      const waiting = waitingJobs(deps.clock.now(), { nightlyAt: deps.nightlyAt, meetings: latest }, after).map((w) => ({
        job: w.job,
        meetingId: w.meetingId,
        occurrence: w.occurrence.toISOString(),
        failures: w.failures,
        error: w.error,
      }));
      for (const w of waiting)
        log(
          `schedule: ${w.job} has failed ${w.failures} times for ${formatLondon(new Date(w.occurrence))} and is not tried again until its meeting, its data or the code changes (or \`${w.job.startsWith('deliver:') ? 'psm meeting send' : 'psm pack'} ${w.meetingId}\`): ${w.error ?? 'no message'}`,
        );
      const held = heldJobs(now, latest, after);
      for (const h of held) log(`schedule: ${h.job} held: ${h.why}`);
      const stale = checked.stale.length ? { stale: checked.stale } : {};
      return { status: 'ran' as const, runs, warnings, waiting, ...(held.length ? { held } : {}), ...stale };
    },
    { ...deps.lock, clock: deps.clock, log, onBusy: (h) => void (holder = h) },
  );
  if (outcome === 'busy') {
    const who = holder as LockInfo | null;
    log(
      `schedule: another run holds ${deps.lockPath}${who ? ` (pid ${who.pid} on ${who.hostname} since ${who.startedAt})` : ''}; nothing run`,
    );
    return { status: 'busy', holder: who };
  }
  return outcome;
}

/**
 * The due jobs, in rounds: a print in this pass makes its email due, so a further round (meetings
 * read again) sends it now rather than at the next pass. A job runs at most once per pass.
 */
async function runRounds(
  now: Date,
  deps: RunDeps,
  ledger: readonly RunRecord[],
  first: MeetingPackInput[],
  options: RunDueOptions,
  log: (line: string) => void,
) {
  const runs: RunRecord[] = [];
  const ran = new Set<string>();
  let meetings = first;
  for (let round = 0; round < 3; round++) {
    if (round > 0) meetings = await loadMeetings(deps, []);
    const key = (j: DueJob) => `${j.job}@${j.occurrence.toISOString()}`;
    const jobs = dueJobs(now, { nightlyAt: deps.nightlyAt, meetings }, [...ledger, ...runs]).filter((j) => !ran.has(key(j)));
    if (round === 0 && options.forceIngest && jobs[0]?.kind !== 'ingest') jobs.unshift({ kind: 'ingest', job: 'ingest', occurrence: now });
    if (!jobs.length) break;
    for (const job of jobs) {
      ran.add(key(job));
      runs.push(job.kind === 'deliver' ? await runDeliveryJob(job, deps, [...ledger, ...runs], log) : await runOne(job, deps, log));
    }
  }
  return { runs, meetings };
}

function heldJobs(now: Date, meetings: readonly MeetingPackInput[], ledger: readonly RunRecord[]): HeldJob[] {
  return meetings.flatMap((m) => {
    const plan = deliveryPlan(now, m, ledger);
    return plan.state === 'held' ? [{ job: plan.job, meetingId: m.meetingId, why: plan.why }] : [];
  });
}

/** A broken meeting list must not stop the nightly ingest: bad entries are dropped with a warning. */
async function loadMeetings(deps: RunDeps, warnings: string[]): Promise<MeetingPackInput[]> {
  let listed: readonly MeetingPackInput[];
  try {
    listed = await deps.meetings();
  } catch (e) {
    warnings.push(`could not list meetings, no packs this pass: ${e instanceof Error ? e.message : String(e)}`);
    return [];
  }
  const valid: MeetingPackInput[] = [];
  for (const m of listed) {
    try {
      valid.push(validMeeting(m));
    } catch (e) {
      warnings.push((e as Error).message);
    }
  }
  return valid;
}

async function runOne(job: Exclude<DueJob, { kind: 'deliver' }>, deps: RunDeps, log: (line: string) => void): Promise<RunRecord> {
  const startedAt = deps.clock.now();
  log(`schedule: running ${describeJob(job, startedAt)}`);
  let permanent: string | undefined;
  const result = await withRetry(
    async () => {
      try {
        await (job.kind === 'ingest' ? deps.ingest() : deps.pack(job.meetingId));
      } catch (e) {
        if (!isPermanent(e)) throw e;
        permanent = e instanceof Error ? e.message : String(e); // no retry: ends the attempts here
      }
    },
    deps.retry ?? DEFAULT_RETRY,
    deps.clock,
    (attempt, error, next) =>
      log(`schedule: ${job.job} attempt ${attempt} failed: ${error}${next === null ? '' : `; retrying in ${next / 1000} s`}`),
  );
  const error = permanent ?? (result.status === 'failed' ? result.error : undefined);
  const record: RunRecord = {
    job: job.job,
    occurrence: job.occurrence.toISOString(),
    startedAt: startedAt.toISOString(),
    finishedAt: deps.clock.now().toISOString(),
    status: error === undefined ? 'ok' : 'failed',
    attempts: result.attempts,
    ...(error === undefined ? {} : { error }),
  };
  if (permanent !== undefined) log(`schedule: ${job.job} failed: ${permanent}`);
  appendRun(deps.ledgerPath, record);
  log(`schedule: ${job.job} ${record.status} after ${record.attempts} attempt(s)`);
  return record;
}

/** node-cron expression for the nightly time, read in Europe/London by the task's timezone option. */
export function nightlyCronExpression(at: LocalTime): string {
  return `${at.minute} ${at.hour} * * *`;
}

/** Packs are due at arbitrary times (meeting start minus lead days), so they are polled for. */
export const PACK_POLL_CRON = '*/15 * * * *';

export interface ScheduleHandle {
  /** Stops both cron tasks and waits for a pass in progress, so the lock is released cleanly. */
  stop(): Promise<void>;
  /** Resolves once no pass is running (tests, and a clean shutdown). */
  idle(): Promise<void>;
}

export interface ScheduleDeps extends RunDeps {
  /** Each pass's result, e.g. for a status line. */
  onResult?: (result: RunDueResult) => void;
}

export function startSchedule(deps: ScheduleDeps): ScheduleHandle {
  const log = deps.log ?? stderrLog;
  // node-cron's default logger writes INFO to stdout, which is reserved for command results.
  const logger: Logger = {
    info: (m) => log(`node-cron: ${m}`),
    warn: (m) => log(`node-cron: ${m}`),
    error: (m) => log(`node-cron: ${m instanceof Error ? m.message : m}`),
    debug: () => {},
  };
  let current: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  // The nightly task and the 15-minute poll both fire at e.g. 03:30, and a tick can land while a long
  // pass runs. Passes in this process are serialised rather than left to fight over the lock (the
  // loser would just say busy); a tick during a pass asks for one more pass afterwards, so nothing
  // that fell due meanwhile waits for the next tick.
  const trigger = (why: string): void => {
    if (stopped) return;
    if (current) {
      again = true;
      return;
    }
    current = (async () => {
      do {
        again = false;
        try {
          log(`schedule: pass (${why}) at ${formatLondon(deps.clock.now())}`);
          deps.onResult?.(await runDue(deps.clock.now(), deps));
        } catch (e) {
          // Keep the daemon alive: the next tick tries again, and the ledger still says what is due.
          log(`schedule: pass failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        }
      } while (again && !stopped);
    })().finally(() => {
      current = null;
    });
  };

  const options = { timezone: LONDON, logger };
  const tasks: ScheduledTask[] = [
    cron.schedule(nightlyCronExpression(deps.nightlyAt), () => trigger('nightly'), { ...options, name: 'psm-nightly-ingest' }),
    cron.schedule(PACK_POLL_CRON, () => trigger('poll'), { ...options, name: 'psm-pack-poll' }),
  ];
  trigger('start');

  return {
    async stop() {
      stopped = true;
      for (const task of tasks) await task.destroy();
      await current;
    },
    async idle() {
      while (current) await current;
    },
  };
}
