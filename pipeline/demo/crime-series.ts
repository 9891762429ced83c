// Monthly crime counts for the demo force, solved before any row is drawn: each published window
// (VAWG r12 to July, violence FY, 8Q stalking for the SPO rates) gets its exact total, spread over
// its months with seasonality; months no paper covers follow a plausible trend.
import { apportion } from './alloc.ts';
import { G, spo, vawgDomesticAbuse, vawgFemale, vawgWindowEnds, violenceFy } from './calendar-targets.ts';
import { MONTHS, monthIndex, moy } from './dates.ts';
import { normal, type Rng } from './prng.ts';

/** Seasonal shape by month of the financial year (April first). */
const SEASON = {
  violence: [1.0, 1.07, 1.06, 1.08, 1.04, 0.99, 1.01, 0.96, 0.98, 0.92, 0.9, 0.99],
  harassment: [0.98, 1.02, 1.01, 1.03, 1.0, 1.0, 1.02, 0.99, 0.95, 0.99, 0.98, 1.03],
  sexual: [0.98, 1.03, 1.06, 1.05, 1.0, 1.02, 1.02, 1.0, 0.92, 0.97, 0.96, 0.99],
  other: [0.98, 1.03, 1.02, 1.05, 1.04, 1.0, 1.03, 1.01, 0.98, 0.95, 0.92, 0.99],
  domestic: [0.98, 1.04, 1.03, 1.07, 1.05, 0.99, 1.0, 0.96, 1.02, 0.96, 0.91, 0.99],
};
/** Lockdowns: April–May 2020, November 2020, January–March 2021 (month index → factor). */
const LOCKDOWN: Record<number, number> = { 12: 0.72, 13: 0.85, 14: 0.95, 19: 0.9, 21: 0.8, 22: 0.83, 23: 0.93 };
const lockdown = (mi: number, strength: number) => 1 - (1 - (LOCKDOWN[mi] ?? 1)) * strength;

export interface Window {
  start: number;
  end: number;
  total: number;
}
const r12 = (end: string, total: number): Window => ({ start: monthIndex(end) - 11, end: monthIndex(end), total });
const fy = (k: number, total: number): Window => ({ start: 12 * k, end: 12 * k + 11, total });

/** Integer months from a draft: windows get their exact totals, the other months are rounded. */
export function calibrate(draft: number[], windows: Window[]): Int32Array {
  const out = Int32Array.from(draft, (v) => Math.max(0, Math.round(v)));
  for (const w of windows) {
    const parts = apportion(w.total, draft.slice(w.start, w.end + 1));
    parts.forEach((v, i) => (out[w.start + i] = v));
  }
  return out;
}

/** A draft series: level (per month) × season × lockdown × a little noise. */
function draft(rng: Rng, level: (mi: number) => number, season: number[], lockStrength: number, noise = 0.025): number[] {
  return Array.from({ length: MONTHS }, (_, mi) => level(mi) * season[moy(mi)] * lockdown(mi, lockStrength) * (1 + noise * normal(rng)));
}

/** Piecewise-linear level through (month index, monthly level) points. */
function through(points: [number, number][]): (mi: number) => number {
  return (mi) => {
    if (mi <= points[0][0]) return points[0][1];
    for (let i = 1; i < points.length; i++) {
      const [x1, y1] = points[i];
      const [x0, y0] = points[i - 1];
      if (mi <= x1) return y0 + ((y1 - y0) * (mi - x0)) / (x1 - x0);
    }
    return points[points.length - 1][1];
  };
}

export interface CrimeTargets {
  /** Female-victim crimes by group (index G.*; 'other' is drawn, not targeted) and month. */
  female: Int32Array[];
  /** Male or unknown-sex victims, by group and month ('other' left at zero). */
  nonFemale: Int32Array[];
  /** All 'other' crimes by month (victim sex drawn per code). */
  otherTotal: Int32Array;
  /** Domestic-abuse-flagged crimes with a female victim, by month. */
  daFemale: Int32Array;
  /** 8Q stalking crimes (any victim), by month. */
  stalking: Int32Array;
}

export function crimeTargets(rng: Rng, scale = 1): CrimeTargets {
  const s = (n: number) => Math.round(n * scale);
  const vw = (g: keyof typeof vawgFemale) => vawgWindowEnds.map((e, i) => r12(e, s(vawgFemale[g][i])));
  const female: Int32Array[] = [];
  const nonFemale: Int32Array[] = [];

  // Violence: all-victim FY totals first, then the female share solved window by window.
  for (const [g, key] of [
    [G.VWI, 'violence_with_injury'],
    [G.VWOI, 'violence_without_injury'],
  ] as const) {
    const fyTotals = violenceFy[key];
    const lvl = through([
      [0, fyTotals[0] / 12],
      [18, fyTotals[1] / 12],
      [30, fyTotals[2] / 12],
      [42, fyTotals[3] / 12],
      [54, fyTotals[3] / 12],
    ]);
    const all = calibrate(
      draft(rng, (mi) => lvl(mi) * scale, SEASON.violence, 1),
      fyTotals.map((t, k) => fy(k, s(t))),
    );
    const windows = vw(key);
    // The female share drifts smoothly between window midpoints (no step at a window edge); each
    // window is then scaled to its exact total.
    const shareAt = through(windows.map((w) => [(w.start + w.end) / 2, w.total / sumRange(all, w.start, w.end)] as [number, number]));
    const f = calibrate(
      Array.from(all, (a, mi) => a * shareAt(mi)),
      windows,
    );
    female[g] = f;
    nonFemale[g] = Int32Array.from(all, (a, mi) => a - f[mi]);
    if (nonFemale[g].some((n) => n < 0)) throw new Error(`${key}: a month has more female victims than crimes`);
  }

  // Stalking & harassment and sexual offences: female counts by window, male victims a share.
  const nonFemaleShare = { [G.SH]: 0.5, [G.RAPE]: 0.11, [G.OSO]: 0.22 } as Record<number, number>;
  for (const [g, key, season, back] of [
    [G.SH, 'stalking_harassment', SEASON.harassment, 0.92],
    [G.RAPE, 'rape', SEASON.sexual, 0.9],
    [G.OSO, 'other_sexual_offences', SEASON.sexual, 1.0],
  ] as const) {
    const t = vawgFemale[key];
    const lvl = through([
      [0, (t[0] * back) / 12],
      [21, t[0] / 12],
      [33, t[1] / 12],
      [45, t[2] / 12],
      [54, t[2] / 12],
    ]);
    female[g] = calibrate(
      draft(rng, (mi) => lvl(mi) * scale, season, 0.4),
      vw(key),
    );
    nonFemale[g] = Int32Array.from(female[g], (f) => Math.round(f * nonFemaleShare[g] * (1 + 0.05 * normal(rng))));
  }

  female[G.OTHER] = new Int32Array(MONTHS);
  nonFemale[G.OTHER] = new Int32Array(MONTHS);
  const otherLvl = through([
    [0, 5350],
    [12, 5100],
    [23, 4600],
    [30, 4850],
    [42, 5000],
    [54, 4950],
  ]);
  const otherTotal = calibrate(
    draft(rng, (mi) => otherLvl(mi) * scale, SEASON.other, 1.6),
    [],
  );

  const da = vawgDomesticAbuse;
  const daLvl = through([
    [0, 870],
    [21, da[0] / 12],
    [33, da[1] / 12],
    [45, da[2] / 12],
    [54, da[2] / 12],
  ]);
  const daWindows = vawgWindowEnds.map((e, i) => r12(e, s(da[i])));
  const daFemale = calibrate(
    draft(rng, (mi) => daLvl(mi) * scale, SEASON.domestic, -0.3),
    daWindows,
  );

  // 8Q stalking: FY 2022/23 and April–August 2023 fixed by the SPO rates; a rising trend before.
  const stLvl = through([
    [0, 150],
    [12, 190],
    [24, 260],
    [36, 330],
    [48, 360],
    [54, 370],
  ]);
  const stalking = calibrate(
    draft(rng, (mi) => stLvl(mi) * scale, SEASON.harassment, 0.3),
    [fy(3, s(spo.fy2223.stalking)), { start: 48, end: 52, total: s(spo.fytd2308.stalking) }],
  );
  for (let mi = 0; mi < MONTHS; mi++) {
    const sh = female[G.SH][mi] + nonFemale[G.SH][mi];
    if (stalking[mi] > sh) throw new Error(`month ${mi}: ${stalking[mi]} stalking crimes exceed ${sh} S&H crimes`);
  }
  return { female, nonFemale, otherTotal, daFemale, stalking };
}

function sumRange(a: Int32Array, start: number, end: number): number {
  let t = 0;
  for (let i = start; i <= end; i++) t += a[i];
  return t;
}
