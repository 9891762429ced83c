// The pack's computed figures, kept on disk between runs of its data loader for psm preview. Every
// edit to a commentary file, questions.md or meeting.json reruns the loader (a new process), and
// computing the meeting's metrics is most of its time: the figures depend only on the warehouse,
// the metric SQL and which metrics the meeting uses, so they are kept under a key of exactly those
// and the loader recomputes them only when one of them changes (a new reference to another metric,
// say). The preview's loader asks for it (site/preview.ts); psm build and psm pack always compute.
import type { DuckDBConnection } from '@duckdb/node-api';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { computeMetrics, type MetricValue } from '../metrics/compute.ts';

export interface MetricCache {
  /** A folder of its own (psm preview's private root). */
  dir: string;
  /** The warehouse file the loader reads: its identity (inode, size, modification time) is in the key. */
  warehouse: string;
}

/** The cache file for these metrics of this warehouse under this catalogue. */
export function metricCacheFile(cache: MetricCache, metrics: readonly string[], catalogueVersion: string): string {
  const st = statSync(cache.warehouse);
  const key = createHash('sha256')
    .update(JSON.stringify({ warehouse: [cache.warehouse, st.ino, st.size, st.mtimeMs], catalogueVersion, metrics: [...metrics].sort() }))
    .digest('hex');
  return join(cache.dir, `metrics-${key.slice(0, 32)}.json`);
}

/** computeMetrics for `metrics`, read from the cache when it holds them, else computed and kept. */
export async function cachedMetrics(
  conn: DuckDBConnection,
  metrics: string[],
  catalogueVersion: string,
  cache: MetricCache | undefined,
): Promise<MetricValue[]> {
  if (!cache) return computeMetrics(conn, { metrics });
  const file = metricCacheFile(cache, metrics, catalogueVersion);
  if (existsSync(file)) {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as MetricValue[];
    } catch {
      // torn or unreadable: computed again below, and written over
    }
  }
  const rows = await computeMetrics(conn, { metrics });
  mkdirSync(cache.dir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(rows));
  renameSync(tmp, file); // whole or not at all: a loader run beside it never reads half a file
  return rows;
}
