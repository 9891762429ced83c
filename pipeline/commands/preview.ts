// `psm preview <meeting-id> [--port N]`: the meeting's pack page, live, on this machine.
import { startPreview } from '../site/preview.ts';
import { emit, log, parse } from './args.ts';

const usage = `Usage: psm preview <meeting-id> [--port N] [--workspace DIR] [--json]

Serves the meeting's pack page on http://127.0.0.1:N/ (default 3100) from the published warehouse,
with no share link and no site build, and updates the open page a second or two after you save
meeting.json, a commentary file or questions.md. Loopback only: the pack is not released.
Ctrl+C stops it. The printed pack is still psm pack's (or the schedule's).`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals, paths } = parse(argv, { port: { type: 'string', short: 'p', default: '3100' } }, usage);
  const [id] = positionals;
  const port = Number(values.port);
  if (!id || !Number.isInteger(port) || port < 1 || port > 65535) {
    log(id ? `psm preview: --port must be a whole number from 1 to 65535, not "${values.port}"` : usage);
    return 2;
  }
  const preview = await startPreview(paths, id, { port, host: '127.0.0.1', log });
  emit(values.json, { meeting: id, url: preview.url }, () => `Previewing ${id} at ${preview.url}`);
  log('Edits to the meeting folder show on the page as you save them. Press Ctrl+C to stop.');
  await new Promise<void>((resolve) => {
    const stop = () => void preview.close().then(resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
