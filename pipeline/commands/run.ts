// psm run — one full cycle now: ingest the inbox, rebuild the site, print the packs that are due.
import { cycleDeps } from '../cycle.ts';
import { runDue } from '../schedule/scheduler.ts';
import { emit, log, parse } from './args.ts';


export async function run(argv: string[]): Promise<number> {
  const { values, paths } = parse(argv, { 'nightly-at': { type: 'string' } });
  // A person is waiting: retry briefly rather than with the nightly back-off.
  const deps = cycleDeps(paths, { nightlyAt: values['nightly-at'], retry: { attempts: 2, baseDelayMs: 2_000, factor: 2 } });
  const result = await runDue(new Date(), deps, { forceIngest: true });
  if (result.status === 'busy') {
    log(`psm run: another run holds ${paths.lock}${result.holder ? ` (pid ${result.holder.pid} since ${result.holder.startedAt})` : ''}`);
    return 3;
  }
  emit(values.json, result, () =>
    result.runs.map((r) => `${r.status === 'ok' ? '✓' : '✗'} ${r.job} (${r.attempts} attempt${r.attempts > 1 ? 's' : ''})${r.error ? `: ${r.error}` : ''}`).join('\n'),
  );
  return result.runs.some((r) => r.status === 'failed') ? 1 : 0;
}
