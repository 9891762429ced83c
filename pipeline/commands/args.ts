// Shared argument handling for the thin command files: every command takes --workspace and --json.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { workspacePaths, type WorkspacePaths } from '../config.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

export const commonOptions = {
  workspace: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies Options;

export interface Parsed<V> {
  values: V & { workspace?: string; json: boolean; help: boolean };
  positionals: string[];
  paths: WorkspacePaths;
}

export function parse<O extends Options>(argv: string[], options: O) {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { ...commonOptions, ...options },
    allowPositionals: true,
    strict: true,
  });
  const v = values as Record<string, unknown>;
  return { values, positionals, paths: workspacePaths(v.workspace as string | undefined) };
}

/** Results go to stdout (JSON when asked); everything else is a log line on stderr. */
export function emit(json: boolean, result: unknown, human: () => string): void {
  process.stdout.write(json ? JSON.stringify(result, null, 2) + '\n' : human() + '\n');
}

export const log = (msg: string): void => void process.stderr.write(msg + '\n');
