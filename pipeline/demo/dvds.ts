// Clare's Law (DVDS) requests. Monthly counts are solved so the 12 months to August 2023 hold 2.55×
// the 12 months to August 2021 (+155%, 001 §3.12); decisions and disclosures follow plausible lags.
import { dvdsRequests } from './calendar-targets.ts';
import { calibrate } from './crime-series.ts';
import { DATA_END_DAY, MONTHS, daysIn, monthIndex, monthStart, moy } from './dates.ts';
import { lognormal, normal, type Rng } from './prng.ts';

export interface DvdsRequest {
  ref: string;
  rightToAsk: boolean;
  received: number;
  decided: number; // −1: no decision yet
  disclosed: boolean | null;
  disclosedOn: number; // −1: none
}

const SEASON = [0.97, 1.02, 1.03, 1.06, 1.04, 1.0, 1.01, 0.97, 0.93, 1.0, 0.97, 1.0];

export function generateDvds(rng: Rng, scale = 1): DvdsRequest[] {
  // A steep rise as the scheme became known: ~35 a month in 2019 to ~125 a month in 2023.
  const level = (mi: number) => (mi < 17 ? 33 + mi * 0.5 : mi < 29 ? 46.7 : mi < 41 ? 47 + (mi - 29) * 5.2 : mi < 53 ? 119 : 126);
  const draft = Array.from({ length: MONTHS }, (_, mi) => level(mi) * SEASON[moy(mi)] * (1 + 0.04 * normal(rng)) * scale);
  const months = calibrate(draft, [
    { start: monthIndex('2021-08') - 11, end: monthIndex('2021-08'), total: Math.round(dvdsRequests.r12Aug2021 * scale) },
    { start: monthIndex('2023-08') - 11, end: monthIndex('2023-08'), total: Math.round(dvdsRequests.r12Aug2023 * scale) },
  ]);
  const out: DvdsRequest[] = [];
  for (let mi = 0; mi < MONTHS; mi++) {
    const days = Int32Array.from({ length: months[mi] }, () => monthStart(mi) + Math.floor(rng() * daysIn(mi))).sort();
    for (const received of days) {
      const rightToAsk = rng() < 0.57;
      const decided = received + Math.max(1, Math.round(lognormal(rng, rightToAsk ? 21 : 15, 0.5)));
      if (decided > DATA_END_DAY) {
        out.push({ ref: '', rightToAsk, received, decided: -1, disclosed: null, disclosedOn: -1 });
        continue;
      }
      const disclosed = rng() < (rightToAsk ? 0.45 : 0.62);
      const disclosedOn = disclosed ? Math.min(DATA_END_DAY, decided + Math.round(lognormal(rng, 2, 1))) : -1;
      out.push({ ref: '', rightToAsk, received, decided, disclosed, disclosedOn });
    }
  }
  out.forEach((r, i) => (r.ref = `DVDS-${String(30001 + i)}`));
  return out;
}
