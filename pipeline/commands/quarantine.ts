// psm quarantine [FILE ...] [--limit N] — wiring only: see pipeline/ingest/problems.ts.
import { listProblems, type ProblemList } from '../ingest/problems.ts';
import { forTerminal as t } from '../terminal.ts';
import { emit, parse } from './args.ts';

const usage = `Usage: psm quarantine [FILE ...] [--limit N] [--json]

  Lists the rows of ingested files that were quarantined (not loaded) or loaded with a warning,
  by file, line and field, with the reason. FILE: a file's name as it was ingested (default: all).
  --limit  how many rows to print (default 200; 0 for all)`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals, paths } = parse(argv, { limit: { type: 'string', default: '200' } }, usage);
  const limit = Number(values.limit);
  if (!/^\d+$/.test(String(values.limit).trim()) || !Number.isInteger(limit) || limit < 0)
    throw new Error(`--limit ${values.limit}: give a whole number (0 for every row)`);
  const list = await listProblems(paths, positionals, limit);
  emit(values.json, list, () => describe(list));
  return 0;
}

function describe(list: ProblemList): string {
  if (!list.total) return `No quarantined rows or warnings in ${list.warehouse}.`;
  // Names, fields and reasons (which quote the value) came from the files: a value holding ESC or
  // OSC sequences must show as text, not drive the terminal.
  const lines = list.rows.map(
    (r) => `${t(r.file)}:${r.line}  ${t(r.field ?? '(row)')}  ${t(r.reason)}${r.outcome === 'warning' ? '  [loaded, with a warning]' : ''}`,
  );
  if (list.rows.length < list.total)
    lines.push(`… ${list.rows.length} of ${list.total.toLocaleString('en-GB')} rows shown (--limit 0 for all, --json for a file)`);
  return lines.join('\n');
}
