// Funnel plot (Spiegelhalter 2005): each area's rate against its denominator, with the force value
// as the centre line and control limits at 95% and 99.8% that narrow as the denominator grows. The
// loader works out the limits' terms (pipeline/stats/intervals.ts: each limit is centre ± z·spread/√n,
// the normal approximation) and each area's band; this draws them. Areas are marked by colour AND
// symbol; the caption states the chart's message in words.
import * as Plot from "@observablehq/plot";
import {html} from "htl";
import {asImage} from "./a11y.js";
import {colours} from "./palette.js";
import {formatNumber, formatValue, isPct} from "./format.js";

const BANDS = [
  {key: "within", label: "Within the 95% limits", fill: colours.common, symbol: "circle"},
  {key: "outside95", label: "Outside the 95% limits", fill: colours.improvement, symbol: "square"},
  {key: "outside998", label: "Outside the 99.8% limits", fill: colours.concern, symbol: "diamond"}
];
const bandOf = (letter) => (letter === "H" || letter === "L" ? "outside998" : letter === "h" || letter === "l" ? "outside95" : "within");

/** The limit at denominator n: centre ± z·spread/√n, kept inside 0 (and 100 for a percentage). */
export function funnelLimit(d, z, n, side) {
  const v = d.centre + side * z * d.spread / Math.sqrt(n);
  return Math.min(isPct(d.unit) ? 100 : Infinity, Math.max(0, v));
}

/** Denominators the limit curves are drawn through: log-spaced across the plotted range. */
function curveNs(lo, hi, count = 80) {
  const [a, b] = [Math.log(lo), Math.log(hi)];
  return Array.from({length: count}, (_, i) => Math.exp(a + ((b - a) * i) / (count - 1)));
}

function legend() {
  const shape = (b) => b.symbol === "diamond"
    ? html`<svg width="12" height="12" aria-hidden="true"><rect x="2.5" y="2.5" width="7" height="7" transform="rotate(45 6 6)" fill=${b.fill}></rect></svg>`
    : b.symbol === "square"
      ? html`<svg width="12" height="12" aria-hidden="true"><rect x="2" y="2" width="8" height="8" fill=${b.fill}></rect></svg>`
      : html`<svg width="12" height="12" aria-hidden="true"><circle cx="6" cy="6" r="4.5" fill=${b.fill}></circle></svg>`;
  const line = (dash) => html`<svg width="22" height="10" aria-hidden="true"><line x1="0" x2="22" y1="5" y2="5" stroke=${dash ? colours.limit : colours.ink} stroke-width="1.6" stroke-dasharray=${dash ?? "none"}></line></svg>`;
  return html`<div class="psm-legend">
    ${BANDS.map((b) => html`<span>${shape(b)} ${b.label}</span>`)}
    <span>${line()} Force</span><span>${line("5,4")} 95% limits</span><span>${line("1.5,3")} 99.8% limits</span>
  </div>`;
}

/**
 * data: {title, unit, decimals, centre, spread, limits: [{level, z}], denominator (axis label),
 *        points: [{label, n, value, band ('H'|'h'|'.'|'l'|'L')}], caption (shown), description (the
 *        chart's message, its text alternative; shown when there is no caption)}
 */
export function funnelChart(data, {width = 640, height = 320} = {}) {
  width = Math.max(width || 640, 300);
  const d = data;
  const fmt = (v) => formatValue(v, d.unit, d.decimals);
  const points = d.points.map((p) => ({...p, kind: bandOf(p.band)}));
  const ns = points.map((p) => p.n);
  const xs = curveNs(Math.max(1, Math.min(...ns) * 0.7), Math.max(...ns) * 1.3);
  const marks = [Plot.ruleY([d.centre], {stroke: colours.ink, strokeWidth: 1.4, className: "psm-funnel-centre"})];
  for (const {level, z} of d.limits) {
    const dash = level < 0.99 ? "5,4" : "1.5,3";
    for (const side of [-1, 1]) {
      const curve = xs.map((n) => ({n, v: funnelLimit(d, z, n, side)}));
      const name = `psm-funnel-limit psm-funnel-${level < 0.99 ? "95" : "998"}-${side < 0 ? "lower" : "upper"}`;
      marks.push(Plot.line(curve, {x: "n", y: "v", stroke: colours.limit, strokeDasharray: dash, strokeWidth: 1.3, className: name}));
    }
  }
  for (const b of BANDS) {
    const subset = points.filter((p) => p.kind === b.key);
    if (!subset.length) continue;
    marks.push(Plot.dot(subset, {
      x: "n", y: "value", fill: b.fill, symbol: b.symbol, r: b.key === "within" ? 4.5 : 5.5, stroke: "white", strokeWidth: 0.8,
      className: `psm-funnel-area psm-funnel-${b.key}`,
      title: (p) => `${p.label}: ${fmt(p.value)} of ${formatNumber(p.n, 0)}. ${b.label}.`
    }));
  }
  // Labels to the right of a point, or to its left in the right part of the plot so none is cut off.
  const [lo, hi] = [Math.log(xs[0]), Math.log(xs[xs.length - 1])];
  const right = (p) => (Math.log(p.n) - lo) / (hi - lo) > (width < 480 ? 0.45 : 0.7);
  for (const [subset, anchor, dx] of [[points.filter((p) => !right(p)), "start", 8], [points.filter(right), "end", -8]]) {
    marks.push(Plot.text(subset, {x: "n", y: "value", text: "label", dx, textAnchor: anchor, fontSize: 10.5, fill: colours.muted, stroke: "white", strokeWidth: 3, paintOrder: "stroke", className: "psm-funnel-label"}));
  }
  const plot = Plot.plot({
    width,
    height,
    marginTop: 14,
    marginLeft: 56,
    marginRight: 16,
    style: {fontSize: "12px", color: colours.muted, background: "transparent"},
    x: {type: "log", label: d.denominator, ticks: width < 480 ? 3 : 6, tickFormat: (v) => formatNumber(v, 0)},
    y: {label: null, grid: true, nice: true, tickFormat: (v) => `${v.toLocaleString("en-GB")}${isPct(d.unit) ? "%" : ""}`},
    marks
  });
  asImage(plot, {label: `Funnel plot: ${d.title}`, description: d.description});
  return html`<figure class="psm-chart psm-funnel">
    <figcaption class="psm-message">${d.caption ?? d.description}</figcaption>
    ${plot}
    ${legend()}
  </figure>`;
}
