// 999 call legs, one file per financial year. Each year's answered calls get ring times whose count
// within 10 s and whose total are exactly the plan's, so the published count answered within 10 s
// and the mean ring (rounded to whole seconds) come out as printed.
import { fitSum } from './alloc.ts';
import { callMess, callsFile, LINE, msPart, QUEUE, startTimes, yearStyle } from './calls-common.ts';
import type { Year999 } from './calls-plan.ts';
import type { WrittenFile } from './csv-writer.ts';
import { fmtTs } from './dates.ts';
import { exponential, int, shuffle, type Rng } from './prng.ts';

const LONG_CAP = 420;

/** Ring times for one year: short (1–10 s) and long (11–420 s) answered calls, fitted to the sum. */
function yearRings(rng: Rng, y: Year999): { short: Int32Array; long: Int32Array } {
  const nShort = y.short;
  const nLong = y.answered - y.short;
  // Split the total between the two groups: the long tail averages ~16 s unless the year is slower.
  let longMean = Math.max(14, (y.ringSum - 4.6 * nShort) / Math.max(1, nLong));
  let shortSum = y.ringSum - Math.round(longMean * nLong);
  if (shortSum > 9 * nShort) ((shortSum = 9 * nShort), (longMean = (y.ringSum - shortSum) / nLong));
  if (shortSum < 2 * nShort) shortSum = 2 * nShort;
  const short = new Int32Array(nShort);
  const skew = Math.max(0.3, Math.min(3, (10 - shortSum / Math.max(1, nShort)) / 3));
  for (let i = 0; i < nShort; i++) short[i] = 1 + Math.floor(10 * Math.pow(rng(), skew));
  fitSum(short, shortSum, 1, 10);
  const long = new Int32Array(nLong);
  let at = 0;
  for (const m of y.months) {
    const n = m.calls - m.abandoned - m.short;
    for (let k = 0; k < n; k++) long[at++] = 11 + Math.round(exponential(rng, (longMean - 11) * m.strain));
  }
  fitSum(long, y.ringSum - shortSum, 11, LONG_CAP);
  return { short, long };
}

let callSeq = 0;

export async function write999(
  rng: Rng,
  dir: string,
  years: Year999[],
): Promise<{ files: Promise<WrittenFile>[]; mess: Record<string, number>[] }> {
  callSeq = 0;
  const files: Promise<WrittenFile>[] = [];
  const mess: Record<string, number>[] = [];
  for (const y of years) {
    const sink = callsFile(dir, '999', y.fy);
    const { ts } = yearStyle(y.fy, '999');
    const m = callMess(rng, '999', y.fy);
    const { short, long } = yearRings(rng, y);
    let si = 0;
    let li = 0;
    for (const month of y.months) {
      // 0 = answered within 10 s, 1 = answered later, 2 = abandoned; shuffled over the month.
      const kind = new Uint8Array(month.calls);
      kind.fill(1, month.short, month.calls - month.abandoned);
      kind.fill(2, month.calls - month.abandoned);
      shuffle(rng, kind);
      const ring = new Int32Array(month.calls);
      for (let i = 0; i < month.calls; i++)
        ring[i] = kind[i] === 0 ? short[si++] : kind[i] === 1 ? long[li++] : 3 + Math.round(exponential(rng, 25));
      const { order, start } = startTimes(rng, month.mi, '999', ring);
      for (let k = 0; k < order.length; k++) {
        const i = order[k];
        const t = start[k];
        const ms = ts === 'isoSpaceMs' ? msPart(rng) : '';
        const id = `E${String(++callSeq).padStart(8, '0')}`;
        const offered = fmtTs(t, ts, ms);
        const end = fmtTs(t + ring[i], ts, ms);
        const line =
          kind[i] === 2
            ? `${id},${LINE['999']},${QUEUE['999']},${offered},,${end}`
            : `${id},${LINE['999']},${QUEUE['999']},${offered},${end},`;
        sink.row(line);
        // A repeated row loses to the first copy; a changed repeat (answered later) must not count.
        m.after(sink, () =>
          kind[i] === 2 ? line : `${id},${LINE['999']},${QUEUE['999']},${offered},${fmtTs(t + ring[i] + int(rng, 5, 60), ts, ms)},`,
        );
      }
    }
    mess.push(m.finish(sink));
    files.push(sink.close());
  }
  return { files, mess };
}
