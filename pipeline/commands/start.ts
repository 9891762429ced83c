// psm start (npm start) — the whole product on the demo: demo data if absent, one full cycle,
// where each pack is, the dashboards' URL; then it keeps serving and keeps the schedule.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cycleDeps } from '../cycle.ts';
import { runDue, startSchedule } from '../schedule/scheduler.ts';
import { panelServeOptions } from '../share/serve-options.ts';
import { startStaticServer } from '../site/serve.ts';
import { log, parse } from './args.ts';
import { waitForSignal } from './schedule.ts';


export async function run(argv: string[]): Promise<number> {
  const { values, paths } = parse(argv, { port: { type: 'string', default: '3000' }, 'no-serve': { type: 'boolean', default: false } });
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
    ? readdirSync(paths.reports).map((id) => join(paths.reports, id, 'out', 'pack.pdf')).filter((p) => existsSync(p))
    : [];
  const lines = ['', 'Meeting packs:', ...packs.map((p) => `  ${p}`)];
  if (!packs.length) lines.push('  (none yet)');
  if (values['no-serve']) {
    process.stdout.write(lines.join('\n') + '\n');
    return failed.length ? 1 : 0;
  }
  const server = await startStaticServer(paths.site, { port: Number(values.port), ...panelServeOptions(paths) });
  lines.push('', `Dashboards: ${server.url}`, '', 'Serving the site and keeping the schedule (nightly ingest, packs at their lead time). Ctrl-C to stop.');
  process.stdout.write(lines.join('\n') + '\n');
  const schedule = startSchedule(deps);
  await waitForSignal();
  await schedule.stop();
  await server.close();
  return failed.length ? 1 : 0;
}
