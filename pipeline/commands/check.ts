// psm check FILE — validates and reports what ingest would do, loading nothing.
import { checkFile } from '../ingest/index.ts';
import { describeCheck, type FileReport } from '../ingest/report.ts';
import { emit, log, parse } from './args.ts';


export async function run(argv: string[]): Promise<number> {
  const { values, positionals, paths } = parse(argv, {});
  if (!positionals.length) {
    log('usage: psm check FILE [FILE ...] [--json]');
    return 2;
  }
  const reports: FileReport[] = [];
  for (const file of positionals) reports.push(await checkFile(paths, file));
  emit(values.json, reports.length === 1 ? reports[0] : reports, () => reports.map(describeCheck).join('\n'));
  return reports.some((r) => r.status === 'refused') ? 1 : 0;
}
