// One disclosure-control pass over every figure a panel or public output can publish: all metrics,
// grains, periods and areas at once, because the ways back to a hidden count cross all of them (a
// rate and its base on one page, a window on the site minus a month in a pack, a total minus the
// other areas). The pass decides on counts (quantities.ts), then marks each figure: a figure is
// published only if it passes its own threshold and every count it is made of is published.
import type { Metric } from '../metrics/catalogue.ts';
import { buildQuantities, cellKey, type CountCell, type Quantity, type ValueRow } from './quantities.ts';
import { AREA_GRAINS, isSmall, MIN_DENOMINATOR, type Reason } from './rules.ts';
import { acrossTime } from './differencing.ts';

type Hidden = Map<string, Reason>; // cellKey → reason, per quantity

const below = (c: { area: string }): boolean => c.area !== 'force';

function primary(q: Quantity): Hidden {
  const hidden: Hidden = new Map();
  // A window that runs past either end of the data is not a whole twelve months: the first
  // "rolling year" is one month of data, a month in all but name (the dashboards never show one).
  const dataMonths = new Set([...q.cells.values()].filter((c) => c.grain === 'month').flatMap((c) => c.months));
  for (const [k, c] of q.cells) {
    if (!below(c)) continue;
    if (isSmall(c.value)) hidden.set(k, 'small_count');
    else if (!AREA_GRAINS.includes(c.grain) || (dataMonths.size > 0 && c.months.some((m) => !dataMonths.has(m)))) hidden.set(k, 'grain');
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
  for (const c of q.cells.values())
    if (below(c)) groups.set(`${c.grain}|${c.period}`, [...(groups.get(`${c.grain}|${c.period}`) ?? []), c]);
  let changed = false;
  for (const cells of groups.values()) {
    const key = (c: CountCell) => cellKey(c.grain, c.period, c.area);
    if (cells.filter((c) => hidden.has(key(c))).length !== 1) continue;
    // The visible area whose loss costs the reader least: the smallest non-zero, else a zero.
    const open = cells
      .filter((c) => !hidden.has(key(c)))
      .sort((a, b) => (a.value === 0 ? 1 : 0) - (b.value === 0 ? 1 : 0) || a.value - b.value || (a.area < b.area ? -1 : 1));
    if (!open.length) continue;
    hidden.set(key(open[0]!), 'secondary');
    changed = true;
  }
  return changed;
}

function decideCounts(q: Quantity, differencing: boolean, preset: Hidden): Hidden {
  const hidden = primary(q);
  for (const [k, r] of preset) if (!hidden.has(k)) hidden.set(k, r);
  for (let round = 0, changed = true; changed && round < 1000; round++) {
    changed = sameWindows(q, hidden);
    changed = acrossAreas(q, hidden) || changed;
    if (q.additive && differencing) changed = acrossTime(q, hidden) || changed;
  }
  return hidden;
}

/**
 * A rate on fewer than 10 cases is hidden, and so is the count on top of it: otherwise the force
 * total less the other areas' numerators (each got from a published rate and base) gives it back,
 * and with it the rate.
 */
function smallBases(rows: ValueRow[], metrics: Map<string, Metric>, partOf: Map<string, string>): Map<string, Hidden> {
  const out = new Map<string, Hidden>();
  for (const r of rows) {
    const m = metrics.get(r.metric)!;
    if (
      !below(r) ||
      (m.unit !== 'pct' && m.unit !== 'per_1000') ||
      r.denominator === null ||
      r.denominator < 1 ||
      r.denominator >= MIN_DENOMINATOR
    )
      continue;
    const q = partOf.get(`${r.metric}.numerator`);
    if (!q) continue;
    const hidden = out.get(q) ?? new Map<string, Reason>();
    hidden.set(cellKey(r.grain, r.period, r.area), 'small_denominator');
    out.set(q, hidden);
  }
  return out;
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
  const preset = linked ? smallBases(rows, metrics, partOf) : new Map<string, Hidden>();
  const decided = new Map([...quantities].map(([id, q]) => [id, decideCounts(q, opts.differencing ?? true, preset.get(id) ?? new Map())]));
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
    if (m.unit !== 'count' && r.denominator !== null && r.denominator >= 1 && r.denominator < MIN_DENOMINATOR) return 'small_denominator';
    if (reasons.length) return m.unit === 'count' || reasons.every((x) => x === 'grain') ? reasons[0]! : 'linked';
    return null;
  });
}
