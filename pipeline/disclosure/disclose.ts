// One disclosure-control pass over every figure a panel or public output can publish: all metrics,
// grains, periods and areas at once, because the ways back to a hidden count cross all of them (a
// rate and its base on one page, a window on the site minus a month in a pack, a total minus the
// other areas). The pass decides on counts (quantities.ts), then marks each figure: a figure is
// published only if it passes its own threshold and every count it is made of is published.
import type { Metric } from '../metrics/catalogue.ts';
import { buildQuantities, cellKey, type CountCell, type Quantity, type ValueRow } from './quantities.ts';
import { AREA_GRAINS, isSmall, MIN_DENOMINATOR, type Reason } from './rules.ts';
import { indicator, Span } from './span.ts';

type Hidden = Map<string, Reason>; // cellKey → reason, per quantity

const below = (c: { area: string }): boolean => c.area !== 'force';

function primary(q: Quantity): Hidden {
  const hidden: Hidden = new Map();
  for (const [k, c] of q.cells) {
    if (!below(c)) continue;
    if (isSmall(c.value)) hidden.set(k, 'small_count');
    else if (!AREA_GRAINS.includes(c.grain)) hidden.set(k, 'grain');
  }
  return hidden;
}

/** Hides every cell of an area that covers the same months as a hidden one (r12 at March = fy). */
function sameWindows(q: Quantity, hidden: Hidden): boolean {
  const byWindow = new Map<string, string[]>();
  for (const [k, c] of q.cells) {
    const w = `${c.area}|${c.months.join(',')}`;
    byWindow.set(w, [...(byWindow.get(w) ?? []), k]);
  }
  let changed = false;
  for (const keys of byWindow.values()) {
    const reason = keys.map((k) => hidden.get(k)).find((r) => r !== undefined && r !== 'grain');
    if (!reason) continue;
    for (const k of keys) {
      if (hidden.has(k) && hidden.get(k) !== 'grain') continue;
      hidden.set(k, reason);
      changed = true;
    }
  }
  return changed;
}

/** Secondary suppression across areas: no (grain, period) with exactly one hidden area. */
function acrossAreas(q: Quantity, hidden: Hidden): boolean {
  const groups = new Map<string, CountCell[]>();
  for (const c of q.cells.values()) if (below(c)) groups.set(`${c.grain}|${c.period}`, [...(groups.get(`${c.grain}|${c.period}`) ?? []), c]);
  let changed = false;
  for (const cells of groups.values()) {
    const key = (c: CountCell) => cellKey(c.grain, c.period, c.area);
    if (cells.filter((c) => hidden.has(key(c))).length !== 1) continue;
    // The visible area whose loss costs the reader least: the smallest non-zero, else a zero.
    const open = cells.filter((c) => !hidden.has(key(c))).sort((a, b) => (a.value === 0 ? 1 : 0) - (b.value === 0 ? 1 : 0) || a.value - b.value || (a.area < b.area ? -1 : 1));
    if (!open.length) continue;
    hidden.set(key(open[0]!), 'secondary');
    changed = true;
  }
  return changed;
}

/** A target of the differencing check: a hidden cell that protects a small number. */
const protects = (c: CountCell, reason: Reason | undefined): boolean => isSmall(c.value) || (reason !== undefined && reason !== 'grain');

/**
 * Differencing in time, for one area of an additive count: while a protected month or window lies
 * in the span of the published windows (and of the months a published zero window pins to 0), hide
 * the published window that overlaps it most.
 */
function acrossTime(q: Quantity, area: string, hidden: Hidden): boolean {
  const cells = [...q.cells.values()].filter((c) => c.area === area);
  const months = [...new Set(cells.filter((c) => c.grain === 'month').flatMap((c) => c.months))].sort();
  const index = new Map(months.map((m, i) => [m, i]));
  const key = (c: CountCell) => cellKey(c.grain, c.period, c.area);
  let changed = false;
  for (let guard = 0; guard < cells.length; guard++) {
    const published = cells.filter((c) => !hidden.has(key(c)));
    const span = new Span(months.length);
    for (const c of published) {
      if (c.value === 0) for (const m of c.months) span.add(indicator([m], index, months.length));
      else span.add(indicator(c.months, index, months.length));
    }
    const target = cells.find((c) => hidden.has(key(c)) && protects(c, hidden.get(key(c))) && span.contains(indicator(c.months, index, months.length)));
    if (!target) return changed;
    const inTarget = new Set(target.months);
    const end = months.indexOf(target.months.at(-1)!);
    const pick = published
      .filter((c) => c.value !== 0 && c.months.some((m) => inTarget.has(m)))
      .sort((a, b) => b.months.filter((m) => inTarget.has(m)).length - a.months.filter((m) => inTarget.has(m)).length
        || Math.abs(months.indexOf(a.months.at(-1)!) - end) - Math.abs(months.indexOf(b.months.at(-1)!) - end) || a.value - b.value)[0];
    if (!pick) return changed; // only zero windows reach it: a zero identifies no one, and the target is then 0
    hidden.set(key(pick), 'differencing');
    changed = true;
  }
  return changed;
}

function decideCounts(q: Quantity, differencing: boolean): Hidden {
  const hidden = primary(q);
  const areas = [...new Set([...q.cells.values()].filter(below).map((c) => c.area))];
  for (let round = 0, changed = true; changed && round < 1000; round++) {
    changed = sameWindows(q, hidden);
    changed = acrossAreas(q, hidden) || changed;
    if (q.additive && differencing) for (const a of areas) changed = acrossTime(q, a, hidden) || changed;
  }
  return hidden;
}

/**
 * Parts of the pass that can be switched off, for the attack test only: it must show that without
 * them it gets hidden counts back (so that it could fail). Every output uses the defaults.
 */
export interface DiscloseOptions {
  /** Judge a rate by the counts it is made of (default true); off, a rate is judged only by its denominator. */
  linked?: boolean;
  /** Hide windows that could be differenced into a hidden figure (default true). */
  differencing?: boolean;
}

/** Why each figure is hidden in panel and public outputs (null: published). Same order as rows. */
export function disclose(rows: ValueRow[], metrics: Map<string, Metric>, opts: DiscloseOptions = {}): (Reason | null)[] {
  const linked = opts.linked ?? true;
  const { quantities, partOf } = buildQuantities(rows, metrics, { link: linked });
  const decided = new Map([...quantities].map(([id, q]) => [id, decideCounts(q, opts.differencing ?? true)]));
  return rows.map((r) => {
    if (!below(r)) return null;
    if (!AREA_GRAINS.includes(r.grain)) return 'grain';
    const m = metrics.get(r.metric)!;
    const k = cellKey(r.grain, r.period, r.area);
    const parts = linked || m.unit === 'count' ? (['numerator', 'denominator'] as const) : ([] as const);
    const reasons = parts.flatMap((part) => {
      const q = partOf.get(`${r.metric}.${part}`);
      const reason = q ? decided.get(q)!.get(k) : undefined;
      return reason ? [reason] : [];
    });
    // A count is its own quantity; a rate or average made of a hidden count is hidden with it.
    if (reasons.length) return m.unit === 'count' ? reasons[0]! : 'linked';
    if (m.unit !== 'count' && r.denominator !== null && r.denominator >= 1 && r.denominator < MIN_DENOMINATOR) return 'small_denominator';
    return null;
  });
}
