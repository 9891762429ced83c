// Reporting periods: the grains every metric is computed at and what their period ids look like.
// The SQL that lists the periods is pipeline/models/marts/periods.sql; this is the TypeScript side.
// How a period reads (periodLabel, monthLabel, grainLabels) is dashboards/shared/format.ts.
import { z } from 'zod';
import { grains, type Grain } from '../../dashboards/shared/format.ts';

export { grains, type Grain } from '../../dashboards/shared/format.ts';
export const grainSchema = z.enum(grains);

/** Period id formats, per grain: used to validate figure-map entries and CLI input. */
export const periodPattern: Record<Grain, RegExp> = {
  month: /^\d{4}-(0[1-9]|1[0-2])$/,
  quarter: /^\d{4}-Q[1-4]$/,
  fy: /^\d{4}\/\d{2}$/,
  cy: /^\d{4}$/,
  r12: /^\d{4}-(0[1-9]|1[0-2])$/,
  fytd: /^\d{4}-(0[1-9]|1[0-2])$/,
};

export const yearMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM');

/** First day of a YYYY-MM month, as an ISO date. */
export const monthStart = (ym: string): string => `${ym}-01`;

/** Last day of a YYYY-MM month, as an ISO date. */
export function monthEnd(ym: string): string {
  const [y, m] = ym.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${ym}-${String(last).padStart(2, '0')}`;
}
