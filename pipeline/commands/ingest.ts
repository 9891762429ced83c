// psm ingest [FILES|DIRS] — wiring only: see pipeline/ingest.
import { ingest } from '../ingest/index.ts';
import { progressFor } from '../ingest/progress.ts';
import { describeRun, type RunReport } from '../ingest/report.ts';
import { withLock } from '../schedule/lock.ts';
import { emit, log, parse } from './args.ts';


export async function run(argv: string[]): Promise<number> {
  const { values, positionals, paths } = parse(argv, {});
  // The same workspace lock as the scheduler: two writers would each publish half the truth.
  const report: RunReport | 'busy' = await withLock(paths.lock, () => ingest(paths, positionals, { progress: progressFor(values.json) }), {
    onBusy: (holder) => log(`psm ingest: another run holds ${paths.lock}` + (holder ? ` (pid ${holder.pid} on ${holder.hostname} since ${holder.startedAt})` : '') + '; try again when it ends'),
  });
  if (report === 'busy') return 3;
  emit(values.json, report, () => describeRun(report));
  return report.totals.refused ? 1 : 0;
}
