// The nightly delta: what a night costs when one small amended file arrives onto a warehouse that
// already holds every earlier file, and what every metric × grain × area costs at that size. Both
// run in a fresh process, like the ingest they are compared with (bench/child.ts).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Rows in the amended file: the size of a typical correction a force sends overnight. */
export const DELTA_ROWS = 50;

export interface DeltaMeasure {
  /** The delta's own time and peak, and its share of the full ingest of the same warehouse. */
  deltaS: number;
  deltaPeakMb: number;
  deltaShare: number;
  /** Every metric at every grain, period and area, disclosure judged, from the published warehouse. */
  metricsS: number;
  metricsValues: number;
}

/**
 * A re-send of the first DELTA_ROWS crimes of 2023/24 with the domestic abuse flag turned: every row
 * supersedes one already loaded, as an amendment does. Its name carries the size so each bench
 * workspace gets bytes it has not seen.
 */
export function writeDeltaFile(demoInbox: string, dir: string, forces: number): string {
  const lines = readFileSync(join(demoInbox, 'crimes_2023-24.csv'), 'utf8').split('\n');
  const body = lines.slice(1, DELTA_ROWS + 1).map((l) => (l.endsWith(',N') ? `${l.slice(0, -1)}Y` : `${l.slice(0, -1)}N`));
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `crimes_2023-24_amended_${forces}f.csv`);
  writeFileSync(path, [lines[0], ...body, ''].join('\n'));
  return path;
}
