// Differencing in time, for one additive count across all its areas. Every published window of an
// area is a linear equation in its months; a published window of zero pins each of its months to
// 0, and so does a force month of 0 for every area; and when every area but one has a month pinned,
// the force's month (always published) pins the last. A hidden figure is given away when its months'
// indicator lies in the span of what is published and pinned (span.ts) — r12(m) − r12(m−1) with
// month(m−12) pinned is the usual way. While one is, a published window that the derivation needs
// is hidden too, and the check runs again.
import { cellKey, type CountCell, type Quantity } from './quantities.ts';
import { isSmall, type Reason } from './rules.ts';
import { indicator, Span } from './span.ts';

type Hidden = Map<string, Reason>;

const key = (c: CountCell): string => cellKey(c.grain, c.period, c.area);

/** A hidden cell that protects something: a small number, or a cell hidden to shield one. */
const protects = (c: CountCell, reason: Reason | undefined): boolean =>
  c.value > 0 && (isSmall(c.value) || (reason !== undefined && reason !== 'grain'));

interface AreaState {
  cells: CountCell[];
  published: CountCell[];
  /** Months pinned from outside the area's own windows: force zeros, and force minus the other areas. */
  pins: Set<string>;
}

function spanOf(s: AreaState, months: string[], index: Map<string, number>, withPins: boolean): Span {
  const span = new Span(months.length);
  for (const c of s.published) {
    if (c.value === 0) for (const m of c.months) span.add(indicator([m], index, months.length));
    else span.add(indicator(c.months, index, months.length));
  }
  if (withPins) for (const m of s.pins) span.add(indicator([m], index, months.length));
  return span;
}

/** Pins months across areas until nothing changes; returns each area's span with its pins. */
function pinAcrossAreas(
  states: Map<string, AreaState>,
  months: string[],
  index: Map<string, number>,
  forceZero: Set<string>,
): Map<string, Span> {
  const spans = new Map<string, Span>();
  for (const [a, s] of states) {
    s.pins = new Set(forceZero);
    spans.set(a, spanOf(s, months, index, true));
  }
  const knows = (a: string, m: string) => spans.get(a)!.contains(indicator([m], index, months.length));
  for (let changed = true; changed;) {
    changed = false;
    for (const m of months) {
      const open = [...states.keys()].filter((a) => !knows(a, m));
      if (open.length !== 1) continue;
      const a = open[0]!;
      states.get(a)!.pins.add(m);
      spans.get(a)!.add(indicator([m], index, months.length));
      changed = true;
    }
  }
  return spans;
}

/** The published window of an area that overlaps a target most (nearest its end, smallest first). */
function overlapping(published: CountCell[], target: string[], months: string[], zeros: boolean): CountCell | undefined {
  const inTarget = new Set(target);
  const end = months.indexOf(target.at(-1)!);
  const overlap = (c: CountCell) => c.months.filter((m) => inTarget.has(m)).length;
  return published
    .filter((c) => (zeros || c.value !== 0) && overlap(c) > 0)
    .sort(
      (a, b) =>
        overlap(b) - overlap(a) ||
        Math.abs(months.indexOf(a.months.at(-1)!) - end) - Math.abs(months.indexOf(b.months.at(-1)!) - end) ||
        a.value - b.value,
    )[0];
}

/** Hides published windows until no protected cell of the count can be worked out by differencing. */
export function acrossTime(q: Quantity, hidden: Hidden): boolean {
  const all = [...q.cells.values()];
  const months = [...new Set(all.filter((c) => c.grain === 'month').flatMap((c) => c.months))].sort();
  const index = new Map(months.map((m, i) => [m, i]));
  const forceZero = new Set(all.filter((c) => c.area === 'force' && c.grain === 'month' && c.value === 0).map((c) => c.months[0]!));
  const states = new Map<string, AreaState>();
  for (const c of all) {
    if (c.area === 'force') continue;
    const s = states.get(c.area) ?? { cells: [], published: [], pins: new Set<string>() };
    s.cells.push(c);
    states.set(c.area, s);
  }
  let changed = false;
  for (let guard = 0; guard < all.length; guard++) {
    for (const s of states.values()) s.published = s.cells.filter((c) => !hidden.has(key(c)));
    const spans = pinAcrossAreas(states, months, index, forceZero);
    let target: CountCell | undefined;
    for (const [a, s] of states) {
      target = s.cells.find(
        (c) => hidden.has(key(c)) && protects(c, hidden.get(key(c))) && spans.get(a)!.contains(indicator(c.months, index, months.length)),
      );
      if (target) break;
    }
    if (!target) return changed;
    const own = states.get(target.area)!;
    // Without the pins from other areas, is it still given away? Then one of its own windows must go.
    const base = spanOf({ ...own, pins: forceZero }, months, index, true);
    let pick: CountCell | undefined;
    if (base.contains(indicator(target.months, index, months.length))) pick = overlapping(own.published, target.months, months, false);
    else {
      // The other areas' months pin it: unpin one of them by hiding that area's windows over the target.
      const pinned = target.months.filter((m) => own.pins.has(m) && !forceZero.has(m));
      for (const [b, s] of states) {
        if (b === target.area || pick) continue;
        pick = pinned.length ? overlapping(s.published, pinned, months, true) : undefined;
      }
    }
    if (!pick) return changed; // nothing published left to hide: only force zeros reach it
    hidden.set(key(pick), 'differencing');
    changed = true;
  }
  return changed;
}
