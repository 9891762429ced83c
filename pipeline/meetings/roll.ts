// Rolling a meeting forward to a new date: what `psm meeting new --like` changes in the copy.
// Times keep their wall-clock hour and their distance in days from the meeting (a release at the
// meeting's start stays at the new meeting's start); every table period keeps its distance from
// dataTo at its own grain (the 12 months to July, three months before data to October, become the
// 12 months to October when the data run to January). Text naming dates cannot be rolled safely,
// so it is marked TODO for the check to list, except the one safe case: a month-like table whose
// title names only its latest month ("12 months to July" → "12 months to October").
import { shiftMonth } from '../../dashboards/shared/format.ts';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const monthWord = new RegExp(`\\b(${MONTHS.join('|')}|${MONTHS.map((m) => m.slice(0, 3)).join('|')})\\b`, 'g');
const yearWord = /\b(19|20)\d{2}\b/;

/** Whole calendar months from one YYYY-MM to another. */
export function monthsBetween(from: string, to: string): number {
  return (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7));
}

/** Calendar days from one YYYY-MM-DD to another (UTC dates: no clock change in a date). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

const fyStart = (ym: string): number => Number(ym.slice(0, 4)) - (Number(ym.slice(5, 7)) < 4 ? 1 : 0);
const quarterIndex = (y: number, q: number): number => y * 4 + q - 1;
const quarterOf = (ym: string): number => quarterIndex(Number(ym.slice(0, 4)), Math.floor((Number(ym.slice(5, 7)) - 1) / 3) + 1);

/** A period moved so it keeps its distance from dataTo, counted in its own grain. */
export function rollPeriod(grain: string, period: string, fromDataTo: string, toDataTo: string): string {
  switch (grain) {
    case 'month':
    case 'r12':
    case 'fytd':
      return shiftMonth(period, monthsBetween(fromDataTo, toDataTo));
    case 'quarter': {
      const [y, q] = period.split('-Q').map(Number) as [number, number];
      const i = quarterIndex(y, q) + quarterOf(toDataTo) - quarterOf(fromDataTo);
      return `${Math.floor(i / 4)}-Q${(i % 4) + 1}`;
    }
    case 'cy':
      return String(Number(period) + Number(toDataTo.slice(0, 4)) - Number(fromDataTo.slice(0, 4)));
    case 'fy': {
      const start = Number(period.slice(0, 4)) + fyStart(toDataTo) - fyStart(fromDataTo);
      return `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
    }
    default:
      return period;
  }
}

const monthName = (ym: string): string => MONTHS[Number(ym.slice(5, 7)) - 1]!;

/**
 * A title or note after its periods moved: unchanged when it names no date; the latest month's
 * name replaced when that is the only date it names (month-like grains); else marked TODO.
 */
export function rollText(text: string, grain: string | null, fromLatest: string | null, toLatest: string | null): string {
  const months = [...text.matchAll(monthWord)].map((m) => m[0]);
  if (!months.length && !yearWord.test(text)) return text;
  if (fromLatest === toLatest && fromLatest !== null) return text;
  const only =
    fromLatest &&
    toLatest &&
    grain &&
    ['month', 'r12', 'fytd'].includes(grain) &&
    !yearWord.test(text) &&
    months.every((m) => MONTHS.find((full) => full.startsWith(m)) === monthName(fromLatest));
  if (only) return text.replace(monthWord, (m) => (m.length === 3 ? monthName(toLatest).slice(0, 3) : monthName(toLatest)));
  return `TODO: check the dates in this text against the new data, then remove this "TODO:" — ${text}`;
}

/** The London date-and-time a release falls at, moved with the meeting by whole days. */
export function rollReleaseAt(releaseAt: string, fromDate: string, toDate: string): string {
  const [date, time] = releaseAt.split('T') as [string, string];
  return `${addDays(date, daysBetween(fromDate, toDate))}T${time}`;
}
