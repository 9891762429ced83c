// What one catalogue entry is: the zod schema every metric is validated against, and its types.
// Its own module, so the entries under catalogue/ and rollup.ts can type themselves against it
// without importing the catalogue that imports them. Units are the formatting module's.
import { z } from 'zod';
import { units } from '../../dashboards/shared/format.ts';
import { extractNames } from '../extracts/index.ts';
import { grainSchema } from './periods.ts';
import { rollups } from './rollup.ts';

export const polarities = ['up_is_good', 'down_is_good', 'neutral'] as const;
export const families = ['vawg', 'rasso', 'orders', 'contact', 'dvds', 'violence'] as const;

export const metricSchema = z.object({
  /** snake_case, unit in the suffix (_pct, _per_1000, _days, _s); = the SQL file name. */
  id: z.string().regex(/^[a-z][a-z0-9_]*$/),
  title: z.string().min(1),
  /** Plain English: exactly what is counted, over what, placed by which date, which codes. */
  definition: z.string().min(40),
  unit: z.enum(units),
  /** Is a rise good news? Drives the SPC "improvement"/"concern" colouring. */
  polarity: z.enum(polarities),
  /** A published target in the metric's unit, where one exists. */
  target: z.number().optional(),
  defaultGrain: grainSchema,
  /** How the value is computed from numerator and denominator (what the stats helpers test). */
  method: z.string().min(1),
  /**
   * How the SQL file's rows become each period's value (rollup.ts): additive metrics give one row
   * per month and area and are summed over each window; 'none' = the SQL computes every period.
   */
  rollup: z.enum(rollups),
  /** The extracts the SQL reads. */
  sources: z.array(z.enum(extractNames)).min(1),
  /** Whether the source carries an area: calls and DVDS are force-wide only. */
  areas: z.enum(['force_and_areas', 'force_only']),
  caveats: z.array(z.string()),
  family: z.enum(families),
  /**
   * false for a percentage whose numerator is not a subset of its denominator (breaches per 100
   * applications can pass 100%): intervals and tests treat it as a Poisson rate per 100, not a proportion.
   */
  proportion: z.boolean().optional(),
});

export type Metric = z.infer<typeof metricSchema>;
export type MetricInput = z.input<typeof metricSchema>;
