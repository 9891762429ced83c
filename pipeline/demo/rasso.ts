// Makes the RASSO figures exact: the positive outcome rate over three overlapping r12 windows and
// the median days to charge. Only crimes with a single outcome are touched — flipping its code
// changes every window holding that date the same way, and moving its date within its month
// changes no window — so the windows can be solved segment by segment.
import { numeratorFor } from './alloc.ts';
import { rassoDaysToCharge, rassoRates } from './calendar-targets.ts';
import { isRasso, type CrimeStore } from './crimes.ts';
import { DATA_END_DAY, monthIndex, monthOfDay, monthStart } from './dates.ts';
import { CHARGE, POSITIVE, pickCode, type OutcomeStore } from './outcomes.ts';
import { shuffle, type Rng } from './prng.ts';

interface RassoIndex {
  /** RASSO crime index → its outcome indices, in date order. */
  byCrime: Map<number, number[]>;
}

function indexRasso(c: CrimeStore, o: OutcomeStore): RassoIndex {
  const byCrime = new Map<number, number[]>();
  for (let k = 0; k < o.n; k++) {
    const i = o.crime[k];
    if (!isRasso(c, i)) continue;
    const list = byCrime.get(i);
    if (list) list.push(k);
    else byCrime.set(i, [k]);
  }
  for (const list of byCrime.values()) list.sort((a, b) => o.day[a] - o.day[b]);
  return { byCrime };
}

/** The spec's rate over months [m0, m1]: each crime's latest outcome in the window decides. */
export function rassoRate(c: CrimeStore, o: OutcomeStore, m0: number, m1: number, idx = indexRasso(c, o)) {
  const d0 = monthStart(m0);
  const d1 = monthStart(m1 + 1) - 1;
  let crimes = 0;
  let positive = 0;
  for (const list of idx.byCrime.values()) {
    let last = -1;
    for (const k of list) if (o.day[k] >= d0 && o.day[k] <= d1) last = k;
    if (last < 0) continue;
    crimes++;
    if (POSITIVE.has(o.code[last])) positive++;
  }
  return { crimes, positive, pct: crimes ? (100 * positive) / crimes : NaN };
}

/** Days from recording to first charge, for RASSO crimes first charged in months [m0, m1]. */
export function chargeDays(c: CrimeStore, o: OutcomeStore, m0: number, m1: number, idx = indexRasso(c, o)): number[] {
  const d0 = monthStart(m0);
  const d1 = monthStart(m1 + 1) - 1;
  const days: number[] = [];
  for (const [i, list] of idx.byCrime) {
    const k = list.find((x) => o.code[x] === CHARGE);
    if (k !== undefined && o.day[k] >= d0 && o.day[k] <= d1) days.push(o.day[k] - c.rec[i]);
  }
  return days;
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
};

export function calibrateRasso(rng: Rng, c: CrimeStore, o: OutcomeStore, exact: boolean): void {
  const idx = indexRasso(c, o);
  const singles = [...idx.byCrime.values()].filter((l) => l.length === 1).map((l) => l[0]);
  shuffle(rng, singles);
  const windows = rassoRates.map((r) => ({ m0: monthIndex(r.r12) - 11, m1: monthIndex(r.r12), pct: r.pct }));
  const delta = windows.map((w) => {
    const got = rassoRate(c, o, w.m0, w.m1, idx);
    return numeratorFor(got.crimes, w.pct, 1, 100, exact) - got.positive;
  });
  // Windows W1 ⊃ a,b; W2 ⊃ b,c; W3 ⊃ c,d (segments split at the window edges). Leave b alone.
  const [w1, w2, w3] = windows;
  const segments = [
    { m0: w1.m0, m1: w2.m0 - 1, d: delta[0] },
    { m0: w3.m0, m1: w2.m1, d: delta[1] },
    { m0: w2.m1 + 1, m1: w3.m1, d: delta[2] - delta[1] },
  ];
  for (const seg of segments) {
    let need = seg.d;
    for (const k of singles) {
      if (need === 0) break;
      const mi = monthOfDay(o.day[k]);
      if (mi < seg.m0 || mi > seg.m1) continue;
      const pos = POSITIVE.has(o.code[k]);
      if (need > 0 && !pos) ((o.code[k] = pickCode.rassoPositive(rng)), need--);
      else if (need < 0 && pos) ((o.code[k] = pickCode.rassoNegative(rng)), need++);
    }
    if (need !== 0 && exact) throw new Error(`RASSO: could not move ${need} outcomes in months ${seg.m0}–${seg.m1}`);
  }
  fixMedian(c, o, idx, singles, exact);
  if (!exact) return;
  for (const w of windows) {
    const got = rassoRate(c, o, w.m0, w.m1, idx);
    if (Math.abs(got.pct - w.pct) >= 0.05) throw new Error(`RASSO rate months ${w.m0}–${w.m1}: ${got.pct} ≠ ${w.pct}`);
  }
}

/** Moves single charges to exactly the target days, within their month, until the median is it. */
function fixMedian(c: CrimeStore, o: OutcomeStore, idx: RassoIndex, singles: number[], exact: boolean): void {
  const target = rassoDaysToCharge.days;
  const m1 = monthIndex(rassoDaysToCharge.r12);
  const m0 = m1 - 11;
  const days = chargeDays(c, o, m0, m1, idx);
  const n = days.length;
  let below = days.filter((d) => d < target).length;
  let above = days.filter((d) => d > target).length;
  const cands = singles
    .filter((k) => o.code[k] === CHARGE && monthOfDay(o.day[k]) >= m0 && monthOfDay(o.day[k]) <= m1)
    .sort((a, b) => Math.abs(o.day[a] - c.rec[o.crime[a]] - target) - Math.abs(o.day[b] - c.rec[o.crime[b]] - target));
  for (const k of cands) {
    if (2 * below < n && 2 * above < n) break;
    const i = o.crime[k];
    const d = o.day[k] - c.rec[i];
    if (d === target || (d < target && 2 * below < n) || (d > target && 2 * above < n)) continue;
    if (!moveToTarget(c, o, k, target)) continue;
    if (d < target) below--;
    else above--;
  }
  if (exact && (2 * below >= n || 2 * above >= n)) throw new Error(`RASSO median: ${below} below, ${above} above of ${n}`);
}

/** Sets charge − recorded = target by moving the charge date, else the recorded date, within its month. */
function moveToTarget(c: CrimeStore, o: OutcomeStore, k: number, target: number): boolean {
  const i = o.crime[k];
  const newCharge = c.rec[i] + target;
  if (monthOfDay(newCharge) === monthOfDay(o.day[k]) && newCharge <= DATA_END_DAY) {
    o.day[k] = newCharge;
    return true;
  }
  const newRec = o.day[k] - target;
  if (monthOfDay(newRec) === c.month[i]) {
    c.rec[i] = newRec;
    if (c.off[i] > newRec) c.off[i] = newRec;
    return true;
  }
  return false;
}
