// psm start (npm start) — the whole product on the demo: demo data if absent, one full cycle,
// where each pack is, the dashboards' URL; then it keeps serving and keeps the schedule.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cycleDeps } from '../cycle.ts';
import { runDue, startSchedule } from '../schedule/scheduler.ts';
import { startPanelServer } from '../share/serve-options.ts';
import { log, parse } from './args.ts';
import { waitForSignal } from './schedule.ts';

export async function run(argv: string[]): Promise<number> {
  const { values, paths } = parse(argv, {
    port: { type: 'string', default: '3000' },
    host: { type: 'string', default: '127.0.0.1' },
    'no-serve': { type: 'boolean', default: false },
    'allow-analyst-build': { type: 'boolean', default: false },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    log(`psm start: --port must be a whole number from 0 to 65535, not "${values.port}"`);
    return 2;
  }
  const hasExtracts = existsSync(paths.inbox) && readdirSync(paths.inbox).some((f) => /\.csv(\.gz)?$/i.test(f));
  if (!hasExtracts && !existsSync(paths.warehouse)) {
    log('No extracts yet: generating the demo force (psm demo-data)…');
    const demo = await import('./demo-data.ts');
    const code = await demo.run(['--workspace', paths.root]);
    if (code !== 0) return code;
  }
  const deps = cycleDeps(paths, { retry: { attempts: 2, baseDelayMs: 2_000, factor: 2 } });
  const result = await runDue(new Date(), deps, { forceIngest: true });
  if (result.status === 'busy') log('Another run holds the workspace lock; serving what is already built.');
  const failed = result.status === 'ran' ? result.runs.filter((r) => r.status === 'failed') : [];
  for (const f of failed) log(`✗ ${f.job} failed: ${f.error}`);

  const packs = existsSync(paths.reports)
    ? readdirSync(paths.reports)
        .map((id) => join(paths.reports, id, 'out', 'pack.pdf'))
        .filter((p) => existsSync(p))
    : [];
  const lines = ['', 'Meeting packs:', ...packs.map((p) => `  ${p}`)];
  if (!packs.length) lines.push('  (none yet)');
  if (values['no-serve']) {
    process.stdout.write(lines.join('\n') + '\n');
    return failed.length ? 1 : 0;
  }
  // Checked after the cycle, which may have rebuilt the site: it is that build that would be served.
  const server = await startPanelServer(
    paths,
    { port, host: values.host, allowAnalyst: values['allow-analyst-build'], command: 'psm start' },
    log,
  );
  if (!server) {
    process.stdout.write(lines.join('\n') + '\n');
    return 1;
  }
  lines.push(
    '',
    `Dashboards: ${server.url}`,
    '',
    'Serving the site and keeping the schedule (nightly ingest, packs at their lead time). Ctrl-C to stop.',
  );
  process.stdout.write(lines.join('\n') + '\n');
  const schedule = startSchedule(deps);
  await waitForSignal();
  await schedule.stop();
  await server.close();
  return failed.length ? 1 : 0;
}
