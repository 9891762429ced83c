// psm run — one full cycle now: ingest the inbox, rebuild the site, print the packs that are due
// (and reprint, without the DRAFT marking, any whose release time has passed). Exit 1 when a step
// failed in this run, or a pack is still failed from an earlier one and waits for a person, or a
// printed pack is older than its data (schedule/stale-step.ts): an
// unattended `psm run` under cron must never report success over a pack that did not print.
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
  const firstLine = (s: string | null | undefined) => (s ?? '').split('\n')[0];
  emit(values.json, result, () =>
    [
      ...result.runs.map(
        (r) =>
          `${r.status === 'ok' ? '✓' : '✗'} ${r.job} (${r.attempts} attempt${r.attempts > 1 ? 's' : ''})${r.error ? `: ${r.error}` : ''}`,
      ),
      ...result.waiting.map(
        (w) => `✗ ${w.job}: still failed (${w.failures} times), not tried again until it is fixed: ${firstLine(w.error)}`,
      ),
      ...(result.held ?? []).map((h) => `… ${h.job}: held: ${firstLine(h.why)}`),
      // A stale print recorded by this pass is already among the runs above.
      ...(result.stale ?? [])
        .filter((s) => !result.runs.some((r) => r.job === s.job && r.occurrence === s.occurrence))
        .map((s) => `✗ ${s.job}: still older than its data: ${s.detail}`),
    ].join('\n'),
  );
  return result.runs.some((r) => r.status === 'failed') || result.waiting.length || result.stale?.length ? 1 : 0;
}
