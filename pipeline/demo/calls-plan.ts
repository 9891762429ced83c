// Monthly targets for the calls extract. 999: each financial year's published totals (calls,
// answered within 10 s, abandoned) are split over its months; ring times are fitted per year in
// calls-999.ts. 101: the twelve published months as printed, and plausible months around them
// (a fall in calls after the December 2022 IVR, long waits in summer 2022).
import { roundTo } from '../../dashboards/shared/format.ts';
import { apportion, numeratorFor } from './alloc.ts';
import { calls101Published, calls999Fy, type Month101 } from './calendar-targets.ts';
import { MONTHS, moy, ymOf } from './dates.ts';
import { normal, type Rng } from './prng.ts';

const SEASON_999 = [0.98, 1.05, 1.08, 1.12, 1.07, 0.99, 0.98, 0.93, 0.97, 0.92, 0.88, 0.98];
const SEASON_101 = [1.0, 1.05, 1.06, 1.08, 1.05, 1.0, 1.0, 0.96, 0.9, 0.95, 0.93, 1.0];
const LOCKDOWN_CALLS: Record<number, number> = { 12: 0.84, 13: 0.93, 21: 0.92, 22: 0.94 };

export interface Month999 {
  mi: number;
  calls: number;
  abandoned: number;
  /** Answered within 10 s. */
  short: number;
  /** Summer and lockdown months ring longer: scales the long tail before the year is fitted. */
  strain: number;
}
export interface Year999 {
  fy: number;
  months: Month999[];
  answered: number;
  short: number;
  /** Exact total ring seconds of the answered calls: mean = ringSum / answered. */
  ringSum: number;
}

export function plan999(rng: Rng, scale = 1): Year999[] {
  // FY 2023/24 is not published (data to October): continue 2022/23's performance.
  const partial = { fy: 4, calls: Math.round(104_900 * scale), answered10s: 0, meanRing: 7, abandonedPct: 0.55, abandonedDp: 2 };
  partial.answered10s = Math.round(partial.calls * (1 - 0.0055) * 0.862);
  return [...calls999Fy, partial].map((t) => {
    const calls = t.fy === 4 ? t.calls : Math.round(t.calls * scale);
    const short = t.fy === 4 ? t.answered10s : Math.round(t.answered10s * scale);
    const mis = Array.from({ length: 12 }, (_, k) => 12 * t.fy + k).filter((mi) => mi < MONTHS);
    const weights = mis.map((mi) => SEASON_999[moy(mi)] * (LOCKDOWN_CALLS[mi] ?? 1) * (1 + 0.02 * normal(rng)));
    const perMonth = apportion(calls, weights);
    const strain = mis.map(
      (mi) => [1.0, 1.03, 1.07, 1.1, 1.07, 1.0, 0.99, 0.97, 1.02, 0.97, 0.96, 0.98][moy(mi)] * (1 + 0.015 * normal(rng)),
    );
    const abandoned = numeratorFor(calls, t.abandonedPct, t.abandonedDp, 100, scale === 1);
    const abByMonth = apportion(
      abandoned,
      perMonth.map((c, k) => c * strain[k]),
    );
    const shortByMonth = apportion(
      short,
      perMonth.map((c, k) => (c - abByMonth[k]) / strain[k]),
    );
    const answered = calls - abandoned;
    // A mean that rounds to the printed whole seconds, but not always exactly on it.
    const ringSum = Math.round((t.meanRing + 0.25 * (2 * rng() - 1)) * answered);
    const months = mis.map((mi, k) => {
      if (shortByMonth[k] > perMonth[k] - abByMonth[k]) throw new Error(`999 month ${mi}: answered within 10 s exceeds answered`);
      return { mi, calls: perMonth[k], abandoned: abByMonth[k], short: shortByMonth[k], strain: strain[k] };
    });
    return { fy: t.fy, months, answered, short, ringSum };
  });
}

/** The 101 month's targets: published where the papers print it, else synthesised. */
export interface Plan101 extends Month101 {
  mi: number;
  published: boolean;
}

export function plan101(rng: Rng, scale = 1): Plan101[] {
  const published = new Map(calls101Published.map((m) => [m.month, m]));
  const out: Plan101[] = [];
  for (let mi = 0; mi < MONTHS; mi++) {
    const { y, m } = ymOf(mi);
    const month = `${y}-${String(m).padStart(2, '0')}`;
    const p = published.get(month);
    if (p) {
      out.push({ ...p, calls: Math.round(p.calls * scale), mi, published: true });
      continue;
    }
    const n = normal;
    const after = mi >= 48; // after the IVR bedded in
    const yearLevel = mi < 12 ? 19_300 : mi < 24 ? 18_900 : mi < 36 ? 20_800 : 15_900 + 180 * (mi - 48);
    const calls = yearLevel * SEASON_101[moy(mi)] * (LOCKDOWN_CALLS[mi] ?? 1) * (1 + 0.025 * n(rng));
    const pressure = SEASON_101[moy(mi)] - 1; // busier months answer more slowly
    const triage = after ? 55 + 4 * n(rng) : mi < 24 ? 38 + 40 * pressure + 3 * n(rng) : 44 + 60 * pressure + 4 * n(rng);
    const cw = after
      ? 205 + 25 * n(rng)
      : mi < 12
        ? 270 + 400 * pressure + 15 * n(rng)
        : mi < 24
          ? 245 + 300 * pressure + 15 * n(rng)
          : 330 + (mi - 24) * 4 + 600 * pressure + 20 * n(rng);
    const answered60 = after
      ? 56.5 + 1.2 * n(rng)
      : mi < 12
        ? 61.5 - 30 * pressure + n(rng)
        : mi < 24
          ? 63.5 - 30 * pressure + n(rng)
          : 56 - 40 * pressure + 1.5 * n(rng);
    const abandoned = after
      ? 9.4 + 0.6 * n(rng)
      : mi < 12
        ? 8.2 + 15 * pressure + 0.4 * n(rng)
        : mi < 24
          ? 7.2 + 12 * pressure + 0.4 * n(rng)
          : 10.2 + 25 * pressure + 0.6 * n(rng);
    out.push({
      month,
      mi,
      published: false,
      calls: Math.round(calls * scale),
      triage: Math.round(triage),
      cw: Math.round(cw),
      answered60: roundTo(answered60, 2),
      abandoned: roundTo(abandoned, 2),
    });
  }
  return out;
}
