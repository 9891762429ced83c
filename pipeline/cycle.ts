// One pipeline cycle, as the scheduler runs it: the jobs (ingest → site build; a meeting's pack)
// wired to the workspace. `psm run`, `psm schedule` and `psm start` all use this, so the
// unattended pipeline and a manual run do exactly the same thing.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkspacePaths } from './config.ts';
import { ingest } from './ingest/index.ts';
import { lineProgress } from './ingest/progress.ts';
import { describeRun } from './ingest/report.ts';
import { meetingSchedule } from './packs/meeting.ts';
import { systemClock, type Clock } from './schedule/clock.ts';
import type { RetryPolicy } from './schedule/retry.ts';
import { parseNightlyTime } from './schedule/schedule-config.ts';
import type { RunDeps } from './schedule/scheduler.ts';
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

export function cycleDeps(paths: WorkspacePaths, opts: CycleOptions = {}): RunDeps {
  const log = opts.log ?? ((line: string) => void process.stderr.write(line + '\n'));
  return {
    clock: opts.clock ?? systemClock,
    ledgerPath: join(paths.runs, 'runs.jsonl'),
    lockPath: paths.lock,
    nightlyAt: parseNightlyTime(opts.nightlyAt),
    retry: opts.retry,
    log,
    meetings: () => (existsSync(paths.reports) ? meetingSchedule(paths.reports) : []),
    async ingest() {
      const report = await ingest(paths, [], { progress: lineProgress() });
      log(describeRun(report));
      if (report.totals.refused) log(`${report.totals.refused} file(s) refused: see above; the rest were published.`);
      if (siteIsStale(paths)) await quietBuild(paths, log);
    },
    async pack(meetingId: string) {
      if (siteIsStale(paths)) await quietBuild(paths, log);
      const { renderPack } = await import('./render/pack.ts');
      const result = await renderPack(paths, meetingId);
      log(`Pack ${meetingId}: ${result.pdf} (${result.manifest.pages} pages)`);
    },
  };
}
