// 101 calls: a triage (IVR) leg for every call, and a ControlWorks (cw) leg unless the caller hung up
// in triage. Per month the counts (calls, abandoned, cw answered within 60 s) are solved from the
// printed percentages, and the ring times of each queue are fitted to exact totals, so the
// published means (whole seconds) and percentages (2 dp) come out as printed.
import { fitSum, numeratorFor } from './alloc.ts';
import { callMess, callsFile, LINE, msPart, QUEUE, startTimes, yearStyle } from './calls-common.ts';
import type { Plan101 } from './calls-plan.ts';
import type { WrittenFile } from './csv-writer.ts';
import { fmtTs, fyOfMonth, type TsStyle } from './dates.ts';
import { exponential, int, lognormal, shuffle, type Rng } from './prng.ts';

const TRI_AB = 0;
const CW_AB = 1;
const CW_60 = 2;
const CW_LONG = 3;

interface MonthCalls {
  kind: Uint8Array;
  triRing: Int32Array; // triage ring (answered) or wait before hanging up (abandoned)
  handle: Int32Array; // seconds in triage before the cw leg is offered
  cwRing: Int32Array; // cw ring (answered) or wait before hanging up
}

/** Solves one month's counts and ring times exactly. */
function month(rng: Rng, p: Plan101, exact: boolean): MonthCalls {
  const n = p.calls;
  const abandoned = numeratorFor(n, p.abandoned, 2, 100, exact);
  const within60 = numeratorFor(n, p.answered60, 2, 100, exact);
  const triAb = Math.round(abandoned * (0.3 + 0.12 * rng()));
  const cwAb = abandoned - triAb;
  const triAnswered = n - triAb;
  const cwAnswered = triAnswered - cwAb;
  const long = cwAnswered - within60;
  if (long <= 0) throw new Error(`101 ${p.month}: no calls left to ring longer than 60 s`);
  const kind = new Uint8Array(n);
  kind.fill(CW_AB, triAb, triAb + cwAb);
  kind.fill(CW_60, triAb + cwAb, triAb + cwAb + within60);
  kind.fill(CW_LONG, triAb + cwAb + within60);
  shuffle(rng, kind);

  // Triage rings of answered legs: log-normal, fitted to mean × count (a mean within ±0.3 s).
  const tri = new Int32Array(triAnswered);
  for (let i = 0; i < triAnswered; i++) tri[i] = Math.round(lognormal(rng, 0.7 * p.triage, 0.8));
  fitSum(tri, Math.round((p.triage + 0.3 * (2 * rng() - 1)) * triAnswered), 1, 1800);
  // ControlWorks: answered within 60 s, and a long tail that carries the rest of the exact total.
  const short = new Int32Array(within60);
  let shortSum = 0;
  for (let i = 0; i < within60; i++) shortSum += short[i] = 1 + Math.floor(60 * Math.pow(rng(), 1.4));
  const cwTotal = Math.round((p.cw + 0.3 * (2 * rng() - 1)) * cwAnswered);
  const longVals = new Int32Array(long);
  const longMean = (cwTotal - shortSum) / long;
  for (let i = 0; i < long; i++) longVals[i] = 61 + Math.round(exponential(rng, longMean - 61));
  fitSum(longVals, cwTotal - shortSum, 61, 10_800);

  const triRing = new Int32Array(n);
  const handle = new Int32Array(n);
  const cwRing = new Int32Array(n);
  let ti = 0;
  let si = 0;
  let li = 0;
  for (let i = 0; i < n; i++) {
    if (kind[i] === TRI_AB) {
      triRing[i] = 5 + Math.min(900, Math.round(exponential(rng, 0.9 * p.triage)));
      continue;
    }
    triRing[i] = tri[ti++];
    handle[i] = int(rng, 20, 180);
    cwRing[i] =
      kind[i] === CW_AB ? 10 + Math.min(5400, Math.round(exponential(rng, 0.8 * p.cw))) : kind[i] === CW_60 ? short[si++] : longVals[li++];
  }
  return { kind, triRing, handle, cwRing };
}

let callSeq = 0;

export async function write101(
  rng: Rng,
  dir: string,
  plan: Plan101[],
  exact: boolean,
): Promise<{ files: Promise<WrittenFile>[]; mess: Record<string, number>[] }> {
  callSeq = 0;
  const files: Promise<WrittenFile>[] = [];
  const mess: Record<string, number>[] = [];
  for (let fy = 0; fy <= fyOfMonth(plan[plan.length - 1].mi); fy++) {
    const sink = callsFile(dir, '101', fy);
    const { ts } = yearStyle(fy, '101');
    const m = callMess(rng, '101', fy);
    for (const p of plan.filter((x) => fyOfMonth(x.mi) === fy)) {
      const c = month(rng, p, exact);
      const duration = Int32Array.from(c.kind, (k, i) => c.triRing[i] + (k === TRI_AB ? 0 : c.handle[i] + c.cwRing[i]));
      const { order, start } = startTimes(rng, p.mi, '101', duration);
      for (let k = 0; k < order.length; k++) writeCall(sink, m, rng, ts, c, order[k], start[k]);
    }
    mess.push(m.finish(sink));
    files.push(sink.close());
  }
  return { files, mess };
}

function writeCall(
  sink: ReturnType<typeof callsFile>,
  m: ReturnType<typeof callMess>,
  rng: Rng,
  ts: TsStyle,
  c: MonthCalls,
  i: number,
  t: number,
): void {
  const ms = ts === 'isoSpaceMs' ? msPart(rng) : '';
  const id = `N${String(++callSeq).padStart(8, '0')}`;
  const f = (x: number) => fmtTs(x, ts, ms);
  const head = `${id},${LINE['101']},`;
  const triEnd = t + c.triRing[i];
  const triLine = c.kind[i] === TRI_AB ? `${head}${QUEUE.triage},${f(t)},,${f(triEnd)}` : `${head}${QUEUE.triage},${f(t)},${f(triEnd)},`;
  sink.row(triLine);
  m.after(sink, () => triLine);
  if (c.kind[i] === TRI_AB) return;
  const cwStart = triEnd + c.handle[i];
  const cwEnd = cwStart + c.cwRing[i];
  const cwLine = c.kind[i] === CW_AB ? `${head}${QUEUE.cw},${f(cwStart)},,${f(cwEnd)}` : `${head}${QUEUE.cw},${f(cwStart)},${f(cwEnd)},`;
  sink.row(cwLine);
  // A changed repeat of an answered cw leg (answered two minutes later) must lose to the first copy.
  m.after(sink, () => (c.kind[i] === CW_AB ? cwLine : `${head}${QUEUE.cw},${f(cwStart)},${f(cwEnd + 120)},`));
}
