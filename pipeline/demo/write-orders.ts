// Writes the small extracts — civil orders, their breaches, and DVDS requests — each as one
// all-years file, with the bad rows a hand-kept spreadsheet tends to hold.
import { CsvSink, type WrittenFile } from './csv-writer.ts';
import type { CrimeStore } from './crimes.ts';
import { dayOf, fmtDate, type DateStyle } from './dates.ts';
import type { DvdsRequest } from './dvds.ts';
import { FUTURE_YEARS, IMPOSSIBLE_DMY, IMPOSSIBLE_ISO, Mess } from './mess.ts';
import type { Breach, Order } from './orders.ts';
import { int, type Rng } from './prng.ts';

const d = (day: number, style: DateStyle) => (day < 0 ? '' : fmtDate(day, style));
const impossible = (style: DateStyle, r: Rng) => (style === 'dmy' ? IMPOSSIBLE_DMY : IMPOSSIBLE_ISO)[int(r, 0, 4)];
const future = (style: DateStyle, r: Rng) => fmtDate(dayOf(FUTURE_YEARS[int(r, 0, 2)], 1, 10) + int(r, 0, 300), style);
const someDay = (r: Rng) => dayOf(2019, 5, 1) + int(r, 0, 1600);

export function writeOrders(
  rng: Rng,
  dir: string,
  crimes: CrimeStore,
  orders: Order[],
): { file: Promise<WrittenFile>; mess: Record<string, number> } {
  const st: DateStyle = 'dmy';
  const sink = new CsvSink(
    `${dir}/orders_all.csv`,
    'orders',
    'order_ref,order_type,applied_date,decision,decision_date,expiry_date,crime_ref,area',
    { eol: '\r\n' },
  );
  const fmt = (o: Order, over: Partial<Record<string, string>> = {}) => {
    const f = {
      ref: o.ref,
      type: o.type,
      applied: d(o.applied, st),
      decision: o.decision,
      decided: d(o.decided, st),
      expiry: d(o.expiry, st),
      crime: o.crime >= 0 ? crimes.ref[o.crime] : '',
      area: o.area,
      ...over,
    };
    return [f.ref, f.type, f.applied, f.decision, f.decided, f.expiry, f.crime, f.area].join(',');
  };
  let seq = 0;
  const bad = (kind: string, r: Rng): string => {
    const base = orders[int(r, 0, orders.length - 1)];
    const day = someDay(r);
    const o: Order = {
      ...base,
      ref: `ORD-9${String(++seq).padStart(5, '0')}`,
      applied: day,
      decided: day + 1,
      expiry: base.expiry >= 0 ? day + 29 : -1,
    };
    switch (kind) {
      case 'empty_type':
        return fmt(o, { type: '' });
      case 'impossible_date':
        return fmt(o, { applied: impossible(st, r) });
      case 'unknown_decision':
        return fmt(o, { decision: 'approved' });
      case 'unknown_type':
        return fmt(o, { type: 'DVPX' });
      case 'future':
        return fmt(o, { applied: future(st, r), decided: '', decision: 'pending', expiry: '' });
      case 'decided_before_applied':
        return fmt(o, { decided: d(day - 9, st) });
      case 'expiry_before_decision':
        return fmt(o, { decision: 'granted', expiry: d(day - 20, st) });
      default:
        return fmt(o, { decision: 'granted', decided: '' }); // granted with no decision date
    }
  };
  const kinds = [
    'empty_type',
    'impossible_date',
    'unknown_decision',
    'unknown_type',
    'future',
    'decided_before_applied',
    'expiry_before_decision',
    'granted_without_date',
  ];
  const m = new Mess(rng, { kinds, rate: 0.004, dupRate: 0.004, bad });
  for (const o of orders) {
    sink.row(fmt(o));
    // The same order typed in twice, the second time as refused: the first copy stands.
    m.after(sink, () => fmt(o, { decision: o.decision === 'granted' ? 'refused' : o.decision }));
  }
  return { mess: m.finish(sink), file: sink.close() };
}

export function writeBreaches(rng: Rng, dir: string, breaches: Breach[]): { file: Promise<WrittenFile>; mess: Record<string, number> } {
  const st: DateStyle = 'iso';
  const sink = new CsvSink(`${dir}/breaches_all.csv`, 'breaches', 'breach_ref,order_ref,breach_date,action', {});
  let seq = 0;
  const bad = (kind: string, r: Rng): string => {
    const ref = `BRC-9${String(++seq).padStart(5, '0')}`;
    const b = breaches[int(r, 0, breaches.length - 1)];
    const day = d(b.day, st);
    switch (kind) {
      case 'empty_order':
        return `${ref},,${day},charged`;
      case 'impossible_date':
        return `${ref},${b.order.ref},${impossible(st, r)},charged`;
      case 'unknown_action':
        return `${ref},${b.order.ref},${day},warned`;
      case 'future':
        return `${ref},${b.order.ref},${future(st, r)},pending`;
      // An order made before the extract began: the breach loads, with a warning. Never in 2021–23,
      // the years whose breach counts are published.
      default:
        return `${ref},ORD-0${String(90000 + seq).padStart(5, '0')},${d(dayOf(2019, 6, 1) + int(r, 0, 500), st)},nfa`;
    }
  };
  const m = new Mess(rng, {
    kinds: ['empty_order', 'impossible_date', 'unknown_action', 'future', 'unknown_order'],
    rate: 0.01,
    dupRate: 0.01,
    bad,
  });
  for (const b of breaches) {
    const line = `${b.ref},${b.order.ref},${d(b.day, st)},${b.action}`;
    sink.row(line);
    m.after(sink, () => `${b.ref},${b.order.ref},${d(b.day, st)},nfa`);
  }
  return { mess: m.finish(sink), file: sink.close() };
}

export function writeDvds(rng: Rng, dir: string, requests: DvdsRequest[]): { file: Promise<WrittenFile>; mess: Record<string, number> } {
  const st: DateStyle = 'dmy';
  const sink = new CsvSink(`${dir}/dvds_all.csv`, 'dvds', 'request_ref,route,received_date,decision_date,disclosed,disclosure_date', {
    bom: true,
  });
  const fmt = (x: DvdsRequest) =>
    [
      x.ref,
      x.rightToAsk ? 'right_to_ask' : 'right_to_know',
      d(x.received, st),
      d(x.decided, st),
      x.disclosed === null ? '' : x.disclosed ? 'yes' : 'no',
      d(x.disclosedOn, st),
    ].join(',');
  let seq = 0;
  const bad = (kind: string, r: Rng): string => {
    const ref = `DVDS-9${String(++seq).padStart(4, '0')}`;
    const day = someDay(r);
    const ok = `${d(day, st)},${d(day + 20, st)},yes,${d(day + 21, st)}`;
    switch (kind) {
      case 'empty_route':
        return `${ref},,${ok}`;
      case 'unknown_route':
        return `${ref},self_referral,${ok}`;
      case 'impossible_date':
        return `${ref},right_to_ask,${impossible(st, r)},,,`;
      case 'future':
        return `${ref},right_to_know,${future(st, r)},,,`;
      case 'decided_before_received':
        return `${ref},right_to_ask,${d(day, st)},${d(day - 5, st)},no,`;
      default:
        return `${ref},right_to_know,${d(day, st)},${d(day + 3, st)},yes,${d(day - 2, st)}`; // disclosed before received
    }
  };
  const kinds = ['empty_route', 'unknown_route', 'impossible_date', 'future', 'decided_before_received', 'disclosed_before_received'];
  const m = new Mess(rng, { kinds, rate: 0.004, dupRate: 0.003, bad });
  for (const x of requests) {
    sink.row(fmt(x));
    m.after(sink, () => fmt({ ...x, received: x.received + 1 }));
  }
  return { mess: m.finish(sink), file: sink.close() };
}
