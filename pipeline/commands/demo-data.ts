// psm demo-data [--seed N] — writes the demo force's extracts into the workspace inbox, and copies
// the demo meetings into the workspace's reports/ when it lacks them. Wiring only: see pipeline/demo.
import { cpSync, existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { repoRoot } from '../config.ts';
import { generateDemo } from '../demo/index.ts';
import { emit, log, parse } from './args.ts';

/** Copies each demo meeting folder (not its built `out/`) into `target` unless already there. */
function copyMeetings(target: string): string[] {
  const source = join(repoRoot, 'reports');
  if (!existsSync(source) || resolve(source) === resolve(target)) return [];
  const copied: string[] = [];
  for (const id of readdirSync(source)) {
    const from = join(source, id);
    if (!statSync(from).isDirectory() || id === 'out' || existsSync(join(target, id))) continue;
    cpSync(from, join(target, id), {
      recursive: true,
      // A pack printed in the repo belongs to the repo: the workspace prints its own.
      filter: (src) => relative(from, src).split(sep)[0] !== 'out',
    });
    copied.push(id);
  }
  return copied;
}

const usage = 'Usage: psm demo-data [--seed N] [--workspace DIR] [--json]';

export async function run(argv: string[]): Promise<number> {
  const { values, paths } = parse(argv, { seed: { type: 'string', default: '1' } }, usage);
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) {
    log(`psm demo-data: --seed must be an integer, not "${values.seed}"`);
    return 2;
  }
  log(`Generating the demo force (seed ${seed}) into ${paths.inbox} …`);
  const result = await generateDemo(paths.inbox, { seed });
  const meetings = copyMeetings(paths.reports);
  const rows = result.files.reduce((s, f) => s + f.rows, 0);
  emit(values.json, { inbox: paths.inbox, seed, ...result, meetingsCopied: meetings }, () =>
    [
      ...result.files.map(
        (f) =>
          `  ${basename(f.path).padEnd(30)} ${f.extract.padEnd(9)} ${String(f.rows).padStart(9)} rows ${(f.bytes / 1e6).toFixed(1).padStart(6)} MB`,
      ),
      `${result.files.length} files, ${rows.toLocaleString('en-GB')} rows in ${(result.ms / 1000).toFixed(1)} s` +
        (meetings.length ? `; copied demo meetings: ${meetings.join(', ')}` : ''),
    ].join('\n'),
  );
  return 0;
}
