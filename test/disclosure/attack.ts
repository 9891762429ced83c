// A panel member with a spreadsheet, as code. Given every figure a build publishes and the
// catalogue's definitions, it works out every count it can — rate × base, rates read as simple
// fractions, totals minus the other areas, overlapping windows differenced (with months pinned by a
// window of zero), pack and site together — and reports which hidden counts came back. It shares
// no code with pipeline/disclosure: it is the check on that code, not a copy of it.
import type { Metric } from '../../pipeline/metrics/catalogue.ts';
import type { MetricValue } from '../../pipeline/metrics/compute.ts';

/** A published figure: its value and how precisely it is given (half a unit of its last decimal). */
export interface Published {
  value: number;
  halfUlp: number;
}

export type PublishedSet = Map<string, Published>; // metric|grain|period|area → figure

export const figureKey = (metric: string, grain: string, period: string, area: string): string => `${metric}|${grain}|${period}|${area}`;

interface Cell {
  q: string;
  grain: string;
  period: string;
  area: string;
  months: string[];
  truth: number;
}

export interface AttackResult {
  /** Hidden counts the attack got back, exactly: "quantity grain period area = value". */
  recovered: string[];
  /** How many derivations it tried (rule applications on a pair or set of figures). */
  tried: number;
  /** Protected counts it was trying to get (1–4 below force, or hidden at a published grain). */
  targets: number;
}

function months(start: string, end: string): string[] {
  const out: string[] = [];
  const d = new Date(`${start.slice(0, 7)}-01T00:00:00Z`);
  while (d.toISOString().slice(0, 7) <= end.slice(0, 7)) {
    out.push(d.toISOString().slice(0, 7));
    d.setUTCMonth(d.getUTCMonth() + 1);
  }
  return out;
}

/** The counts behind the figures, linked as a careful reader would link them: by equal values everywhere. */
function countsOf(truth: MetricValue[], metrics: Map<string, Metric>) {
  const series = new Map<string, MetricValue[]>();
  for (const v of truth) {
    const m = metrics.get(v.metric)!;
    if (m.areas === 'force_only') continue;
    const parts =
      m.unit === 'count' ? ['numerator'] : m.unit === 'days' || m.unit === 'seconds' ? ['denominator'] : ['numerator', 'denominator'];
    for (const part of parts) series.set(`${v.metric}.${part}`, [...(series.get(`${v.metric}.${part}`) ?? []), v]);
  }
  const quantityOf = new Map<string, string>(); // metric.part → quantity id
  const bySignature = new Map<string, string>();
  const cells = new Map<string, Cell>(); // q|grain|period|area
  const additive = new Set<string>();
  for (const [part, values] of series) {
    const p = part.endsWith('.numerator') ? 'numerator' : 'denominator';
    const signature = values
      .map((v) => `${v.grain}|${v.period}|${v.area}=${v[p]}`)
      .sort()
      .join(';');
    const q = bySignature.get(signature) ?? part;
    bySignature.set(signature, q);
    quantityOf.set(part, q);
    if (metrics.get(part.split('.')[0]!)!.rollup !== 'none') additive.add(q);
    for (const v of values)
      cells.set(`${q}|${v.grain}|${v.period}|${v.area}`, {
        q,
        grain: v.grain,
        period: v.period,
        area: v.area,
        months: months(v.period_start, v.period_end),
        truth: v[p] ?? 0,
      });
  }
  return { quantityOf, cells, additive };
}

/**
 * Runs every derivation to a fixed point. `truth` is the unsuppressed computation (to know what
 * is protected and to confirm a derivation is right); `published` is what the build gave out;
 * `hiddenAtPublishedGrain` are the figures the build showed as [c] at twelve-month windows.
 */
/**
 * `counts`: counts a build publishes as such (the denominators beside the areas' intervals), keyed
 * `metric.part|grain|period|area`.
 */
export function attack(
  truth: MetricValue[],
  metrics: Map<string, Metric>,
  published: PublishedSet,
  hiddenAtPublishedGrain: Set<string>,
  counts: Map<string, number> = new Map(),
): AttackResult {
  const { quantityOf, cells, additive } = countsOf(truth, metrics);
  const known = new Map<string, number>(); // q|grain|period|area → value the reader is sure of
  const guesses = new Map<string, number>();
  let tried = 0;
  const scale = (m: Metric) => (m.unit === 'pct' ? 100 : m.unit === 'per_1000' ? 1000 : 1);
  const learn = (k: string, v: number) => {
    if (known.has(k) || !cells.has(k)) return false;
    known.set(k, v);
    return true;
  };
  const uniqueInteger = (lo: number, hi: number): number | null => {
    const a = Math.ceil(lo - 1e-9);
    return a <= hi + 1e-9 && Math.floor(hi + 1e-9) === a ? a : null;
  };

  const rates: [string, Published, Metric][] = [];
  for (const [key, p] of published) {
    const [metric, grain, period, area] = key.split('|') as [string, string, string, string];
    const m = metrics.get(metric)!;
    if (m.areas === 'force_only') continue;
    if (m.unit === 'count') learn(`${quantityOf.get(`${metric}.numerator`)}|${grain}|${period}|${area}`, p.value);
    else if (m.unit === 'pct' || m.unit === 'per_1000') rates.push([key, p, m]);
  }

  for (const [key, v] of counts) {
    const [part, ...at] = key.split('|');
    const q = quantityOf.get(part!);
    if (q) learn(`${q}|${at.join('|')}`, v);
  }

  const seeded = new Set(known.keys());
  for (let changed = true; changed;) {
    changed = false;
    // Rate × base, and base from rate and numerator.
    for (const [key, p, m] of rates) {
      const [metric, , ...rest] = key.split('|');
      const at = `|${key.split('|').slice(1).join('|')}`;
      const qn = `${quantityOf.get(`${metric}.numerator`)}${at}`;
      const qd = `${quantityOf.get(`${metric}.denominator`)}${at}`;
      const [lo, hi] = [(p.value - p.halfUlp) / scale(m), (p.value + p.halfUlp) / scale(m)];
      tried += 2;
      if (known.has(qd) && !known.has(qn)) {
        const n = uniqueInteger(lo * known.get(qd)!, hi * known.get(qd)!);
        if (n !== null) changed = learn(qn, n) || changed;
      }
      if (known.has(qn) && !known.has(qd) && known.get(qn)! > 0 && lo > 0) {
        const d = uniqueInteger(known.get(qn)! / hi, known.get(qn)! / lo);
        if (d !== null) changed = learn(qd, d) || changed;
      }
      // A rate read as the simplest fraction in its rounding interval: a guess, not knowledge.
      if (!known.has(qn) && !guesses.has(qn) && hi > 0 && rest.length) {
        tried++;
        for (let d = 1; d <= 3000; d++) {
          const n = uniqueInteger(lo * d, hi * d);
          if (n !== null) {
            guesses.set(qn, n);
            break;
          }
        }
      }
    }
    changed = totalsMinusCells(cells, known, (n) => (tried += n)) || changed;
    changed = windows(cells, known, additive, (n) => (tried += n)) || changed;
  }

  // Protected: a count of 1–4 below force level at any grain, and every count behind a figure the
  // build showed as [c] at a published grain — unless the build published that count itself. A zero
  // identifies no one.
  const behindHidden = new Set<string>();
  for (const f of hiddenAtPublishedGrain) {
    const [metric, ...at] = f.split('|');
    for (const part of ['numerator', 'denominator']) {
      const q = quantityOf.get(`${metric}.${part}`);
      if (q) behindHidden.add([q, ...at].join('|'));
    }
  }
  const protectedCells = [...cells.entries()].filter(
    ([k, c]) => c.area !== 'force' && c.truth > 0 && !seeded.has(k) && (isSmall(c.truth) || behindHidden.has(k)),
  );
  const recovered = protectedCells.flatMap(([k, c]) => {
    const v = known.get(k) ?? guesses.get(k);
    return v === c.truth ? [`${k} = ${v}${known.has(k) ? '' : ' (guessed as a simple fraction)'}`] : [];
  });
  return { recovered, tried, targets: protectedCells.length };
}

const isSmall = (n: number) => n >= 1 && n <= 4;

/** The force minus every other area gives the last one. */
function totalsMinusCells(cells: Map<string, Cell>, known: Map<string, number>, count: (n: number) => void): boolean {
  const groups = new Map<string, Cell[]>();
  for (const c of cells.values())
    if (c.area !== 'force') groups.set(`${c.q}|${c.grain}|${c.period}`, [...(groups.get(`${c.q}|${c.grain}|${c.period}`) ?? []), c]);
  let changed = false;
  for (const [g, areas] of groups) {
    count(1);
    const total = known.get(`${g}|force`);
    const unknown = areas.filter((c) => !known.has(`${g}|${c.area}`));
    if (total === undefined || unknown.length !== 1) continue;
    const rest = areas.reduce((s, c) => s + (known.get(`${g}|${c.area}`) ?? 0), 0);
    known.set(`${g}|${unknown[0]!.area}`, total - rest);
    changed = true;
  }
  return changed;
}

/** Windows of one area differenced: zeros pin months, a window less its known months gives the rest. */
function windows(cells: Map<string, Cell>, known: Map<string, number>, additive: Set<string>, count: (n: number) => void): boolean {
  const byArea = new Map<string, Cell[]>();
  for (const c of cells.values()) if (additive.has(c.q)) byArea.set(`${c.q}|${c.area}`, [...(byArea.get(`${c.q}|${c.area}`) ?? []), c]);
  let changed = false;
  for (const [qa, list] of byArea) {
    const [q, area] = qa.split('|');
    const monthCell = new Map(list.filter((c) => c.grain === 'month').map((c) => [c.months[0]!, `${q}|month|${c.period}|${area}`]));
    const month = (m: string) => (monthCell.has(m) ? known.get(monthCell.get(m)!) : 0); // before the data: none
    const setMonth = (m: string, v: number) => {
      const k = monthCell.get(m);
      if (k && !known.has(k)) (known.set(k, v), (changed = true));
    };
    const windowsKnown = list.filter((c) => known.has(`${q}|${c.grain}|${c.period}|${area}`));
    for (const w of windowsKnown) {
      count(1);
      const v = known.get(`${q}|${w.grain}|${w.period}|${area}`)!;
      if (v === 0) w.months.forEach((m) => setMonth(m, 0));
      const open = w.months.filter((m) => month(m) === undefined);
      if (open.length === 1) setMonth(open[0]!, v - w.months.reduce((s, m) => s + (month(m) ?? 0), 0));
    }
    // Two windows whose difference leaves one month unknown: r12(m) − r12(m−1) = month(m) − month(m−12).
    for (let i = 0; i < windowsKnown.length; i++) {
      for (let j = 0; j < windowsKnown.length; j++) {
        const [a, b] = [windowsKnown[i]!, windowsKnown[j]!];
        if (i === j || a.months.length !== b.months.length) continue;
        count(1);
        const onlyA = a.months.filter((m) => !b.months.includes(m));
        const onlyB = b.months.filter((m) => !a.months.includes(m));
        const open = [...onlyA, ...onlyB].filter((m) => month(m) === undefined);
        if (open.length !== 1) continue;
        const diff = known.get(`${q}|${a.grain}|${a.period}|${area}`)! - known.get(`${q}|${b.grain}|${b.period}|${area}`)!;
        const sum = (ms: string[]) => ms.reduce((s, m) => s + (month(m) ?? 0), 0);
        const m = open[0]!;
        setMonth(m, onlyA.includes(m) ? diff - sum(onlyA) + sum(onlyB) : sum(onlyA) - diff - sum(onlyB));
      }
    }
    // Any window of the area whose months are all known is known (a hidden r12, quarter or year).
    for (const c of list) {
      const k = `${q}|${c.grain}|${c.period}|${area}`;
      if (known.has(k) || c.grain === 'month') continue;
      if (c.months.every((m) => month(m) !== undefined))
        (known.set(
          k,
          c.months.reduce((s, m) => s + month(m)!, 0),
        ),
          (changed = true));
    }
  }
  return changed;
}
