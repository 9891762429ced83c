// Civil orders and their breaches. Volumes are small (hundreds a year), so the published cases are
// written out explicitly: DVPN/DVPO applications and breaches in 2021, and every SPO with its
// decision and expiry so the active counts on 31/12/2022 and 31/10/2023 come out as printed.
import { apportion } from './alloc.ts';
import { dvpn2021 } from './calendar-targets.ts';
import type { CrimeStore } from './crimes.ts';
import { DATA_END_DAY, dayOf, daysIn, monthIndex, monthStart } from './dates.ts';
import { int, picker, shuffle, type Rng } from './prng.ts';
import { areas, offences, STALKING } from './reference.ts';

export type Decision = 'granted' | 'refused' | 'withdrawn' | 'pending';
export type Action = 'charged' | 'cautioned' | 'presented_to_court' | 'nfa' | 'pending';
export interface Order {
  ref: string;
  type: string;
  applied: number;
  decision: Decision;
  decided: number; // −1: none yet
  expiry: number; // −1: none
  crime: number; // crime index, −1: none
  area: string;
}
export interface Breach {
  ref: string;
  order: Order;
  day: number;
  action: Action;
}

const ym = (s: string) => monthIndex(s);
const monthsOfYear = (y: number) =>
  Array.from({ length: 12 }, (_, k) => ym(`${y}-${String(k + 1).padStart(2, '0')}`)).filter((m) => m >= 0 && m <= 54);
const iso = (s: string) => dayOf(+s.slice(0, 4), +s.slice(5, 7), +s.slice(8, 10));

/**
 * The SPOs granted (decision month or exact date, expiry in years or exact date, null = until
 * further order). 13 are in force on 31/12/2022 (D expires that very day and still counts) and 31
 * on 31/10/2023 (H expires that day); 8 granted in FY 2022/23 and 12 in April–August 2023.
 */
const SPO_GRANTS: [string, number | string | null][] = [
  ['2020-03', 2],
  ['2020-06', 2],
  ['2020-09', null],
  ['2020-11-16', '2022-12-31'],
  ['2021-02', 2],
  ['2021-05', 2],
  ['2021-08', 2],
  ['2021-10-29', '2023-10-31'],
  ['2021-12', null],
  ['2022-01', 3],
  ['2022-03', null],
  ['2022-05', null],
  ['2022-08', 3],
  ['2022-10', null],
  ['2022-12', 2],
  ['2023-01', null],
  ['2023-02', 3],
  ['2023-03', null],
  ['2023-03', 2],
  ['2023-04', null],
  ['2023-04', 2],
  ['2023-05', null],
  ['2023-05', 3],
  ['2023-06', null],
  ['2023-06', 2],
  ['2023-07', null],
  ['2023-07', 2],
  ['2023-07', null],
  ['2023-08', 3],
  ['2023-08', null],
  ['2023-08', 2],
  ['2023-09', null],
  ['2023-09', 2],
  ['2023-09', null],
  ['2023-10', 3],
  ['2023-10', null],
  ['2023-10', 2],
];
/** SPO breaches: two in 2021 on the same order (index 2), none in 2022, seven in 2023, all charged. */
const SPO_BREACHES: [number, string][] = [
  [2, '2021-03-14'],
  [2, '2021-07-22'],
  [2, '2023-01-19'],
  [8, '2023-02-27'],
  [9, '2023-04-11'],
  [11, '2023-05-30'],
  [13, '2023-07-08'],
  [15, '2023-08-24'],
  [19, '2023-10-05'],
];

/** The orders and breaches being generated, and how one order is added. */
interface Book {
  rng: Rng;
  crimes: CrimeStore;
  orders: Order[];
  breaches: Breach[];
  /** A day in month index `mi`. */
  dayIn: (mi: number) => number;
  /** Adds an order, linked to a crime that `link` accepts (85% of the time). */
  push: (type: string, applied: number, decision: Decision, decided: number, expiry: number, link: (c: number) => boolean) => Order;
}

const breachActions: Action[] = ['charged', 'presented_to_court', 'cautioned', 'nfa', 'pending'];
const breachActionWeights = [55, 20, 8, 12, 5];

/**
 * Every order and breach of the demo force. The phases run in this order and each draws from the
 * same random stream, so the demo is the same file for a seed whatever the phases look like inside.
 */
export function generateOrders(rng: Rng, crimes: CrimeStore): { orders: Order[]; breaches: Breach[] } {
  const book = newBook(rng, crimes);
  addDvpnOrders(book);
  addDvpnBreaches(book);
  addSpos(book);
  addOtherOrders(book);
  return numbered(book);
}

function newBook(rng: Rng, crimes: CrimeStore): Book {
  const book: Book = {
    rng,
    crimes,
    orders: [],
    breaches: [],
    dayIn: (mi) => monthStart(mi) + Math.floor(rng() * daysIn(mi)),
    push: () => undefined as never,
  };
  const areaPick = picker(areas.map((a) => a.w));
  const linkable = crimeFinder(crimes);
  book.push = (type, applied, decision, decided, expiry, link) => {
    const crime = rng() < 0.85 ? linkable(rng, applied, link) : -1;
    const o: Order = {
      ref: '',
      type,
      applied,
      decision,
      decided,
      expiry,
      crime,
      area: crime >= 0 ? areas[crimes.area[crime]].area : areas[areaPick(rng)].area,
    };
    book.orders.push(o);
    return o;
  };
  return book;
}

/** DVPN/DVPO: 2021 exactly as published; other years at a plausible, rising level. */
function addDvpnOrders({ rng, crimes, dayIn, push }: Book): void {
  const da = (c: number) => crimes.da[c] === 1;
  const dvpnByYear: Record<number, number> = { 2019: 108, 2020: 152, 2021: dvpn2021.applications, 2022: 181, 2023: 156 };
  for (const [y, n] of Object.entries(dvpnByYear).map(([y, n]) => [+y, n])) {
    const months = monthsOfYear(y);
    const perMonth = apportion(
      n,
      months.map((m) => 1 + 0.08 * Math.sin(m)),
    );
    const refusedOrWithdrawn = y === 2021 ? dvpn2021.applications - dvpn2021.granted : -1;
    const yearOrders: Order[] = [];
    months.forEach((m, k) => {
      for (let j = 0; j < perMonth[k]; j++) {
        const dvpn = rng() < 0.22;
        const applied = dayIn(m);
        const decided = Math.min(DATA_END_DAY, applied + (dvpn ? 0 : int(rng, 1, 2)));
        const pending = applied > DATA_END_DAY - 3;
        yearOrders.push(
          push(
            dvpn ? 'DVPN' : 'DVPO',
            applied,
            pending ? 'pending' : 'granted',
            pending ? -1 : decided,
            pending ? -1 : decided + (dvpn ? 2 : int(rng, 14, 28)),
            da,
          ),
        );
      }
    });
    const others = shuffle(
      rng,
      yearOrders.filter((o) => o.decision === 'granted'),
    );
    const k = refusedOrWithdrawn >= 0 ? refusedOrWithdrawn : Math.round(n * 0.05);
    others.slice(0, k).forEach((o, j) => ((o.decision = j % 3 === 2 ? 'withdrawn' : 'refused'), (o.expiry = -1)));
  }
}

/** Breaches of granted DVPN/DVPOs, each inside its order's life; 2021's as published. */
function addDvpnBreaches({ rng, orders, breaches }: Book): void {
  const granted = orders.filter((o) => ['DVPN', 'DVPO'].includes(o.type) && o.decision === 'granted');
  const dvpnBreaches: Record<number, number> = { 2019: 14, 2020: 24, 2021: dvpn2021.breaches, 2022: 30, 2023: 22 };
  const actionPick = picker(breachActionWeights);
  for (const [y, n] of Object.entries(dvpnBreaches).map(([y, n]) => [+y, n])) {
    const y0 = dayOf(y, 1, 1);
    const y1 = Math.min(dayOf(y, 12, 31), DATA_END_DAY);
    const pool = shuffle(
      rng,
      granted.filter((o) => o.decided + 1 <= y1 && o.expiry >= y0 && o.expiry > o.decided),
    );
    for (let j = 0; j < n; j++) {
      const o = pool[j % pool.length];
      const lo = Math.max(o.decided + 1, y0);
      const hi = Math.min(o.expiry, y1);
      // 2021's breaches all went to court (004 Q49): charged or presented to court.
      const action = y === 2021 ? (j % 4 === 3 ? 'presented_to_court' : 'charged') : breachActions[actionPick(rng)];
      breaches.push({ ref: '', order: o, day: int(rng, lo, hi), action: action === 'pending' && y < 2023 ? 'charged' : action });
    }
  }
}

/** SPOs, interim SPOs, and the SPO applications that were refused, withdrawn or are pending. */
function addSpos({ rng, crimes, breaches, dayIn, push }: Book): void {
  const stalker = (c: number) => crimes.code[c] === STALKING;
  const spos = SPO_GRANTS.map(([when, exp]) => {
    const decided = when.length === 10 ? iso(when) : dayIn(ym(when));
    const expiry = exp === null ? -1 : typeof exp === 'string' ? iso(exp) : decided + Math.round(365.25 * exp);
    const applied = decided - int(rng, 14, 60);
    if (rng() < 0.5) push('ISPO', applied, 'granted', applied + int(rng, 1, 5), decided, stalker);
    return push('SPO', applied, 'granted', decided, expiry, stalker);
  });
  for (const [when, decision] of [
    ['2021-06', 'refused'],
    ['2022-02', 'withdrawn'],
    ['2022-09', 'refused'],
    ['2023-03', 'refused'],
    ['2023-06', 'refused'],
  ] as const) {
    const decided = dayIn(ym(when));
    push('SPO', decided - int(rng, 14, 60), decision, decided, -1, stalker);
  }
  push('SPO', iso('2023-10-20'), 'pending', -1, -1, stalker);
  for (const [k, day] of SPO_BREACHES) breaches.push({ ref: '', order: spos[k], day: iso(day), action: 'charged' });
}

/** Other orders at plausible levels, for realism on the orders page. */
function addOtherOrders({ rng, crimes, breaches, dayIn, push }: Book): void {
  const sexual = (c: number) => offences[crimes.code[c]].group === 3 || offences[crimes.code[c]].group === 4;
  const actionPick = picker(breachActionWeights);
  const others: [string, number, (c: number) => boolean, number][] = [
    ['SHPO', 45, sexual, 365 * 5],
    ['SRO', 6, sexual, 365 * 2],
    ['RO', 80, (c) => offences[crimes.code[c]].group === 2, 365 * 2],
    ['FMPO', 2, () => false, 365],
    ['FGMPO', 1, () => false, 365],
  ];
  for (const [type, perYear, link, length] of others) {
    for (let mi = 0; mi <= 54; mi++) {
      for (let j = 0, n = poisson(rng, perYear / 12); j < n; j++) {
        const applied = dayIn(mi);
        const ok = rng() < 0.93 && applied + 30 < DATA_END_DAY;
        const decided = ok ? applied + int(rng, 3, 30) : applied + int(rng, 3, 10);
        const o = push(
          type,
          applied,
          ok ? 'granted' : decided > DATA_END_DAY ? 'pending' : 'refused',
          decided > DATA_END_DAY ? -1 : decided,
          ok ? decided + length : -1,
          link,
        );
        if (ok && (type === 'RO' || type === 'SHPO') && rng() < 0.2) {
          const day = decided + int(rng, 10, 400);
          if (day <= DATA_END_DAY && day <= o.expiry && (day < dayOf(2021, 1, 1) || day > dayOf(2021, 12, 31)))
            breaches.push({ ref: '', order: o, day, action: breachActions[actionPick(rng)] });
        }
      }
    }
  }
}

/** Sorted and given their references. */
function numbered({ orders, breaches }: Book): { orders: Order[]; breaches: Breach[] } {
  // Orders still in force when the data ends are written "until further order" (no expiry date):
  // ingest treats any date after today as a keying error, and an extract must load on any later day.
  for (const o of orders) if (o.expiry > DATA_END_DAY + 60) o.expiry = -1;
  orders.sort((a, b) => a.applied - b.applied);
  orders.forEach((o, i) => (o.ref = `ORD-${String(100001 + i)}`));
  breaches.sort((a, b) => a.day - b.day);
  breaches.forEach((b, i) => (b.ref = `BRC-${String(200001 + i)}`));
  return { orders, breaches };
}

function poisson(rng: Rng, mean: number): number {
  let k = 0;
  for (let p = Math.exp(-mean), s = p, u = rng(); u > s; k++) ((p *= mean / (k + 1)), (s += p));
  return k;
}

/** A crime to link an order to: one recorded in the month before the application that fits. */
function crimeFinder(c: CrimeStore) {
  const firstOfMonth = new Int32Array(56).fill(-1);
  for (let i = c.n - 1; i >= 0; i--) firstOfMonth[c.month[i]] = i;
  firstOfMonth[55] = c.n;
  return (rng: Rng, applied: number, ok: (i: number) => boolean): number => {
    const mi = Math.max(0, Math.min(54, c.month[0] + Math.floor((applied - c.rec[0]) / 30.44)));
    const lo = firstOfMonth[Math.max(0, mi - 1)];
    const hi = firstOfMonth[mi + 1];
    if (lo < 0 || hi <= lo) return -1;
    for (let t = 0; t < 60; t++) {
      const i = lo + Math.floor(rng() * (hi - lo));
      if (c.rec[i] <= applied && ok(i)) return i;
    }
    return -1;
  };
}
