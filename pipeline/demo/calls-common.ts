// What the 999 and 101 writers share: the demo force's own telephony headers and codes (mapped to
// the canonical ones by data/force-mapping.json), call start times in date order, the file style
// of each year, and the bad rows a telephony export can hold.
import { CsvSink, type SinkStyle } from './csv-writer.ts';
import { dayInFy, daysIn, fmtTs, fyLabel, monthStart, type TsStyle } from './dates.ts';
import { FUTURE_YEARS, Mess, NOT_DATES, type MessPlan } from './mess.ts';
import { int, picker, type Rng } from './prng.ts';

/** The force's header names and code values (see data/force-mapping.json). */
export const CALLS_HEADER = 'Call Reference,Line,Queue Name,Offered Time,Answered Time,Abandoned Time';
export const LINE = { '999': 'Emergency', '101': 'Non-Emergency' } as const;
export const QUEUE = { '999': '999 Emergency', triage: '101 IVR Triage', cw: 'ControlWorks 101' } as const;

/** Each year's export looked a little different: timestamp style, line endings. */
export const yearStyle = (fy: number, line: '999' | '101'): { ts: TsStyle; sink: SinkStyle } => {
  const styles: TsStyle[] = line === '999' ? ['dmy', 'isoT', 'isoSpaceMs', 'dmy', 'isoT'] : ['isoT', 'dmy', 'isoSpaceMs', 'dmy', 'isoT'];
  return { ts: styles[fy], sink: { gzipLevel: 2, eol: fy % 2 ? '\r\n' : '\n' } };
};

export const callsFile = (dir: string, line: '999' | '101', fy: number) =>
  new CsvSink(`${dir}/calls_${line}_${fyLabel(fy)}.csv.gz`, 'calls', CALLS_HEADER, yearStyle(fy, line).sink);

const HOURS_999 = [2.0, 1.6, 1.2, 0.9, 0.7, 0.6, 0.7, 1.0, 1.4, 1.7, 1.9, 2.0, 2.1, 2.2, 2.3, 2.4, 2.6, 2.8, 2.9, 3.0, 3.0, 2.9, 2.7, 2.4];
const HOURS_101 = [
  0.3, 0.2, 0.15, 0.1, 0.1, 0.15, 0.4, 1.0, 2.0, 2.4, 2.4, 2.3, 2.2, 2.2, 2.1, 2.1, 2.0, 1.9, 1.7, 1.5, 1.3, 1.1, 0.8, 0.5,
];
const hourPick = { '999': picker(HOURS_999), '101': picker(HOURS_101) };

/**
 * Start times (whole seconds) for `durations.length` calls in month `mi`, returned as call order:
 * a call never runs past the month's end (its legs must all fall in the call's month), and the
 * result is sorted by start, as an export lists calls.
 */
export function startTimes(rng: Rng, mi: number, line: '999' | '101', durations: Int32Array): { order: Int32Array; start: Float64Array } {
  const n = durations.length;
  const first = monthStart(mi) * 86_400;
  const end = first + daysIn(mi) * 86_400;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let t = first + Math.floor(rng() * daysIn(mi)) * 86_400 + hourPick[line](rng) * 3600 + Math.floor(rng() * 3600);
    if (t + durations[i] >= end) t -= 86_400;
    keys[i] = t * 1_048_576 + i; // exact in a double: start (~1.7e9) × 2^20 + index
  }
  keys.sort();
  const order = new Int32Array(n);
  const start = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const i = keys[k] % 1_048_576;
    order[k] = i;
    start[k] = (keys[k] - i) / 1_048_576;
  }
  return { order, start };
}

/** A random millisecond part for the `.fff` style; every leg of a call shares it, so rings stay whole. */
export const msPart = (rng: Rng): string => String(int(rng, 0, 999)).padStart(3, '0');

export const CALL_MESS_KINDS = [
  'empty_offered',
  'not_a_timestamp',
  'impossible_date',
  'unknown_queue',
  'future',
  'answered_before_offered',
  'abandoned_before_offered',
  'answered_and_abandoned',
  'queue_not_on_line',
];

/** Bad call legs, each with a fresh reference (90,000,000 up) so none collides with a real call. */
export function callMess(rng: Rng, line: '999' | '101', fy: number): Mess {
  const { ts } = yearStyle(fy, line);
  const prefix = line === '999' ? 'E' : 'N';
  let seq = 90_000_000 + fy * 1_000_000;
  const t0 = (dayInFy(rng(), fy) - 21) * 86_400 + int(rng, 0, 86_399);
  const bad = (kind: string, r: Rng): string => {
    const id = `${prefix}${++seq}`;
    const lineText = LINE[line];
    const queue = line === '999' ? QUEUE['999'] : QUEUE.triage;
    const t = t0 + int(r, 0, 20 * 86_400);
    const f = (x: number) => fmtTs(x, ts, '500');
    switch (kind) {
      case 'empty_offered':
        return `${id},${lineText},${queue},,${f(t + 9)},`;
      case 'not_a_timestamp':
        return `${id},${lineText},${queue},${NOT_DATES[int(r, 0, NOT_DATES.length - 1)]},${f(t + 9)},`;
      case 'impossible_date':
        return `${id},${lineText},${queue},${ts === 'dmy' ? '30/02/2021 10:14:03' : '2021-02-30T10:14:03'},,`;
      case 'unknown_queue':
        return `${id},${lineText},${line === '999' ? '999 Overflow' : '101 Callback'},${f(t)},${f(t + 30)},`;
      case 'future':
        return `${id},${lineText},${queue},${f(t + (FUTURE_YEARS[int(r, 0, 2)] - 2020) * 365 * 86_400)},,`;
      case 'answered_before_offered':
        return `${id},${lineText},${queue},${f(t)},${f(t - 3600)},`;
      case 'abandoned_before_offered':
        return `${id},${lineText},${queue},${f(t)},,${f(t - 45)}`;
      case 'answered_and_abandoned':
        return `${id},${lineText},${queue},${f(t)},${f(t + 8)},${f(t + 20)}`;
      default:
        return `${id},${lineText},${line === '999' ? QUEUE.cw : QUEUE['999']},${f(t)},${f(t + 12)},`;
    }
  };
  const plan: MessPlan = { kinds: CALL_MESS_KINDS, rate: 0.0025, dupRate: 0.0008, bad };
  return new Mess(rng, plan);
}
