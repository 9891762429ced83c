// psm schedule — the unattended pipeline: nightly ingest, packs at their lead time, catch-up at start.
import { cycleDeps } from '../cycle.ts';
import { startSchedule } from '../schedule/scheduler.ts';
import { formatLocalTime, parseNightlyTime } from '../schedule/schedule-config.ts';
import { log, parse } from './args.ts';

export async function run(argv: string[]): Promise<number> {
  const { values, paths } = parse(argv, { 'nightly-at': { type: 'string' } });
  const handle = startSchedule(cycleDeps(paths, { nightlyAt: values['nightly-at'] }));
  log(
    `Schedule running for ${paths.root}: ingest nightly at ${formatLocalTime(parseNightlyTime(values['nightly-at']))} Europe/London, packs at their lead time. Ctrl-C to stop.`,
  );
  await waitForSignal();
  await handle.stop();
  return 0;
}

export function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}
