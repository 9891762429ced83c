// `psm serve [--port N]`: serves the built site on localhost until interrupted.
import { startStaticServer } from '../site/serve.ts';
import { emit, log, parse } from './args.ts';


const usage = 'Usage: psm serve [--port N] [--workspace DIR] [--json]\n\nServes <workspace>/site on http://127.0.0.1:N/ (default port 3000).';

export async function run(argv: string[]): Promise<number> {
  const { values, paths } = parse(argv, { port: { type: 'string', short: 'p' } }, usage);
  const port = values.port === undefined ? 3000 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    log(`psm serve: --port must be a whole number from 0 to 65535, not "${values.port}"`);
    return 2;
  }
  const server = await startStaticServer(paths.site, port);
  emit(values.json, { url: server.url, site: paths.site }, () => `Serving ${paths.site} at ${server.url}`);
  log('Press Ctrl+C to stop.');
  // Stay up until a signal: the exit code then says it was a clean stop.
  await new Promise<void>((resolve) => {
    const stop = () => void server.close().then(resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
