// The benchmark behind `npm run bench`: every figure is printed next to a baseline measured in the
// same run (DuckDB alone loading the same files), so machines of different speed compare fairly.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, workspacePaths } from '../config.ts';
import { writeDeltaFile, type DeltaMeasure } from './delta.ts';
import { forceCopy } from './scale.ts';

export { benchPreview, describePreviewBench, type PreviewMeasure } from './preview.ts';

export const benchRoot = join(repoRoot, '.bench');

export interface IngestMeasure extends Partial<DeltaMeasure> {
  forces: number;
  rows: number;
  baselineS: number;
  ingestS: number;
  ratio: number;
  rowsPerS: number;
  baselinePeakMb: number;
  ingestPeakMb: number;
  /** Every round's ratio, when the size was measured more than once (the figures are the median round's). */
  rounds?: number[];
}

function measure(args: string[], env: NodeJS.ProcessEnv = process.env): { ms: number; rows: number; maxRssMb: number } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'pipeline/bench/child.ts'), ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    env,
  });
  if (r.status !== 0) throw new Error(`bench child failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

const listFiles = (dir: string) =>
  readdirSync(dir)
    .filter((f) => /\.csv(\.gz)?$/.test(f))
    .map((f) => join(dir, f));

/**
 * Ingest vs DuckDB alone, for 1..N forces. The demo size is measured `rounds` times, baseline and
 * ingest alternating, and the median round reported: a shared machine's speed drifts by a third.
 */
export async function benchIngest(demoInbox: string, sizes: number[], log: (s: string) => void, rounds = 3): Promise<IngestMeasure[]> {
  const forceDirs = [demoInbox];
  const out: IngestMeasure[] = [];
  for (const n of sizes) {
    for (let k = forceDirs.length + 1; k <= n; k++) {
      log(`  preparing force ${k} (prefixed copy of the demo)…`);
      const dir = join(benchRoot, `force-${k}`);
      await forceCopy(demoInbox, dir, k, join(repoRoot, 'data', 'force-mapping.json'));
      forceDirs.push(dir);
    }
    const dirs = forceDirs.slice(0, n);
    const files = dirs.flatMap(listFiles);
    const ws = join(benchRoot, `ws-${n}`);
    const db = join(benchRoot, `baseline-${n}.duckdb`);
    const measured: IngestMeasure[] = [];
    for (let round = 1; round <= (n === 1 ? rounds : 1); round++) {
      for (const p of [ws, db]) rmSync(p, { recursive: true, force: true });
      mkdirSync(ws, { recursive: true });
      log(`  ${n} force(s)${n === 1 && rounds > 1 ? `, round ${round}` : ''}: DuckDB alone…`);
      const base = measure(['baseline', db, ...files]);
      log(`  ${n} force(s): pipeline ingest…`);
      const ing = measure(['ingest', ws, ...dirs]);
      rmSync(db, { force: true });
      measured.push({
        forces: n,
        rows: ing.rows,
        baselineS: base.ms / 1000,
        ingestS: ing.ms / 1000,
        ratio: ing.ms / base.ms,
        rowsPerS: ing.rows / (ing.ms / 1000),
        baselinePeakMb: base.maxRssMb,
        ingestPeakMb: ing.maxRssMb,
      });
    }
    const byRatio = [...measured].sort((a, b) => a.ratio - b.ratio);
    const median = byRatio[Math.floor((byRatio.length - 1) / 2)]!;
    const whole = measured.length > 1 ? { ...median, rounds: measured.map((m) => m.ratio) } : median;
    out.push({ ...whole, ...measureDelta(demoInbox, ws, whole, log) });
    if (n > 1) rmSync(ws, { recursive: true, force: true });
  }
  return out;
}

/** One amended file onto the warehouse just ingested, then every metric from the result. */
function measureDelta(demoInbox: string, ws: string, whole: IngestMeasure, log: (s: string) => void): DeltaMeasure {
  log(`  ${whole.forces} force(s): nightly delta (${whole.forces > 1 ? 'force 1' : 'the demo'}: one amended crimes file)…`);
  const delta = measure(['ingest', ws, writeDeltaFile(demoInbox, join(benchRoot, 'delta'), whole.forces)]);
  log(`  ${whole.forces} force(s): every metric × grain × area…`);
  const metrics = measure(['metrics', ws]);
  return {
    deltaS: delta.ms / 1000,
    deltaPeakMb: delta.maxRssMb,
    deltaShare: delta.ms / 1000 / whole.ingestS,
    metricsS: metrics.ms / 1000,
    metricsValues: metrics.rows,
  };
}

export const benchWorkspace = () => workspacePaths(join(benchRoot, 'ws-1'));
export const hasDemo = (dir: string) => existsSync(dir) && listFiles(dir).length > 0;
