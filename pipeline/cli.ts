// `psm` entry point: finds the command and hands it the rest of the arguments. Nothing else.
import { ZodError } from 'zod';
import { settings } from './settings.ts';
export interface Command {
  run(argv: string[]): Promise<number>;
}

/** One line each; `psm --help` prints this list. Order is the order of the flow. */
const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {
  'demo-data': { summary: "Write the demo force's extracts (and demo meetings) into the workspace inbox", load: () => import('./commands/demo-data.ts') },
  ingest: { summary: 'Ingest extracts (default: the inbox) into the warehouse and publish it', load: () => import('./commands/ingest.ts') },
  check: { summary: 'Validate an extract file and report what ingest would do, without loading it', load: () => import('./commands/check.ts') },
  quarantine: { summary: 'List the rows ingest quarantined or loaded with a warning, by file, line and field', load: () => import('./commands/quarantine.ts') },
  status: { summary: "Show the workspace's paths, ledger and warehouse state", load: () => import('./commands/status.ts') },
  recover: { summary: 'Restore the previous warehouse when the published one is missing or damaged', load: () => import('./commands/recover.ts') },
  metrics: { summary: 'Compute metrics by grain, period and area (--list for the catalogue)', load: () => import('./commands/metrics.ts') },
  explain: { summary: 'Take one figure apart: its definition, SQL, numerator and denominator, extract files', load: () => import('./commands/explain.ts') },
  figures: { summary: 'Compare every published paper figure with the value computed from the data', load: () => import('./commands/figures.ts') },
  build: { summary: 'Build the dashboards site into the workspace (clears the loader cache first)', load: () => import('./commands/build.ts') },
  serve: { summary: 'Serve the built site (packs embargoed until their release time)', load: () => import('./commands/serve.ts') },
  meeting: { summary: 'Make a meeting (new --like), list the calendar, check a meeting, approve its pack, send it', load: () => import('./commands/meeting.ts') },
  preview: { summary: "Serve one meeting's pack page live on this machine, updated as you edit it", load: () => import('./commands/preview.ts') },
  share: { summary: "Make a signed, expiring link to one meeting's pack for the panel", load: () => import('./commands/share.ts') },
  pack: { summary: "Render one meeting's PDF pack: psm pack <meeting-id>", load: () => import('./commands/pack.ts') },
  run: { summary: 'Run one full cycle now: ingest, metrics, build, packs that are due', load: () => import('./commands/run.ts') },
  schedule: { summary: 'Keep the nightly ingest and pack schedule running (with catch-up)', load: () => import('./commands/schedule.ts') },
  start: { summary: 'Demo data if absent, a full cycle, then serve the site and keep the schedule', load: () => import('./commands/start.ts') },
  bench: { summary: 'Benchmark ingest, site build and pack rendering against baselines', load: () => import('./commands/bench.ts') },
};

/** The one-line summary of a command (for `psm <command> --help`). */
export const commandSummary = (name: string): string | undefined => commands[name]?.summary;

export function usage(): string {
  const width = Math.max(...Object.keys(commands).map((n) => n.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return ['Usage: psm <command> [options]   (every command takes --workspace DIR and --json)', '', 'Commands:', ...lines].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage() + '\n');
    return name ? 0 : 1;
  }
  const entry = commands[name];
  if (!entry) {
    process.stderr.write(`psm: unknown command "${name}"\n\n${usage()}\n`);
    return 2;
  }
  try {
    const command = await entry.load();
    return await command.run(rest);
  } catch (err) {
    // A person reads this: the message, not a stack trace (PSM_DEBUG=1 shows the stack).
    process.stderr.write(`psm ${name}: ${describeError(err)}\n`);
    if (debugging()) process.stderr.write(`${(err as Error).stack}\n`);
    return (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? 2 : 1;
  }
}

/** PSM_DEBUG, when the settings can be read at all (a malformed one is the error being reported). */
function debugging(): boolean {
  try {
    return settings().debug;
  } catch {
    return false;
  }
}

function describeError(err: unknown): string {
  if (err instanceof ZodError) return err.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; ');
  return err instanceof Error ? err.message : String(err);
}
