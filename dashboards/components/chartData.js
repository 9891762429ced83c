// Every chart's numbers: a disclosure under the chart with the table of the series it draws (its
// accessible alternative, reachable from the keyboard) and that table as CSV, with units and
// period labels. The rows are the values the chart itself draws, from the same page JSON — in the
// panel's build already disclosure-checked and rounded — so the table and CSV publish nothing new.
import {html} from "htl";
import {comparisonTable} from "./comparisonTable.js";
import {funnelLimit} from "./funnelChart.js";
import {formatNumber, formatValue, isNumber, monthLabel, shiftMonth, unitLabel} from "../shared/format.js";

const CAUSE_WORDS = {improvement: "Special cause: improvement", concern: "Special cause: concern", neither: "Special cause"};

/** The kinds of table the reader has open: a filter change redraws the page, and the table stays open. */
const openKinds = new Set();

/** A `<details>` with the chart's table and its CSV download; `kind` names it across redraws. */
export function chartData(rows, {summary, caption, columns, filename, rowHeader, sort, kind = filename}) {
  const details = html`<details class="psm-chart-data" open=${openKinds.has(kind)}>
    <summary>${summary}</summary>
    ${comparisonTable(rows, {columns, caption, filename, rowHeader, sort})}
  </details>`;
  // A listener, not an `ontoggle` attribute: the site's CSP refuses inline handlers.
  details.addEventListener("toggle", () => void (details.open ? openKinds.add(kind) : openKinds.delete(kind)));
  return details;
}

/** The limits a month is judged against: its segment's when the chart is rebased, else the chart's. */
function limitsAt(d, period) {
  const segs = d.segments ?? [];
  const seg = segs.length > 1 ? segs.filter((g) => g.from <= period).at(-1) : null;
  return seg ? seg : {mean: d.mean, lower: d.lower, upper: d.upper, trial: false};
}

/** The table and CSV of a control chart (spcChart's data): each month's value, mean, limits and signal. */
export function spcData(d, {filename}) {
  const fmt = (v) => formatValue(v, d.unit, {decimals: d.decimals});
  const unit = unitLabel(d.unit);
  const rows = d.points.map((p) => {
    const lim = limitsAt(d, p.period);
    return {...p, month: monthLabel(p.period), unit, mean: lim.mean, lower: lim.lower, upper: lim.upper, trial: lim.trial};
  });
  const num = (key, label) => ({key, label, align: "right", format: (v) => fmt(v)});
  const columns = [
    {key: "period", label: "Period", csvOnly: true},
    {key: "month", label: "Month", csvLabel: "Period label"},
    num("value", "Value"),
    {key: "unit", label: "Unit", csvOnly: true},
    num("mean", "Mean"),
    num("lower", "Lower process limit"),
    num("upper", "Upper process limit"),
    {key: "trial", label: "Limits", format: (v) => (v ? "Trial" : "–"), csvValue: (r) => (r.trial ? "trial" : "")},
    {
      key: "special",
      label: "Signal",
      wrap: true,
      format: (v) => CAUSE_WORDS[v] ?? "Common cause",
      csvValue: (r) => CAUSE_WORDS[r.special] ?? "Common cause"
    }
  ];
  const span = rows.length ? `${rows[0].month} to ${rows.at(-1).month}` : "no months";
  return chartData(rows, {
    summary: `The numbers behind this chart (${rows.length} months): table and CSV`,
    kind: "spc",
    caption: `${d.title}, ${span}: each month's value (${unit}) with the mean and process limits it is judged against.`,
    columns,
    filename,
    rowHeader: "month"
  });
}

/** The table and CSV of a funnel plot (funnelChart's data): each area's value, cases and limits at its cases. */
export function funnelData(d, {filename}) {
  const fmt = (v) => formatValue(v, d.unit, {decimals: d.decimals});
  const band = {
    H: "Above the 99.8% limits",
    h: "Above the 95% limits",
    ".": "Within the 95% limits",
    l: "Below the 95% limits",
    L: "Below the 99.8% limits"
  };
  const rows = d.points.map((p) => {
    const at = (z, side) => funnelLimit(d, z, p.n, side);
    const row = {area: p.label, value: p.value, unit: unitLabel(d.unit), n: p.n, position: band[p.band] ?? ""};
    for (const l of d.limits) Object.assign(row, {[`lo${l.level}`]: at(l.z, -1), [`hi${l.level}`]: at(l.z, 1)});
    return row;
  });
  const columns = [
    {key: "area", label: "Area"},
    {key: "value", label: "Value", align: "right", format: (v) => fmt(v)},
    {key: "unit", label: "Unit", csvOnly: true},
    {key: "n", label: "Cases", align: "right", format: (v) => (isNumber(v) ? formatNumber(v) : "–")},
    ...d.limits.flatMap((l) => {
      const pc = `${Math.round(l.level * 1000) / 10}%`;
      return [
        {key: `lo${l.level}`, label: `${pc} lower limit`, align: "right", format: (v) => fmt(v)},
        {key: `hi${l.level}`, label: `${pc} upper limit`, align: "right", format: (v) => fmt(v)}
      ];
    }),
    {key: "position", label: "Against the force", wrap: true}
  ];
  return chartData(rows, {
    summary: `The numbers behind this funnel plot (${rows.length} areas): table and CSV`,
    kind: "funnel",
    caption: `${d.title}: each area's value (${unitLabel(d.unit)}), the cases it rests on and the funnel's limits at that many cases (force ${fmt(d.centre)}).`,
    columns,
    filename,
    rowHeader: "area"
  });
}

/** Tiles' sparklines as one table and CSV (tiles: {title, unit, decimals, spark, sparkFrom}): a row per month, a column per measure (its unit in the CSV heading). */
export function sparkData(tiles, {filename, where = "for the force"}) {
  const shown = tiles.filter((h) => h.sparkFrom && h.spark.length);
  if (!shown.length) return document.createDocumentFragment();
  const periods = [...new Set(shown.flatMap((h) => h.spark.map((_, i) => shiftMonth(h.sparkFrom, i))))].sort();
  const rows = periods.map((period) => {
    const row = {period, month: monthLabel(period)};
    shown.forEach((h, k) => (row[`m${k}`] = h.spark[periods.indexOf(period) - periods.indexOf(h.sparkFrom)] ?? null));
    return row;
  });
  const columns = [
    {key: "period", label: "Period", csvOnly: true},
    {key: "month", label: "Month", csvLabel: "Period label"},
    ...shown.map((h, k) => ({
      key: `m${k}`,
      label: h.title,
      csvLabel: `${h.title} (${unitLabel(h.unit)})`,
      align: "right",
      format: (v) => formatValue(v, h.unit, {decimals: h.decimals})
    }))
  ];
  return chartData(rows, {
    summary: `The numbers behind the sparklines (${shown.length} measures, ${rows.length} months): table and CSV`,
    kind: "sparklines",
    caption: `Each measure month by month ${where}, as its tile's sparkline draws it.`,
    columns,
    filename,
    rowHeader: "month"
  });
}
