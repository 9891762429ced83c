// How a value moved between two periods, as the tiles, the overview and the comparison tables show
// it: percentage points for percentages, else a % change; and whether that is good news.
// (Numbers, units and periods read as dashboards/shared/format.ts writes them.)
import {formatNumber, isNumber, isPct} from "../shared/format.js";

/** Change between two values: percentage points for percentages, else a % change. */
export function change(now, before, unit) {
  if (!isNumber(now) || !isNumber(before)) return null;
  const raw = now - before;
  // A change that shows as 0.0 is no change: it must not be coloured better or worse.
  const sign = (x) => (Math.round(Math.abs(x) * 10) === 0 ? 0 : Math.sign(x));
  const mark = (x) => (sign(x) > 0 ? "+" : sign(x) < 0 ? "−" : "±");
  if (isPct(unit)) return {diff: sign(raw) ? raw : 0, text: `${mark(raw)}${formatNumber(Math.abs(raw), 1)} pp`, pct: null};
  if (before === 0) return {diff: raw, text: raw === 0 ? "no change" : "new", pct: null};
  const pct = (raw / Math.abs(before)) * 100;
  return {diff: sign(pct) ? raw : 0, pct, text: `${mark(pct)}${formatNumber(Math.abs(pct), 1)}%`};
}

/** Whether a change is good news for a metric of this polarity: true, false or null (neutral). */
export function isGood(diff, polarity) {
  if (!diff || polarity === "neutral" || !polarity) return null;
  return polarity === "up_is_good" ? diff > 0 : diff < 0;
}
