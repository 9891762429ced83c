// How current each extract is, judged against the day the site is built (PSM_NOW pins it), not
// against the other extracts: six extracts that all stop three years ago agree with one another
// perfectly and are still three years old. An analyst reads "last data 31 Oct 2023, 37 months ago".
import { londonParts } from '../time/london-time.ts';

export type FreshnessStatus = 'current' | 'out_of_date' | 'behind' | 'empty';

export interface Freshness {
  status: FreshnessStatus;
  /** The status in words, for the table: "Up to date", "Out of date", "Behind the others by 45 days". */
  label: string;
  /** How long before the build day the data stop: "37 months ago", "12 days ago"; null with no data. */
  age: string | null;
  /** Whole calendar months from the last day of data to the build day. */
  monthsOld: number | null;
}

const DAY = 86_400_000;
const utc = (ymd: string): Date => new Date(`${ymd.slice(0, 10)}T00:00:00Z`);

/** The build day as the analyst's calendar has it (Europe/London), "YYYY-MM-DD". */
export function londonDay(now: Date): string {
  const { year, month, day } = londonParts(now);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** `d` plus `n` calendar months, the day clamped to the month's length (31 Oct + 1 = 30 Nov). */
function addMonths(d: Date, n: number): Date {
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + n;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(d.getUTCDate(), last)));
}

/** Whole calendar months from `from` to `to` (both "YYYY-MM-DD"); 0 when `to` is not later. */
export function wholeMonths(from: string, to: string): number {
  const a = utc(from);
  const b = utc(to);
  if (b <= a) return 0;
  let n = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + (b.getUTCMonth() - a.getUTCMonth());
  // A month has passed once the same day comes round again, or the month's last day when it has
  // fewer days: 30 Nov is a whole month after 31 Oct.
  if (addMonths(a, n) > b) n -= 1;
  return n;
}

/** "37 months ago", "12 days ago", "today". */
export function ageText(last: string, today: string): string {
  const months = wholeMonths(last, today);
  if (months >= 1) return `${months} month${months === 1 ? '' : 's'} ago`;
  const days = Math.round((utc(today).getTime() - utc(last).getTime()) / DAY);
  if (days <= 0) return 'today';
  return `${days} day${days === 1 ? '' : 's'} ago`;
}

/**
 * Extracts arrive monthly, some weeks after the month ends, so data into the month before last is
 * still current (all December, data to 31 Oct: November's file may not be in yet); from the first
 * of the month after, a month's file is missing. Counted in calendar months, not days, so the day
 * it turns does not hang on how long the months are.
 */
export const STALE_AFTER_MONTHS = 2;
/** Calendar months from the month of `from` to the month of `to` (Oct → Dec is 2). */
const calendarMonths = (from: string, to: string): number =>
  (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7));
/** An extract stopping more than a month before the newest one leaves the packs' months uneven. */
export const BEHIND_AFTER_DAYS = 31;

export function judgeFreshness<T extends { rows: number; last: string | null }>(extracts: T[], today: string): (T & Freshness)[] {
  const newest = extracts.map((e) => e.last).filter((l): l is string => Boolean(l)).sort().at(-1);
  return extracts.map((e) => {
    if (!e.rows || !e.last) return { ...e, status: 'empty', label: 'No data', age: null, monthsOld: null };
    const monthsOld = wholeMonths(e.last, today);
    const age = ageText(e.last, today);
    if (calendarMonths(e.last, today) > STALE_AFTER_MONTHS) return { ...e, status: 'out_of_date', label: 'Out of date', age, monthsOld };
    const lag = newest ? Math.round((utc(newest).getTime() - utc(e.last).getTime()) / DAY) : 0;
    if (lag > BEHIND_AFTER_DAYS) return { ...e, status: 'behind', label: `Behind the others by ${lag} days`, age, monthsOld };
    return { ...e, status: 'current', label: 'Up to date', age, monthsOld };
  });
}
