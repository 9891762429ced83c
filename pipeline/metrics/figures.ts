// Published figures vs computed values. data/published-figures.json is the project's copy of every
// figure the papers print; data/figure-map.json says which metric, grain, period and area computes
// each one (and how: the value itself, or a change between two periods); data/figures-not-covered
// .json gives the reason for each figure no metric can compute. Every figure is in one or the other.
import type { DuckDBConnection } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { dataDir } from '../config.ts';
import { getMetric } from './catalogue.ts';
import { computeMetrics, type MetricValue } from './compute.ts';
import { roundTo } from '../../dashboards/shared/format.ts';
import { grainSchema, periodPattern, type Grain } from './periods.ts';

export const publishedFiguresSchema = z.object({
  about: z.string().optional(),
  figures: z.array(
    z.looseObject({
      id: z.string().min(1),
      source: z.string(),
      paragraph: z.string(),
      measure: z.string(),
      period: z.string(),
      value: z.number(),
      unit: z.string(),
      note: z.string().optional(),
    }),
  ),
});

export const derivations = ['value', 'numerator', 'denominator', 'pct_change', 'diff_pp'] as const;

export const figureMapEntrySchema = z
  .object({
    metric: z.string(),
    grain: grainSchema,
    period: z.string(),
    area: z.string().default('force'),
    /** value: the metric's value · numerator/denominator: one of its counts (e.g. 154 granted of
     * 160) · pct_change: % change from compare_period · diff_pp: difference from compare_period. */
    derive: z.enum(derivations).default('value'),
    compare_period: z.string().optional(),
    /** Decimals the paper prints (JSON loses "19.0", so it is stated, never inferred). */
    decimals: z.number().int().min(0).max(6),
  })
  .refine((e) => periodPattern[e.grain].test(e.period), { message: 'period does not match its grain' })
  .refine((e) => (e.derive === 'pct_change' || e.derive === 'diff_pp') === (e.compare_period !== undefined), {
    message: 'compare_period is required for pct_change/diff_pp and only for them',
  })
  .refine((e) => e.compare_period === undefined || periodPattern[e.grain].test(e.compare_period), {
    message: 'compare_period does not match its grain',
  });

export const figureMapSchema = z.object({
  about: z.string().optional(),
  figures: z.record(z.string(), figureMapEntrySchema),
});

export const notCoveredSchema = z.object({
  about: z.string().optional(),
  figures: z.array(z.object({ id: z.string(), reason: z.string().min(10) })),
});

export type FigureMapEntry = z.infer<typeof figureMapEntrySchema>;

export interface FigureFiles {
  published: string;
  map: string;
  notCovered: string;
}

export const defaultFigureFiles: FigureFiles = {
  published: join(dataDir, 'published-figures.json'),
  map: join(dataDir, 'figure-map.json'),
  notCovered: join(dataDir, 'figures-not-covered.json'),
};

export interface FigureCheck extends FigureMapEntry {
  id: string;
  measure: string;
  source: string;
  paragraph: string;
  published: number;
  /** Rounded to the printed decimals: what the paper would have printed. */
  computed: number | null;
  /** Before rounding. */
  computed_exact: number | null;
  match: boolean;
}

export interface FigureReport {
  checks: FigureCheck[];
  notCovered: { id: string; reason: string }[];
  /** Published figures neither mapped nor listed as not covered. */
  unaccounted: string[];
  /** Ids in the map or not-covered list that are not published figures. */
  unknown: string[];
}

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

export function loadFigureFiles(files: FigureFiles = defaultFigureFiles) {
  const published = publishedFiguresSchema.parse(readJson(files.published)).figures;
  const map = figureMapSchema.parse(readJson(files.map)).figures;
  const notCovered = notCoveredSchema.parse(readJson(files.notCovered)).figures;
  for (const [id, e] of Object.entries(map)) {
    try {
      getMetric(e.metric);
    } catch (err) {
      throw new Error(`figure-map ${id}: ${(err as Error).message}`);
    }
  }
  return { published, map, notCovered };
}

/** Computes every mapped figure (one metric query per grain) and compares it with the paper. */
export async function checkFigures(conn: DuckDBConnection, files: FigureFiles = defaultFigureFiles): Promise<FigureReport> {
  const { published, map, notCovered } = loadFigureFiles(files);
  const byGrain = new Map<Grain, Set<string>>();
  for (const e of Object.values(map)) byGrain.set(e.grain, (byGrain.get(e.grain) ?? new Set()).add(e.metric));
  const values = new Map<string, MetricValue>();
  for (const [grain, metrics] of byGrain) {
    for (const v of await computeMetrics(conn, { metrics: [...metrics], grain })) values.set(key(v.metric, v.grain, v.period, v.area), v);
  }
  const checks: FigureCheck[] = [];
  for (const f of published) {
    const e = map[f.id];
    if (!e) continue;
    const exact = derive(e, (period) => values.get(key(e.metric, e.grain, period, e.area)));
    const computed = exact === null ? null : roundTo(exact, e.decimals);
    checks.push({
      id: f.id,
      measure: f.measure,
      source: f.source,
      paragraph: f.paragraph,
      ...e,
      published: f.value,
      computed,
      computed_exact: exact,
      match: computed !== null && Math.abs(computed - f.value) < 1e-9,
    });
  }
  const publishedIds = new Set(published.map((f) => f.id));
  const accounted = new Set([...Object.keys(map), ...notCovered.map((n) => n.id)]);
  return {
    checks,
    notCovered,
    unaccounted: published.filter((f) => !accounted.has(f.id)).map((f) => f.id),
    unknown: [...accounted].filter((id) => !publishedIds.has(id)),
  };
}

const key = (metric: string, grain: string, period: string, area: string) => `${metric}|${grain}|${period}|${area}`;

function derive(e: FigureMapEntry, at: (period: string) => MetricValue | undefined): number | null {
  const v = at(e.period);
  if (!v) return null;
  switch (e.derive) {
    case 'value':
      return v.value;
    case 'numerator':
      return v.numerator;
    case 'denominator':
      return v.denominator;
    case 'pct_change':
    case 'diff_pp': {
      const before = at(e.compare_period!)?.value ?? null;
      if (v.value === null || before === null) return null;
      if (e.derive === 'diff_pp') return v.value - before;
      return before === 0 ? null : ((v.value - before) / before) * 100;
    }
  }
}
