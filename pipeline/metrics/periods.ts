// Reporting periods: the grains every metric is computed at, and how their period ids read.
// The SQL that lists the periods is pipeline/models/marts/periods.sql; this is the TypeScript side.
import { z } from 'zod';

export const grains = ['month', 'quarter', 'fy', 'cy', 'r12', 'fytd'] as const;
export const grainSchema = z.enum(grains);
export type Grain = z.infer<typeof grainSchema>;

/** What each grain means, and what its period id looks like. */
export const grainLabels: Record<Grain, { label: string; example: string }> = {
  month: { label: 'calendar month', example: '2023-07' },
  quarter: { label: 'calendar quarter', example: '2023-Q3' },
  fy: { label: 'financial year (April to March)', example: '2022/23' },
  cy: { label: 'calendar year', example: '2023' },
  r12: { label: 'rolling 12 months to the end of the month', example: '2023-07' },
  fytd: { label: 'financial year to date, to the end of the month', example: '2023-08' },
};

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

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Sep 2023": three letters always, as the papers print them (ICU's en-GB short month is "Sept"). */
export function monthLabel(ym: string): string {
  return `${MONTHS[Number(ym.slice(5, 7)) - 1]} ${ym.slice(0, 4)}`;
}

/** A human label for a period, e.g. r12 '2023-07' → '12 months to Jul 2023', fytd '2022-10' → 'Apr–Oct 2022'. */
export function periodLabel(grain: Grain, period: string): string {
  switch (grain) {
    case 'month':
      return monthLabel(period);
    case 'quarter':
      return period.replace('-', ' ');
    case 'fy':
      return `FY ${period}`;
    case 'cy':
      return period;
    case 'r12':
      return `12 months to ${monthLabel(period)}`;
    case 'fytd': {
      // The financial year starts in April: the months from its April to this one.
      const [y, m] = period.split('-').map(Number) as [number, number];
      const from = m >= 4 ? y : y - 1;
      if (m === 4) return monthLabel(period);
      return from === y ? `Apr–${MONTHS[m - 1]} ${y}` : `Apr ${from}–${monthLabel(period)}`;
    }
  }
}
