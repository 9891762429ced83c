// Record-level crimes for the demo force. Month by month, each offence group gets exactly the female
// and other-victim counts crime-series.ts solved; the month's 8Q stalking crimes and its
// domestic-abuse flags on female victims are then placed exactly too. Columns are typed arrays:
// about 460,000 crimes are drawn per run.
import { G } from './calendar-targets.ts';
import type { CrimeTargets } from './crime-series.ts';
import { MONTHS, daysIn, monthStart, ymOf } from './dates.ts';
import { int, lognormal, permutation, picker, shuffle, type Rng } from './prng.ts';
import { AGE_CHILD, AGE_UNKNOWN, ageWeights, areas, notes, offences, STALKING } from './reference.ts';

export const SEX = ['F', 'M', 'U'] as const;
export const F = 0;
export const M = 1;
export const U = 2;

export interface CrimeStore {
  n: number;
  ref: string[];
  /** Recorded and offence dates (epoch days; offence −1 when not known). */
  rec: Int32Array;
  off: Int32Array;
  month: Uint8Array;
  code: Uint8Array;
  area: Uint8Array;
  sex: Uint8Array;
  age: Uint8Array;
  da: Uint8Array;
  /** 0 = the plain offence name; k = offence name plus notes[k − 1]. */
  note: Uint8Array;
}

export const groupOf = (s: CrimeStore, i: number): number => offences[s.code[i]].group;
export const isRasso = (s: CrimeStore, i: number): boolean => {
  const g = groupOf(s, i);
  return g === G.RAPE || g === G.OSO;
};

/** Share of female victims of each group whose crime is domestic-abuse related (before fitting). */
const DA_SHARE = [0.45, 0.42, 0.52, 0.3, 0.08];

function codePickers() {
  const make = (g: number, ok: (v: string) => boolean) => {
    const idx = offences.map((o, i) => (o.group === g && ok(o.victim) && o.w > 0 ? i : -1)).filter((i) => i >= 0);
    const pick = picker(idx.map((i) => offences[i].w));
    return (rng: Rng) => idx[pick(rng)];
  };
  return Array.from({ length: 6 }, (_, g) => ({
    female: make(g, (v) => v === 'person' || v === 'female'),
    male: make(g, (v) => v === 'person' || v === 'male'),
    any: make(g, () => true),
  }));
}

/** The pickers a month's crimes are drawn with (made once: they hold no state). */
interface Pickers {
  codes: ReturnType<typeof codePickers>;
  area: (rng: Rng) => number;
  age: Record<string, (rng: Rng) => number>;
}

/**
 * Every crime of the demo force, month by month: drawn to the month's targets, then shuffled onto
 * its days in date order and numbered. One random stream, drawn in this order, so a seed always
 * gives the same files.
 */
export function generateCrimes(rng: Rng, t: CrimeTargets): CrimeStore {
  const pick: Pickers = {
    codes: codePickers(),
    area: picker(areas.map((a) => a.w)),
    age: Object.fromEntries(Object.entries(ageWeights).map(([g, w]) => [g, picker(w)])),
  };
  const s = emptyStore(t);
  const seq = { year: 0, n: 0 };
  for (let mi = 0, at = 0; mi < MONTHS; mi++) {
    const end = drawMonth(rng, s, t, mi, at, pick);
    placeOnDays(rng, s, mi, at, end, seq);
    at = end;
  }
  return s;
}

function emptyStore(t: CrimeTargets): CrimeStore {
  let n = 0;
  for (let mi = 0; mi < MONTHS; mi++) {
    for (let g = 0; g < 5; g++) n += t.female[g][mi] + t.nonFemale[g][mi];
    n += t.otherTotal[mi];
  }
  return {
    n,
    ref: new Array<string>(n),
    rec: new Int32Array(n),
    off: new Int32Array(n),
    month: new Uint8Array(n),
    code: new Uint8Array(n),
    area: new Uint8Array(n),
    sex: new Uint8Array(n),
    age: new Uint8Array(n),
    da: new Uint8Array(n),
    note: new Uint8Array(n),
  };
}

/** Month `mi`'s crimes into s[at…]: offence, victim sex, stalking, domestic abuse, area, age, note. Returns the end. */
function drawMonth(rng: Rng, s: CrimeStore, t: CrimeTargets, mi: number, at: number, pick: Pickers): number {
  const start = at;
  const byGroupFemale: number[][] = [[], [], [], [], [], []];
  const sh: number[] = [];
  const put = (code: number, sex: number) => {
    s.code[at] = code;
    s.sex[at] = sex;
    const g = offences[code].group;
    if (sex === F) byGroupFemale[g].push(at);
    if (g === G.SH) sh.push(at);
    at++;
  };
  for (let g = 0; g < 5; g++) {
    for (let k = 0; k < t.female[g][mi]; k++) put(pick.codes[g].female(rng), F);
    const mShare = g === G.SH ? 0.9 : g <= G.VWOI ? 0.95 : 1;
    for (let k = 0; k < t.nonFemale[g][mi]; k++) put(pick.codes[g].male(rng), rng() < mShare ? M : U);
  }
  for (let k = 0; k < t.otherTotal[mi]; k++) {
    const code = pick.codes[G.OTHER].any(rng);
    const r = rng();
    put(code, offences[code].victim === 'none' ? U : r < 0.47 ? F : r < 0.94 ? M : U);
  }
  // Exactly this month's 8Q crimes, taken from its stalking & harassment crimes.
  shuffle(rng, sh);
  for (let k = 0; k < t.stalking[mi]; k++) s.code[sh[k]] = STALKING;
  placeDomesticAbuse(rng, s, byGroupFemale, t.daFemale[mi], mi);
  for (let i = start; i < at; i++) {
    const o = offences[s.code[i]];
    if (s.sex[i] !== F && o.group <= G.SH && rng() < (o.group === G.SH ? 0.2 : 0.17)) s.da[i] = 1;
    s.area[i] = pick.area(rng);
    s.age[i] = o.victim === 'none' ? AGE_UNKNOWN : o.child ? AGE_CHILD : pick.age[o.group](rng);
    s.note[i] = rng() < 0.006 ? int(rng, 1, notes.length) : 0;
  }
  return at;
}

/** Recorded days, in date order as an export lists them; the month's crimes shuffled onto the days and numbered. */
function placeOnDays(rng: Rng, s: CrimeStore, mi: number, start: number, at: number, seq: { year: number; n: number }): void {
  const days = Int32Array.from({ length: at - start }, () => monthStart(mi) + Math.floor(rng() * daysIn(mi))).sort();
  const order = permutation(rng, at - start);
  const tmp = {
    code: s.code.slice(start, at),
    sex: s.sex.slice(start, at),
    da: s.da.slice(start, at),
    area: s.area.slice(start, at),
    age: s.age.slice(start, at),
    note: s.note.slice(start, at),
  };
  const { y } = ymOf(mi);
  if (y !== seq.year) ((seq.year = y), (seq.n = 0));
  for (let k = 0; k < order.length; k++) {
    const i = start + k;
    const j = order[k];
    s.code[i] = tmp.code[j];
    s.sex[i] = tmp.sex[j];
    s.da[i] = tmp.da[j];
    s.area[i] = tmp.area[j];
    s.age[i] = tmp.age[j];
    s.note[i] = tmp.note[j];
    s.rec[i] = days[k];
    s.month[i] = mi;
    s.off[i] = offenceDay(rng, offences[s.code[i]].group, days[k]);
    s.ref[i] = `CR-${String(y % 100).padStart(2, '0')}-${String(++seq.n).padStart(6, '0')}`;
  }
}

/** Flags exactly `target` female-victim crimes as domestic abuse, spread over groups by DA_SHARE. */
function placeDomesticAbuse(rng: Rng, s: CrimeStore, byGroup: number[][], target: number, mi: number): void {
  const want = byGroup.slice(0, 5).map((ids, g) => ids.length * DA_SHARE[g]);
  const other = byGroup[G.OTHER].length;
  // 'other' (criminal damage, theft in a relationship) takes the remainder; keep it near a quarter.
  const core = want.reduce((a, b) => a + b, 0);
  const f = core > 0 ? Math.max(0.5, Math.min(1.6, (target - 0.25 * other) / core)) : 0;
  const counts = byGroup.slice(0, 5).map((ids, g) => Math.min(ids.length, Math.round(want[g] * f)));
  const rest = target - counts.reduce((a, b) => a + b, 0);
  if (rest < 0 || rest > other) throw new Error(`month ${mi}: cannot place ${target} domestic-abuse crimes`);
  [...counts, rest].forEach((k, g) => {
    const ids = shuffle(rng, byGroup[g]);
    for (let j = 0; j < k; j++) s.da[ids[j]] = 1;
  });
}

/** When the offence happened: same day or days before; sexual offences are often reported years on. */
function offenceDay(rng: Rng, g: number, rec: number): number {
  if (rng() < 0.02) return -1;
  if (g === G.RAPE || g === G.OSO) {
    return rng() < 0.35
      ? rec - Math.min(5000, Math.round(lognormal(rng, 900, 0.9)))
      : rec - Math.min(90, Math.round(lognormal(rng, 4, 1.2)));
  }
  if (g === G.SH) return rec - Math.min(180, Math.round(lognormal(rng, 10, 1.1)));
  return rng() < 0.6 ? rec : rec - Math.min(60, Math.round(lognormal(rng, 2, 1.0)));
}
