// The embedded demo force: a Derbyshire-sized force's record-level extracts, April 2019 to October
// 2023, written into an inbox. Deterministic for a seed. Calibrated so that the metric
// definitions, run on the rows ingest keeps, reproduce every published figure they cover; the
// deliberate mess (bad rows, duplicates, an amended re-send, encodings) never changes those rows.
import { mkdirSync } from 'node:fs';
import { write101 } from './calls-101.ts';
import { write999 } from './calls-999.ts';
import { plan101, plan999 } from './calls-plan.ts';
import { crimeTargets } from './crime-series.ts';
import { generateCrimes } from './crimes.ts';
import type { WrittenFile } from './csv-writer.ts';
import { generateDvds } from './dvds.ts';
import { generateOrders } from './orders.ts';
import { generateOutcomes } from './outcomes.ts';
import { fork } from './prng.ts';
import { calibrateRasso } from './rasso.ts';
import { writeCrimes, writeOutcomes } from './write-crimes.ts';
import { writeBreaches, writeDvds, writeOrders } from './write-orders.ts';

export interface DemoOptions {
  seed: number;
  /**
   * Volume scale (default 1). Below 1 the files are smaller (fast tests) and can no longer
   * reproduce the printed figures, so exactness is only asserted at full scale.
   */
  scale?: number;
}

export interface DemoFile {
  path: string;
  extract: string;
  rows: number;
  bytes: number;
}

export interface DemoResult {
  files: DemoFile[];
  /** Deliberately bad rows written, by extract and kind (ingest should quarantine or warn on each). */
  mess: Record<string, Record<string, number>>;
  /** Crimes re-sent corrected in crimes_2022-23_amended.csv. */
  amended: number;
  ms: number;
}

const merge = (parts: Record<string, number>[]) => {
  const out: Record<string, number> = {};
  for (const p of parts) for (const [k, v] of Object.entries(p)) out[k] = (out[k] ?? 0) + v;
  return out;
};

export async function generateDemo(inboxDir: string, opts: DemoOptions): Promise<DemoResult> {
  const t0 = performance.now();
  const scale = opts.scale ?? 1;
  const exact = scale === 1;
  const seed = opts.seed;
  mkdirSync(inboxDir, { recursive: true });

  const crimes = generateCrimes(fork(seed, 'crimes'), crimeTargets(fork(seed, 'crime-targets'), scale));
  const outcomes = generateOutcomes(fork(seed, 'outcomes'), crimes);
  calibrateRasso(fork(seed, 'rasso'), crimes, outcomes, exact);
  const { orders, breaches } = generateOrders(fork(seed, 'orders'), crimes);
  const dvds = generateDvds(fork(seed, 'dvds'), scale);

  // The big call files first: their gzip runs in the background while the rest is written.
  const c999 = await write999(fork(seed, 'calls-999'), inboxDir, plan999(fork(seed, 'plan-999'), scale));
  const c101 = await write101(fork(seed, 'calls-101'), inboxDir, plan101(fork(seed, 'plan-101'), scale), exact);
  const cr = writeCrimes(fork(seed, 'write-crimes'), inboxDir, crimes);
  const oc = writeOutcomes(fork(seed, 'write-outcomes'), inboxDir, crimes, outcomes);
  const or = writeOrders(fork(seed, 'write-orders'), inboxDir, crimes, orders);
  const br = writeBreaches(fork(seed, 'write-breaches'), inboxDir, breaches);
  const dv = writeDvds(fork(seed, 'write-dvds'), inboxDir, dvds);

  const written: WrittenFile[] = await Promise.all([...c999.files, ...c101.files, ...cr.files, ...oc.files, or.file, br.file, dv.file]);
  const files = written
    .map((f) => ({ path: f.path, extract: f.extract, rows: f.rows, bytes: f.bytes }))
    .sort((a, b) => (a.path < b.path ? -1 : 1));
  return {
    files,
    mess: {
      calls: merge([...c999.mess, ...c101.mess]),
      crimes: merge(cr.mess),
      outcomes: merge(oc.mess),
      orders: or.mess,
      breaches: br.mess,
      dvds: dv.mess,
    },
    amended: cr.amended,
    ms: Math.round(performance.now() - t0),
  };
}
