// `psm` entry point: finds the command and hands it the rest of the arguments. Nothing else.
import { ZodError } from 'zod';
import { settings } from './settings.ts';
import { commandSummaries, commandSummary, type CommandName } from './commands/summaries.ts';
export interface Command {
  run(argv: string[]): Promise<number>;
}

/** Where each command's code is, loaded only when it runs; its summary is commands/summaries.ts. */
const loaders: Record<CommandName, () => Promise<Command>> = {
  'demo-data': () => import('./commands/demo-data.ts'),
  ingest: () => import('./commands/ingest.ts'),
  check: () => import('./commands/check.ts'),
  quarantine: () => import('./commands/quarantine.ts'),
  status: () => import('./commands/status.ts'),
  recover: () => import('./commands/recover.ts'),
  metrics: () => import('./commands/metrics.ts'),
  explain: () => import('./commands/explain.ts'),
  figures: () => import('./commands/figures.ts'),
  build: () => import('./commands/build.ts'),
  serve: () => import('./commands/serve.ts'),
  meeting: () => import('./commands/meeting.ts'),
  preview: () => import('./commands/preview.ts'),
  share: () => import('./commands/share.ts'),
  pack: () => import('./commands/pack.ts'),
  run: () => import('./commands/run.ts'),
  schedule: () => import('./commands/schedule.ts'),
  start: () => import('./commands/start.ts'),
  bench: () => import('./commands/bench.ts'),
};

export function usage(): string {
  const width = Math.max(...Object.keys(commandSummaries).map((n) => n.length));
  const lines = Object.entries(commandSummaries).map(([name, summary]) => `  ${name.padEnd(width)}  ${summary}`);
  return ['Usage: psm <command> [options]   (every command takes --workspace DIR and --json)', '', 'Commands:', ...lines].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage() + '\n');
    return name ? 0 : 1;
  }
  if (commandSummary(name) === undefined) {
    process.stderr.write(`psm: unknown command "${name}"\n\n${usage()}\n`);
    return 2;
  }
  try {
    const command = await loaders[name as CommandName]();
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
