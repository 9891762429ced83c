// `psm serve [--port N]`: serves the built site on localhost until interrupted.
import { startPanelServer } from '../share/serve-options.ts';
import { emit, log, parse } from './args.ts';

const usage = `Usage: psm serve [--port N] [--host ADDRESS] [--allow-analyst-build] [--workspace DIR] [--json]

Serves <workspace>/site on http://127.0.0.1:N/ (default port 3000; --host 0.0.0.0 to let panel
members reach it), with each meeting's PDF at /packs/<meeting-id>.pdf. A pack is embargoed until its
release time: before then only a signed link from \`psm share\` opens it.

An analyst build (\`psm build --audience analyst\`: small numbers unsuppressed) is served on a
loopback address only, with a warning; on any other address psm serve refuses it (exit 1) unless
--allow-analyst-build is given.`;

export async function run(argv: string[]): Promise<number> {
  const { values, paths } = parse(
    argv,
    {
      port: { type: 'string', short: 'p' },
      host: { type: 'string', default: '127.0.0.1' },
      'allow-analyst-build': { type: 'boolean', default: false },
    },
    usage,
  );
  const port = values.port === undefined ? 3000 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    log(`psm serve: --port must be a whole number from 0 to 65535, not "${values.port}"`);
    return 2;
  }
  const server = await startPanelServer(
    paths,
    { port, host: values.host, allowAnalyst: values['allow-analyst-build'], command: 'psm serve' },
    log,
  );
  if (!server) return 1;
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
