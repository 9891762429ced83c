// One pipeline cycle, as the scheduler runs it: the jobs (ingest → site build; a meeting's pack)
// wired to the workspace. `psm run`, `psm schedule` and `psm start` all use this, so the
// unattended pipeline and a manual run do exactly the same thing.
//
// Every meeting folder is on the schedule, read or not (meetings/entries.ts): one that cannot be
// read falls due as usual and its pack job fails with the check's report, so the run ledger and the
// run's exit status say so. Each pack is checked (psm meeting check) before it is printed, and is
// printed at the cycle's own clock, so a pack due after its release time is never marked DRAFT.
// Once printed at the lead time, a pack is emailed to its recipients (delivery/deliver.ts). After the
// jobs, a printed pack that data received since has overtaken is a failed step (schedule/stale-step.ts).
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkspacePaths } from './config.ts';
import { ingest } from './ingest/index.ts';
import { lineProgress } from './ingest/progress.ts';
import { describeRun } from './ingest/report.ts';
import { deliverPack } from './delivery/deliver.ts';
import { readOvertakenPacks } from './meetings/attention.ts';
import { checkMeeting, MeetingCheckError } from './meetings/check.ts';
import { scheduleInputs } from './meetings/entries.ts';
import { formatProblem } from './meetings/problems.ts';
import { systemClock, type Clock } from './schedule/clock.ts';
import type { RetryPolicy } from './schedule/retry.ts';
import { parseNightlyTime } from './schedule/schedule-config.ts';
import type { RunDeps } from './schedule/run-deps.ts';
import { buildSite } from './site/build.ts';

export interface CycleOptions {
  nightlyAt?: string;
  clock?: Clock;
  retry?: RetryPolicy;
  log?: (line: string) => void;
}

/** The site is stale when it is missing or older than the published warehouse. */
export function siteIsStale(paths: WorkspacePaths): boolean {
  const index = join(paths.site, 'index.html');
  return !existsSync(index) || (existsSync(paths.warehouse) && statSync(index).mtimeMs < statSync(paths.warehouse).mtimeMs);
}

/** Framework logs a line per file it builds: kept back, and shown only if the build fails. */
async function quietBuild(paths: WorkspacePaths, log: (line: string) => void): Promise<void> {
  let output = '';
  try {
    const built = await buildSite(paths, { onOutput: (s) => void (output += s) });
    log(`Site built in ${built.seconds.toFixed(1)} s → ${built.site}`);
  } catch (err) {
    log(output.split('\n').slice(-40).join('\n'));
    throw err;
  }
}

/** The same check as `psm meeting check`, first: a meeting that fails it is not printed, and is not retried. */
async function checked(paths: WorkspacePaths, meetingId: string, log: (line: string) => void): Promise<void> {
  const report = await checkMeeting(paths, meetingId);
  for (const w of report.problems.filter((p) => p.severity === 'warning')) log(`Pack ${meetingId}: ${formatProblem(w)}`);
  if (!report.ok) throw new MeetingCheckError(report);
}

export function cycleDeps(paths: WorkspacePaths, opts: CycleOptions = {}): RunDeps {
  const log = opts.log ?? ((line: string) => void process.stderr.write(line + '\n'));
  const clock = opts.clock ?? systemClock;
  return {
    clock,
    ledgerPath: join(paths.runs, 'runs.jsonl'),
    lockPath: paths.lock,
    nightlyAt: parseNightlyTime(opts.nightlyAt),
    retry: opts.retry,
    log,
    meetings: () => (existsSync(paths.reports) ? scheduleInputs(paths) : []),
    async ingest() {
      const report = await ingest(paths, [], { progress: lineProgress() });
      log(describeRun(report));
      if (report.totals.refused) log(`${report.totals.refused} file(s) refused: see above; the rest were published.`);
      if (siteIsStale(paths)) await quietBuild(paths, log);
    },
    async pack(meetingId: string) {
      await checked(paths, meetingId, log);
      if (siteIsStale(paths)) await quietBuild(paths, log);
      const { renderPack } = await import('./render/pack.ts');
      const result = await renderPack(paths, meetingId, { now: clock.now(), log });
      log(
        `Pack ${meetingId}: ${result.pdf} (${result.manifest.pages} pages${result.manifest.draft ? ', marked DRAFT until release' : ''})`,
      );
    },
    stalePacks: (now) => readOvertakenPacks(paths, now),
    deliver: (meetingId, { skip }) => deliverPack(paths, meetingId, { clock, retry: opts.retry, log, skip }),
  };
}
