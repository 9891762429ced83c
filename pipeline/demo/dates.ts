// Calendar arithmetic for the demo: days are integers (days since 1970-01-01) and moments are whole
// seconds since then, both as naive local time (the extracts carry no zone). Formatting goes
// through lookup tables because a few million timestamps are written per run.

/** The demo's data window: April 2019 (month 0) to October 2023 (month 54). */
export const FIRST_YEAR = 2019;
export const FIRST_MONTH = 4;
export const MONTHS = 55;

export const dayOf = (y: number, m: number, d: number): number => Date.UTC(y, m - 1, d) / 86_400_000;
export const DATA_END_DAY = dayOf(2023, 10, 31);

/** Calendar year and month (1–12) of demo month index `mi`. */
export function ymOf(mi: number): { y: number; m: number } {
  const k = FIRST_MONTH - 1 + mi;
  return { y: FIRST_YEAR + Math.floor(k / 12), m: (k % 12) + 1 };
}

/** Demo month index of 'yyyy-mm'. */
export function monthIndex(ym: string): number {
  const [y, m] = ym.split('-').map(Number);
  return (y - FIRST_YEAR) * 12 + (m - FIRST_MONTH);
}

export const monthStart = (mi: number): number => {
  const { y, m } = ymOf(mi);
  return dayOf(y, m, 1);
};
export const daysIn = (mi: number): number => monthStart(mi + 1) - monthStart(mi);

/** Month index of an epoch day (may fall outside 0..54). */
export function monthOfDay(day: number): number {
  const d = new Date(day * 86_400_000);
  return (d.getUTCFullYear() - FIRST_YEAR) * 12 + (d.getUTCMonth() + 1 - FIRST_MONTH);
}

/** Financial-year index (0 = 2019/20) of a month index, and its file label `2019-20`. */
export const fyOfMonth = (mi: number): number => Math.floor(mi / 12);
export const fyLabel = (fy: number): string => `${FIRST_YEAR + fy}-${String((FIRST_YEAR + fy + 1) % 100).padStart(2, '0')}`;
/** A day in financial year `fy` that is inside the data window (FY 2023/24 ends in October). */
export const dayInFy = (r: number, fy: number): number => {
  const first = dayOf(FIRST_YEAR + fy, 4, 1);
  const last = Math.min(DATA_END_DAY, dayOf(FIRST_YEAR + fy + 1, 3, 31));
  return first + Math.floor(r * (last - first + 1));
};
/** Month index of a month-of-year position (0 = April … 11 = March). */
export const moy = (mi: number): number => ((mi % 12) + 12) % 12;

const BASE_DAY = dayOf(2017, 1, 1);
const TABLE_DAYS = dayOf(2026, 1, 1) - BASE_DAY;
const pad2 = (n: number) => (n < 10 ? '0' : '') + n;
const dmyTable: string[] = [];
const isoTable: string[] = [];
for (let i = 0; i < TABLE_DAYS; i++) {
  const d = new Date((BASE_DAY + i) * 86_400_000);
  const y = d.getUTCFullYear();
  const m = pad2(d.getUTCMonth() + 1);
  const dd = pad2(d.getUTCDate());
  dmyTable.push(`${dd}/${m}/${y}`);
  isoTable.push(`${y}-${m}-${dd}`);
}
const hmsTable: string[] = [];
for (let s = 0; s < 86_400; s++) hmsTable.push(`${pad2(Math.floor(s / 3600))}:${pad2(Math.floor(s / 60) % 60)}:${pad2(s % 60)}`);

function slow(day: number, iso: boolean): string {
  const d = new Date(day * 86_400_000);
  const y = d.getUTCFullYear();
  const m = pad2(d.getUTCMonth() + 1);
  const dd = pad2(d.getUTCDate());
  return iso ? `${y}-${m}-${dd}` : `${dd}/${m}/${y}`;
}

export type DateStyle = 'dmy' | 'iso';
/** A date as the file's style writes it. */
export function fmtDate(day: number, style: DateStyle): string {
  const i = day - BASE_DAY;
  if (i >= 0 && i < TABLE_DAYS) return style === 'dmy' ? dmyTable[i] : isoTable[i];
  return slow(day, style === 'iso');
}

/** Timestamp styles seen in force telephony exports. */
export type TsStyle = 'dmy' | 'isoT' | 'isoSpaceMs';
/** A moment (whole seconds) as text; `ms` is a fixed sub-second part so ring times stay whole. */
export function fmtTs(t: number, style: TsStyle, ms = ''): string {
  const day = Math.floor(t / 86_400);
  const hms = hmsTable[t - day * 86_400];
  if (style === 'dmy') return `${fmtDate(day, 'dmy')} ${hms}`;
  if (style === 'isoT') return `${fmtDate(day, 'iso')}T${hms}`;
  return `${fmtDate(day, 'iso')} ${hms}.${ms || '000'}`;
}
