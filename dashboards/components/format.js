// Number and period formatting shared by the components: British English, units as the papers
// print them ("84.9%", "12 s", "1,234"), and "[c]" where a small number is suppressed.
export const SUPPRESSED = "c";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export function isNumber(v) {
  return typeof v === "number" && Number.isFinite(v);
}

export const isPct = (unit) => unit === "%" || unit === "pct";

/** Decimal places: the metric's own, else whole numbers for counts and one place for the rest. */
export function decimalsFor(unit, decimals) {
  if (decimals !== undefined && decimals !== null) return decimals;
  return unit === "count" || unit === "" ? 0 : 1;
}

/**
 * The catalogue's rounding (pipeline/metrics/format.ts, roundTo): half away from zero as the force's
 * spreadsheets round, nudged so 23 of 80 (28.749999… in floating point) shows 28.8%, not 28.7%.
 * This page code cannot import the pipeline's module; test/dashboards/format.test.ts holds the two equal.
 */
export function formatNumber(v, decimals = 0) {
  const f = 10 ** decimals;
  const rounded = (Math.sign(v) * Math.round(Math.abs(v) * f * (1 + 4 * Number.EPSILON))) / f;
  return rounded.toLocaleString("en-GB", {minimumFractionDigits: decimals, maximumFractionDigits: decimals});
}

/** A value with its unit: "84.9%", "12.3 s", "6.54 per 1,000", "1,234". */
export function formatValue(v, unit, decimals) {
  if (v === SUPPRESSED) return "[c]";
  if (!isNumber(v)) return "–";
  const s = formatNumber(v, decimalsFor(unit, decimals));
  if (isPct(unit)) return `${s}%`;
  if (unit === "s" || unit === "seconds") return `${s} s`;
  if (unit === "days") return `${s} days`;
  if (unit === "per_1000") return `${s} per 1,000`;
  return s;
}

/** A value split into the number and its unit word, for layouts that set the unit smaller. */
export function valueParts(v, unit, decimals) {
  if (v === SUPPRESSED || !isNumber(v)) return {number: formatValue(v, unit, decimals), suffix: ""};
  const number = formatNumber(v, decimalsFor(unit, decimals));
  if (isPct(unit)) return {number: `${number}%`, suffix: ""};
  const suffix = unit === "s" || unit === "seconds" ? "s" : unit === "days" ? "days" : unit === "per_1000" ? "per 1,000" : "";
  return {number, suffix};
}

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

/** "Sep 2023": the same wording as pipeline/metrics/periods.ts, so pages and packs agree (test/dashboards/format.test.ts). */
export function monthLabel(ym) {
  // Three letters always, as the pipeline's monthLabel (ICU's en-GB short month is "Sept").
  const [y, m] = ym.split("-").map(Number);
  return `${MONTHS[m - 1]} ${y}`;
}

/** Period id → readable label, matching pipeline/metrics/periods.ts. */
export function periodLabel(grain, period) {
  switch (grain) {
    case "month": return monthLabel(period);
    case "quarter": return period.replace("-", " ");
    case "fy": return `FY ${period}`;
    case "cy": return period;
    case "r12": return `12 months to ${monthLabel(period)}`;
    case "fytd": {
      const [y, m] = period.split("-").map(Number);
      const from = m >= 4 ? y : y - 1;
      if (m === 4) return monthLabel(period);
      return from === y ? `Apr–${MONTHS[m - 1]} ${y}` : `Apr ${from}–${monthLabel(period)}`;
    }
    default: return period;
  }
}

/** A YYYY-MM month as a Date at the middle of the month (charts place points there). */
export function monthDate(ym) {
  const [y, m] = ym.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, 15));
}

export function isoDate(d) {
  return new Date(`${d}T00:00:00Z`);
}

/** "7 Nov 2023" from an ISO date or datetime. */
export function dayLabel(iso) {
  if (!iso) return "–";
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

export function bytes(n) {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}
