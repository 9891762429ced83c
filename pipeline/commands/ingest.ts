// psm ingest [FILES|DIRS] [--recheck FILE ...] — wiring only: see pipeline/ingest.
import { ingest } from '../ingest/index.ts';
import { progressFor } from '../ingest/progress.ts';
import { describeRun, type RunReport } from '../ingest/report.ts';
import { withLock } from '../schedule/lock.ts';
import { emit, log, parse } from './args.ts';

const usage = `Usage: psm ingest [FILE|DIR ...] [--recheck FILE ...] [--json]

  Ingests the files named, or those in the folders named (default: the inbox), and publishes the
  warehouse. A file already ingested is recognised by its hash and skipped.
  --recheck FILE  read a file again though it was ingested (e.g. after the force mapping changed),
                  replacing what it loaded before, in its place in the load order. FILE: its path,
                  or the name or sha256 of a file in the ledger (read from the archive). Repeatable;
                  with --recheck and no FILE|DIR the inbox is not read.

  Exit status: 0 every file accepted (files still being written are left for the next run);
  1 a file was refused or an inbox entry could not be read; 3 another run holds the workspace.`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals, paths } = parse(argv, { recheck: { type: 'string', multiple: true } }, usage);
  const recheck = values.recheck ?? [];
  // The same workspace lock as the scheduler: two writers would each publish half the truth.
  const report: RunReport | 'busy' = await withLock(
    paths.lock,
    () => ingest(paths, positionals, { progress: progressFor(values.json), recheck }),
    {
      onBusy: (holder) =>
        log(
          `psm ingest: another run holds ${paths.lock}` +
            (holder ? ` (pid ${holder.pid} on ${holder.hostname} since ${holder.startedAt})` : '') +
            '; try again when it ends',
        ),
    },
  );
  if (report === 'busy') return 3;
  emit(values.json, report, () => describeRun(report));
  // A deferred file is not a fault: it is read on the next run, once it has stopped changing.
  return report.totals.refused || report.totals.skipped ? 1 : 0;
}
