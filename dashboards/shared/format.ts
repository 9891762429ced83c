// How every figure and period reads, wherever it is printed: the terminal, the pack's prose,
// tables and charts, and the dashboards' pages. One module, imported by pipeline/ and by the page
// code alike, so the two cannot drift apart (they once had six copies that disagreed).
//
// It lives inside the Framework root because Framework refuses a page import from outside it
// ("non-local import"). Page code imports it as "../shared/format.js": Framework finds the .ts and
// transpiles it, while a ".ts" specifier is left out of the built site. It imports nothing at all,
// so anything may import it (test/architecture/imports.test.ts holds it to that). British English
// throughout: "84.9%", "12.3 s", "1,234", "Sep 2023".

/** The units a metric is measured in (the catalogue's `unit`). */
export const units = ['count', 'pct', 'per_1000', 'days', 'seconds'] as const;
export type Unit = (typeof units)[number];

/**
 * Decimal places per unit: the precision the papers print, and the pages, charts and pack summary
 * rows show. The one table; the only departure from it is the named `wholeSeconds` option.
 */
export const unitDecimals: Readonly<Record<Unit, number>> = { count: 0, pct: 1, per_1000: 2, days: 0, seconds: 1 };

/** What follows a number: `short` on pages and in the terminal ("12.3 s"), `long` in sentences ("12.3 seconds"). */
const unitWords: Readonly<Record<Unit, { short: string; long: string }>> = {
  count: { short: '', long: '' },
  pct: { short: '%', long: '%' },
  per_1000: { short: 'per 1,000', long: 'per 1,000' },
  days: { short: 'days', long: 'days' },
  seconds: { short: 's', long: 'seconds' },
};

/** The unit as a data file's Unit column names it: "count", "%", "per 1,000", "days", "seconds". */
export function unitLabel(unit: string | null | undefined): string {
  const u = unitOf(unit);
  return u === undefined ? '' : u === 'count' ? 'count' : unitWords[u].long;
}

/** Other spellings of a unit that reach the formatters: the page components' '%' and 's', and '' for a plain number. */
const unitAliases: Readonly<Record<string, Unit>> = { '': 'count', '%': 'pct', s: 'seconds' };

/** The unit a name stands for, or undefined for a name that is no unit. */
export function unitOf(name: string | null | undefined): Unit | undefined {
  if (name === null || name === undefined) return undefined;
  return (units as readonly string[]).includes(name) ? (name as Unit) : unitAliases[name];
}

export const isPct = (unit: string | null | undefined): boolean => unitOf(unit) === 'pct';

export interface DecimalsOptions {
  /**
   * Times to the whole second ("228 seconds"), as the pack's prose and tables and `psm metrics`
   * print them. The pages, the charts and the pack's summary rows keep one place: a move in ring
   * times is often under a second, which whole seconds would hide.
   */
  wholeSeconds?: boolean;
}

/** Decimal places for a unit (one place for a name that is no unit). */
export function decimalsFor(unit: string | null | undefined, options: DecimalsOptions = {}): number {
  const u = unitOf(unit);
  if (u === undefined) return 1;
  return u === 'seconds' && options.wholeSeconds ? 0 : unitDecimals[u];
}

/**
 * Rounds half away from zero, as the force's spreadsheets do (Excel ROUND), with a nudge so a value
 * like 16.875 stored as 16.87499999… (or 23 of 80 as 28.749999…%) still rounds up.
 */
export function roundTo(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return (Math.sign(x) * Math.round(Math.abs(x) * f * (1 + 4 * Number.EPSILON))) / f;
}

export const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** "1,234.5": rounded as roundTo, grouped in thousands; "–" for no number. */
export function formatNumber(x: number | null | undefined, decimals = 0): string {
  if (!isNumber(x)) return '–';
  return roundTo(x, decimals).toLocaleString('en-GB', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** How a suppressed small number travels to the page. */
export const SUPPRESSED = 'c';

export interface ValueOptions extends DecimalsOptions {
  /** Decimal places; default the unit's (decimalsFor). */
  decimals?: number | null;
  /** The unit's word after the number: 'short' (default) or 'long'. */
  words?: 'short' | 'long';
}

/** A value split into its number and the word after it, for layouts that set the unit smaller. */
export function valueParts(v: unknown, unit: string | null | undefined, options: ValueOptions = {}): { number: string; suffix: string } {
  if (v === SUPPRESSED) return { number: '[c]', suffix: '' };
  if (!isNumber(v)) return { number: '–', suffix: '' };
  const number = formatNumber(v, options.decimals ?? decimalsFor(unit, options));
  const u = unitOf(unit);
  if (u === 'pct') return { number: `${number}%`, suffix: '' };
  return { number, suffix: u === undefined ? '' : unitWords[u][options.words ?? 'short'] };
}

/** A value with its unit: "84.9%", "12.3 s", "6.54 per 1,000", "1,234"; "[c]" suppressed, "–" none. */
export function formatValue(v: unknown, unit: string | null | undefined, options: ValueOptions = {}): string {
  const { number, suffix } = valueParts(v, unit, options);
  return suffix ? `${number} ${suffix}` : number;
}

// ---- Months, periods and grains --------------------------------------------------------------

/** The grains every metric is computed at. */
export const grains = ['month', 'quarter', 'fy', 'cy', 'r12', 'fytd'] as const;
export type Grain = (typeof grains)[number];

/** Each grain: its name in a filter, what it means, and what its period id looks like. */
export const grainInfo: Readonly<Record<Grain, { name: string; label: string; example: string }>> = {
  month: { name: 'Month', label: 'calendar month', example: '2023-07' },
  quarter: { name: 'Quarter', label: 'calendar quarter', example: '2023-Q3' },
  fy: { name: 'Financial year', label: 'financial year (April to March)', example: '2022/23' },
  cy: { name: 'Calendar year', label: 'calendar year', example: '2023' },
  r12: { name: 'Rolling 12 months', label: 'rolling 12 months to the end of the month', example: '2023-07' },
  fytd: { name: 'Financial year to date', label: 'financial year to date, to the end of the month', example: '2023-08' },
};

/** What each grain means and its period id's shape, as the definitions page and theme data carry it. */
export const grainLabels = Object.fromEntries(
  grains.map((g) => [g, { label: grainInfo[g].label, example: grainInfo[g].example }]),
) as Record<Grain, { label: string; example: string }>;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Sep 2023" from a YYYY-MM month (or a date): three letters always, as the papers print them (ICU's en-GB short month is "Sept"). */
export function monthLabel(ym: string): string {
  return `${MONTHS[Number(ym.slice(5, 7)) - 1]} ${ym.slice(0, 4)}`;
}

/** "7 Nov 2023" from an ISO date, or from a datetime (its UTC day); "–" for none. */
export function dayLabel(iso: string | null | undefined): string {
  if (!iso) return '–';
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** A human label for a period, e.g. r12 '2023-07' → '12 months to Jul 2023', fytd '2022-10' → 'Apr–Oct 2022'. */
export function periodLabel(grain: Grain | string, period: string): string {
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
    default:
      return period;
  }
}

/** The YYYY-MM month `by` months after the month of `ym` (a YYYY-MM month or a YYYY-MM-DD date). */
export function shiftMonth(ym: string, by: number): string {
  const [y, m] = ym.split('-').map(Number) as [number, number];
  const t = y * 12 + (m - 1) + by;
  return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
}

/** A period of some grain with its first and last day (ISO dates). */
export interface PeriodSpan {
  id: string;
  start: string;
  end: string;
}

/** The same period a year earlier: of the same list (grain), ending twelve months before and starting in the same month. */
export function yearBefore<P extends PeriodSpan>(periods: readonly P[], p: PeriodSpan): P | undefined {
  const end = shiftMonth(p.end, -12);
  return periods.find((x) => x.end.slice(0, 7) === end && x.start.slice(5, 7) === p.start.slice(5, 7));
}
