// Analyst annotations: dated events ("Dec 2022: IVR introduced for 101") drawn on charts and listed
// in packs, so a shift on an SPC chart is read next to the change that may explain it.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { dayLabel, monthLabel, shiftMonth } from '../../dashboards/shared/format.ts';

function isCalendarDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** A metric id ('calls101_calls'), a prefix pattern ('calls101_*'), or '*' for every metric. */
const metricPattern = z.string().regex(/^(\*|[a-z0-9]+(_[a-z0-9]+)*(_\*)?)$/, "must be a metric id, a prefix such as 'calls101_*', or '*'");

export const annotationSchema = z
  .object({
    date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')
      .refine(isCalendarDate, 'is not a real calendar date'),
    /** 'month' when the source gives only the month: the date is then the 1st and is shown as "Dec 2022". */
    precision: z.enum(['day', 'month']).default('day'),
    label: z.string().trim().min(1, 'must not be empty'),
    detail: z.string().trim().min(1).optional(),
    /** Where the event is documented, e.g. a paper and paragraph; shown in the pack's notes. */
    source: z.string().trim().min(1).optional(),
    metrics: z.array(metricPattern).min(1, 'must name at least one metric or pattern'),
    /**
     * The analyst's call that this change started a new process: control limits are worked out
     * afresh from it (stats/rebase.ts). `true` rebases every metric the entry names; a list of
     * patterns rebases only those (the event still shows on the others' charts).
     */
    rebase: z.union([z.boolean(), z.array(metricPattern).min(1)]).optional(),
  })
  .strict();

export type Annotation = z.output<typeof annotationSchema>;

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(entry)';
  return `${where}: ${issue.message}`;
}

/**
 * Reads and validates an annotations file (a JSON array). Errors name the file and the entry's
 * 0-based index, so the analyst who edited it by hand can find the line.
 */
export function loadAnnotations(path: string): Annotation[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`${path}: cannot read annotations: ${(err as Error).message}`);
  }
  if (!Array.isArray(raw)) throw new Error(`${path}: expected a JSON array of annotations`);
  return raw
    .map((entry, i) => {
      const parsed = annotationSchema.safeParse(entry);
      if (!parsed.success) {
        const label = typeof (entry as { label?: unknown })?.label === 'string' ? ` ("${(entry as { label: string }).label}")` : '';
        const issues = parsed.error.issues.map(describeIssue).join('; ');
        throw new Error(`${path}: annotation at index ${i}${label} is invalid: ${issues}`);
      }
      return parsed.data;
    })
    .sort((a, b) => a.date.localeCompare(b.date));
}

/** True when a pattern from an annotation covers the metric id. */
export function matchesMetric(pattern: string, metricId: string): boolean {
  if (pattern === '*') return true;
  return pattern.endsWith('*') ? metricId.startsWith(pattern.slice(0, -1)) : pattern === metricId;
}

/** Annotations that apply to one metric, oldest first, optionally within [from, to] (YYYY-MM-DD). */
export function annotationsFor(metricId: string, list: Annotation[], range: { from?: string; to?: string } = {}): Annotation[] {
  return list
    .filter((a) => a.metrics.some((p) => matchesMetric(p, metricId)))
    .filter((a) => (range.from === undefined || a.date >= range.from) && (range.to === undefined || a.date <= range.to))
    .sort((a, b) => a.date.localeCompare(b.date));
}

export interface RebasePoint {
  /** The first month of the new process (YYYY-MM). */
  month: string;
  when: string;
  label: string;
  /** The entry it comes from (not written to any page). */
  annotation?: Annotation;
}

/**
 * The months at which a metric's monthly control chart starts new limits, oldest first. A change
 * dated the 1st (or known only to the month) starts its own month; one dated later in the month
 * starts the next, the first whole month of the new process (27 Feb 2023 → Mar 2023).
 */
export function rebasePointsFor(metricId: string, list: Annotation[]): RebasePoint[] {
  return annotationsFor(metricId, list)
    .filter((a) => (Array.isArray(a.rebase) ? a.rebase.some((p) => matchesMetric(p, metricId)) : a.rebase === true))
    .map((a) => ({ month: rebaseMonth(a), when: formatAnnotationDate(a), label: a.label, annotation: a }));
}

/** For a chart's annotation key: the first month of new limits an annotation starts for this metric, or undefined. */
export function rebaseFromOf(metricId: string, list: Annotation[]): (a: Annotation) => string | undefined {
  const marked = new Set(rebasePointsFor(metricId, list).map((r) => r.annotation));
  return (a) => (marked.has(a) ? rebaseMonth(a) : undefined);
}

function rebaseMonth(a: Pick<Annotation, 'date' | 'precision'>): string {
  return a.precision === 'month' || a.date.endsWith('-01') ? a.date.slice(0, 7) : shiftMonth(a.date, 1);
}

/** "9 Jan 2023", or "Dec 2022" when only the month is known. */
export function formatAnnotationDate(a: Pick<Annotation, 'date' | 'precision'>): string {
  return a.precision === 'month' ? monthLabel(a.date) : dayLabel(a.date);
}
