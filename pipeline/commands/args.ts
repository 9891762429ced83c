// Shared argument handling for the thin command files: every command takes --workspace and --json.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { commandSummary } from './summaries.ts';
import { workspacePaths } from '../config.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

export const commonOptions = {
  workspace: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies Options;

/** Parses a command's arguments; `--help` prints `usage` (or a list of the options) and exits. */
export function parse<O extends Options>(argv: string[], options: O, usage?: string) {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { ...commonOptions, ...options },
    allowPositionals: true,
    strict: true,
  });
  const v = values as Record<string, unknown>;
  if (v.help) {
    process.stdout.write((usage ?? helpText(options)) + '\n');
    process.exit(0);
  }
  return { values, positionals, paths: workspacePaths(v.workspace as string | undefined) };
}

/** Results go to stdout (JSON when asked); everything else is a log line on stderr. */
export function emit(json: boolean, result: unknown, human: () => string): void {
  process.stdout.write(json ? JSON.stringify(result, null, 2) + '\n' : human() + '\n');
}

export const log = (msg: string): void => void process.stderr.write(msg + '\n');

/** `psm <command> --help`: the command's summary and every option it takes. */
function helpText(options: Options): string {
  const name = process.argv[2] ?? 'psm';
  const all = { ...commonOptions, ...options } as Options;
  const lines = Object.entries(all).map(([flag, o]) => {
    const arg = o.type === 'string' ? ` <${flag === 'workspace' ? 'DIR' : 'value'}>` : '';
    const dflt = o.default !== undefined && o.type === 'string' ? ` (default ${String(o.default)})` : '';
    return `  --${flag}${arg}${dflt}`;
  });
  return [`psm ${name}: ${commandSummary(name) ?? ''}`, '', 'Options:', ...lines].join('\n');
}
