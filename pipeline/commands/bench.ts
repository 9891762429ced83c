// psm bench [--scale N | --sizes 1,43] [--rounds R] — ingest vs DuckDB alone, the nightly delta and every metric
// at each size, site build and page weights, pack render times, and how soon psm preview shows a commentary edit.
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../config.ts';
import { benchIngest, benchPreview, benchRoot, benchWorkspace, describePreviewBench, hasDemo, type IngestMeasure } from '../bench/index.ts';
import { DELTA_ROWS } from '../bench/delta.ts';
import { emit, log, parse } from './args.ts';

const f1 = (x: number) => x.toFixed(1);
const n0 = (x: number) => Math.round(x).toLocaleString('en-GB');

/** --sizes 1,43 measures those sizes only; --scale N measures 1, 2, 5, 10, 20 up to N, then N. */
export function benchSizes(scale: string | undefined, list: string | undefined): number[] | null {
  if (list !== undefined) {
    const sizes = list.split(',').map((s) => Number(s.trim()));
    if (!sizes.length || sizes.some((n) => !Number.isInteger(n) || n < 1 || n > 43)) return null;
    return [...new Set(sizes)].sort((a, b) => a - b);
  }
  const max = Math.max(1, Number(scale) || 1);
  return [...new Set([1, 2, 5, 10, 20].filter((s) => s < max).concat(max))];
}

/** The nightly delta's row at each size: its share of a full ingest is the figure issue targets name. */
function deltaTable(ingest: IngestMeasure[]): string[] {
  return [
    `| forces | nightly delta (${DELTA_ROWS} amended rows, s) | share of full ingest | delta peak MB | every metric × grain × area (s) | values |`,
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
    ...ingest.map(
      (m) =>
        `| ${m.forces} | ${f1(m.deltaS ?? NaN)} | ${(m.deltaShare ?? NaN).toFixed(3)} | ${n0(m.deltaPeakMb ?? NaN)} | ${f1(m.metricsS ?? NaN)} | ${n0(m.metricsValues ?? NaN)} |`,
    ),
  ];
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    scale: { type: 'string', default: '1' },
    sizes: { type: 'string' },
    rounds: { type: 'string', default: '3' },
    'ingest-only': { type: 'boolean', default: false },
  });
  const sizes = benchSizes(values.scale, values.sizes);
  if (!sizes) {
    log(`psm bench: --sizes takes force counts from 1 to 43 separated by commas, e.g. --sizes 1,43 (given: ${values.sizes})`);
    return 2;
  }
  const demoInbox = join(benchRoot, 'demo-inbox');
  if (!hasDemo(demoInbox)) {
    log('Generating the demo force for the benchmark…');
    const { generateDemo } = await import('../demo/index.ts');
    const t0 = performance.now();
    await generateDemo(demoInbox, { seed: 1 });
    log(`  generated in ${f1((performance.now() - t0) / 1000)} s`);
  }
  log('Ingest (each in a fresh process; peak = max resident memory):');
  const ingest = await benchIngest(demoInbox, sizes, log, Math.max(1, Number(values.rounds) || 1));
  const result: Record<string, unknown> = { ingest };
  const lines = [
    '| forces | rows | DuckDB alone (s) | ingest (s) | ratio | rows/s | peak MB (DuckDB / ingest) |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...ingest.map(
      (m: IngestMeasure) =>
        `| ${m.forces} | ${n0(m.rows)} | ${f1(m.baselineS)} | ${f1(m.ingestS)} | ${m.ratio.toFixed(2)} | ${n0(m.rowsPerS)} | ${n0(m.baselinePeakMb)} / ${n0(m.ingestPeakMb)} |`,
    ),
  ];
  lines.push('', ...deltaTable(ingest));
  const rounds = ingest[0]?.rounds;
  if (rounds)
    lines.push('', `One force, ${rounds.length} rounds (the median is shown): ratios ${rounds.map((r) => r.toFixed(2)).join(', ')}.`);
  if (ingest.length > 1) {
    const first = ingest[0]!;
    const last = ingest[ingest.length - 1]!;
    lines.push(
      '',
      `Growth: ${last.forces}× the data took ${(last.ingestS / first.ingestS).toFixed(1)}× the time (linear would be ${last.forces}×).`,
    );
  }
  if (!values['ingest-only']) {
    const paths = benchWorkspace();
    const { buildSite } = await import('../site/build.ts');
    // The demo meetings first: their pack pages are part of the site build being measured.
    cpSync(join(repoRoot, 'reports'), paths.reports, { recursive: true, filter: (src) => !src.includes('/out') });
    log('Site build (loader cache cleared first)…');
    const site = await buildSite(paths, { onOutput: () => undefined }); // quiet: the bench prints only figures
    result.site = site;
    lines.push(
      '',
      `Site build: ${f1(site.seconds)} s (target < 60 s).`,
      '',
      '| page | data (KB) |',
      '| --- | ---: |',
      ...site.pages.map((p) => `| ${p.page} | ${n0(p.dataBytes / 1024)} |`),
    );
    const { renderPack } = await import('../render/pack.ts');
    const { meetingIds } = await import('../packs/meeting.ts');
    const packs = [];
    for (const id of meetingIds(paths.reports)) {
      const t0 = performance.now();
      const r = await renderPack(paths, id);
      packs.push({ meeting: id, seconds: (performance.now() - t0) / 1000, pages: r.manifest.pages });
    }
    result.packs = packs;
    lines.push(
      '',
      '| pack | pages | render (s) |',
      '| --- | ---: | ---: |',
      ...packs.map((p) => `| ${p.meeting} | ${p.pages} | ${f1(p.seconds)} |`),
    );
    log('psm preview: a commentary edit until it shows on the open page…');
    const preview = await benchPreview(paths, '2023-11-08-vawg');
    result.preview = preview;
    lines.push('', describePreviewBench(preview));
  }
  emit(values.json, result, () => lines.join('\n'));
  return 0;
}
