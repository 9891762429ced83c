// Outcomes for the demo crimes: most crimes get one Home Office outcome some weeks after they are
// recorded, a few are re-outcomed later, and crimes still open at the end of the data have none.
// RASSO outcomes are drawn near the published rates here and made exact in rasso.ts.
import { G } from './calendar-targets.ts';
import { groupOf, isRasso, type CrimeStore } from './crimes.ts';
import { DATA_END_DAY } from './dates.ts';
import { outcomeCodes } from '../extracts/outcomes.ts';
import { lognormal, picker, type Rng } from './prng.ts';

/** The Home Office outcome types, in the order of the extract's contract. */
export const OUTCOME_CODES = outcomeCodes;
const C = Object.fromEntries(OUTCOME_CODES.map((c, i) => [c, i])) as Record<string, number>;
export const CHARGE = C['1'];
/** Positive outcomes for the RASSO rate: types 1, 1A, 2, 3, 4, 6, 7, 8. */
export const POSITIVE = new Set(['1', '1A', '2', '3', '4', '6', '7', '8'].map((c) => C[c]));

export interface OutcomeStore {
  n: number;
  crime: Int32Array;
  day: Int32Array;
  code: Uint8Array;
}

type Mix = [string, number][];
const mixPicker = (mix: Mix) => {
  const p = picker(mix.map(([, w]) => w));
  return (rng: Rng) => C[mix[p(rng)][0]];
};

const MIX: Record<string, Mix> = {
  violence: [
    ['1', 9],
    ['2', 0.5],
    ['3', 2],
    ['6', 0.3],
    ['8', 4],
    ['9', 1],
    ['10', 1],
    ['14', 20],
    ['15', 18],
    ['16', 33],
    ['18', 6],
    ['20', 1.5],
    ['21', 2],
  ],
  harassment: [
    ['1', 7],
    ['3', 2],
    ['8', 3],
    ['14', 22],
    ['15', 22],
    ['16', 34],
    ['18', 6],
    ['20', 1],
    ['21', 2],
  ],
  other: [
    ['1', 7],
    ['1A', 0.3],
    ['2', 0.5],
    ['3', 2],
    ['4', 0.5],
    ['5', 0.2],
    ['6', 1],
    ['7', 1.5],
    ['8', 4],
    ['14', 10],
    ['15', 12],
    ['16', 8],
    ['18', 48],
    ['20', 2],
    ['21', 3],
    ['22', 0.5],
  ],
  rassoPositive: [
    ['1', 72],
    ['3', 9],
    ['8', 7],
    ['1A', 5],
    ['2', 4],
    ['6', 2],
    ['4', 1],
  ],
  rassoNegative: [
    ['14', 22],
    ['15', 45],
    ['16', 25],
    ['18', 3],
    ['10', 1],
    ['9', 2],
    ['21', 1],
    ['17', 1],
  ],
  reopened: [
    ['14', 20],
    ['15', 45],
    ['18', 35],
  ],
};
export const pickCode = Object.fromEntries(Object.entries(MIX).map(([k, m]) => [k, mixPicker(m)])) as Record<
  keyof typeof MIX,
  (rng: Rng) => number
>;

/**
 * Draft RASSO positive share by outcome month: rising from about 6.5% to 10%, shaped so the three
 * published r12 windows land near 7.2, 8.7 and 9.6 before rasso.ts makes them exact.
 */
function rassoPositiveShare(day: number): number {
  const mi = Math.floor((day - 17987) / 30.44); // months since 2019-04-01, near enough for a draft
  // Early months see only crimes recorded since April 2019, whose quick outcomes are mostly
  // negative (charges take longer): a higher draft share keeps the early rate near 6%.
  if (mi < 12) return 0.1;
  if (mi < 18) return 0.08;
  if (mi < 27) return 0.072;
  if (mi < 34) return 0.068;
  if (mi < 39) return 0.077;
  if (mi < 46) return 0.094;
  if (mi < 51) return 0.099;
  return 0.097;
}

export function generateOutcomes(rng: Rng, crimes: CrimeStore): OutcomeStore {
  const cap = Math.ceil(crimes.n * 1.1) + 1000;
  const o: OutcomeStore = { n: 0, crime: new Int32Array(cap), day: new Int32Array(cap), code: new Uint8Array(cap) };
  const add = (i: number, day: number, code: number) => {
    if (day > DATA_END_DAY) return false;
    o.crime[o.n] = i;
    o.day[o.n] = day;
    o.code[o.n++] = code;
    return true;
  };
  for (let i = 0; i < crimes.n; i++) {
    const rec = crimes.rec[i];
    const g = groupOf(crimes, i);
    if (isRasso(crimes, i)) {
      if (rng() < 0.03) {
        // Re-outcomed: closed without a suspect or for evidence, reopened, then decided again.
        const first = rec + 1 + Math.round(lognormal(rng, 120, 0.6));
        if (add(i, first, pickCode.reopened(rng))) {
          const second = first + 1 + Math.round(lognormal(rng, 150, 0.5));
          add(i, second, rng() < 0.3 ? pickCode.rassoPositive(rng) : pickCode.rassoNegative(rng));
        }
        continue;
      }
      const posDay = rec + 1 + Math.round(lognormal(rng, 234, 0.55));
      const negDay = rec + 1 + Math.round(lognormal(rng, 160, 0.8));
      if (rng() < rassoPositiveShare(posDay)) add(i, posDay, pickCode.rassoPositive(rng));
      else add(i, negDay, pickCode.rassoNegative(rng));
      continue;
    }
    const mix = g <= G.VWOI ? pickCode.violence : g === G.SH ? pickCode.harassment : pickCode.other;
    const code = mix(rng);
    const median = OUTCOME_CODES[code] === '18' ? 12 : OUTCOME_CODES[code] === '1' ? 60 : 35;
    const first = rec + 1 + Math.round(lognormal(rng, median, 1.0));
    if (add(i, first, code) && rng() < 0.04) add(i, first + 1 + Math.round(lognormal(rng, 90, 0.8)), mix(rng));
  }
  return o;
}

/** Outcome row order for the files: by outcome date (a counting sort; dates span a few thousand days). */
export function outcomeOrder(o: OutcomeStore): Int32Array {
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 0; k < o.n; k++) ((lo = Math.min(lo, o.day[k])), (hi = Math.max(hi, o.day[k])));
  const counts = new Int32Array(hi - lo + 2);
  for (let k = 0; k < o.n; k++) counts[o.day[k] - lo + 1]++;
  for (let d = 1; d < counts.length; d++) counts[d] += counts[d - 1];
  const order = new Int32Array(o.n);
  for (let k = 0; k < o.n; k++) order[counts[o.day[k] - lo]++] = k;
  return order;
}
