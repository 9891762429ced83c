// psm check FILE — validates and reports what ingest would do, loading nothing.
import { checkFile } from '../ingest/index.ts';
import { describeCheck, type FileReport } from '../ingest/report.ts';
import { emit, log, parse } from './args.ts';

const usage = `Usage: psm check FILE [FILE ...] [--again] [--json]

  Reports what ingest would do with each file — rows that would load, be quarantined or replace
  earlier ones, and what a re-send lacks — loading nothing.
  --again  check a file already ingested as \`psm ingest --recheck\` would read it again (e.g. after
           the force mapping changed), instead of saying it is unchanged`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals, paths } = parse(argv, { again: { type: 'boolean', default: false } }, usage);
  if (!positionals.length) {
    log('usage: psm check FILE [FILE ...] [--again] [--json]');
    return 2;
  }
  const reports: FileReport[] = [];
  for (const file of positionals) reports.push(await checkFile(paths, file, { again: values.again }));
  // Every value from the file is escaped for the terminal in describeCheck (pipeline/terminal.ts).
  emit(values.json, reports.length === 1 ? reports[0] : reports, () => reports.map(describeCheck).join('\n'));
  return reports.some((r) => r.status === 'refused') ? 1 : 0;
}
