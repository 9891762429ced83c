// psm ingest [FILES|DIRS] — wiring only: see pipeline/ingest.
import { ingest } from '../ingest/index.ts';
import { progressFor } from '../ingest/progress.ts';
import { describeRun } from '../ingest/report.ts';
import { emit, parse } from './args.ts';

export const summary = 'Ingest extracts (default: the inbox) into the warehouse and publish it';

export async function run(argv: string[]): Promise<number> {
  const { values, positionals, paths } = parse(argv, {});
  const report = await ingest(paths, positionals, { progress: progressFor(values.json) });
  emit(values.json, report, () => describeRun(report));
  return report.totals.refused ? 1 : 0;
}
