// `psm build`: builds the dashboards (and each meeting's print page) into the workspace's site/.
import { buildSite } from '../site/build.ts';
import { emit, log, parse } from './args.ts';

const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;

const usage =
  'Usage: psm build [--audience panel|analyst] [--workspace DIR] [--json]\n\n' +
  'Builds the site into <workspace>/site from the published warehouse. The panel build (the default)\n' +
  'shows small numbers below force level as [c]; the analyst build shows every value: do not share it.';

export async function run(argv: string[]): Promise<number> {
  const { values, paths } = parse(argv, { audience: { type: 'string', default: 'panel' } }, usage);
  if (values.audience !== 'panel' && values.audience !== 'analyst') {
    log(`psm build: --audience must be panel or analyst, not "${values.audience}"`);
    return 2;
  }
  log(`Building the ${values.audience} site from ${paths.warehouse}`);
  const result = await buildSite(paths, { audience: values.audience });
  const heaviest = Math.max(0, ...result.pages.map((p) => p.dataBytes));
  emit(values.json, result, () =>
    [
      `Built ${result.pages.length} pages into ${result.site} in ${result.seconds.toFixed(1)} s`,
      // Every page came from this one publish, however many happened during the build.
      `  from the warehouse published ${result.warehouse.modifiedAt.slice(0, 16).replace('T', ' ')} UTC (SHA-256 ${result.warehouse.sha256.slice(0, 12)}…)`,
      ...result.pages.map((p) => `  ${p.page.padEnd(28)} ${kb(p.dataBytes).padStart(10)} of data`),
      `Heaviest page: ${kb(heaviest)} of data (target: under 500 KB)`,
    ].join('\n'),
  );
  return 0;
}
