// Funnel plot (Spiegelhalter 2005): each area's rate against its denominator, with the force value
// as the centre line and control limits at 95% and 99.8% that narrow as the denominator grows. The
// loader works out the limits' terms (pipeline/stats/intervals.ts: each limit is centre ± z·spread/√n,
// the normal approximation) and each area's band; this draws them. Areas are marked by colour AND
// symbol; the caption states the chart's message in words.
import * as Plot from "@observablehq/plot";
import {html} from "htl";
import {asImage} from "./a11y.js";
import {colours} from "./palette.js";
import {formatNumber, formatValue, isPct} from "../shared/format.js";

const BANDS = [
  {key: "within", label: "Within the 95% limits", fill: colours.common, symbol: "circle"},
  {key: "outside95", label: "Outside the 95% limits", fill: colours.improvement, symbol: "square"},
  {key: "outside998", label: "Outside the 99.8% limits", fill: colours.concern, symbol: "diamond"}
];
const bandOf = (letter) => (letter === "H" || letter === "L" ? "outside998" : letter === "h" || letter === "l" ? "outside95" : "within");

/** The limit at denominator n: centre ± z·spread/√n, kept above 0 (and below d.upper, 100 for a proportion). */
export function funnelLimit(d, z, n, side) {
  const v = d.centre + (side * z * d.spread) / Math.sqrt(n);
  return Math.min(d.upper ?? Infinity, Math.max(0, v));
}

/** Denominators the limit curves are drawn through: log-spaced across the plotted range. */
function curveNs(lo, hi, count = 80) {
  const [a, b] = [Math.log(lo), Math.log(hi)];
  return Array.from({length: count}, (_, i) => Math.exp(a + ((b - a) * i) / (count - 1)));
}

/**
 * Where each point's label goes: beside it (to its left in the right part of the plot, so none is
 * cut off), moved down a line at a time while it would overlap a label already placed.
 */
function placeLabels(points, sx, sy, width) {
  const [r0, r1] = sx.range;
  const placed = [];
  return [...points]
    .sort((a, b) => sy.apply(a.value) - sy.apply(b.value))
    .map((p) => {
      const px = sx.apply(p.n);
      const w = p.label.length * 5.8 + 4;
      // Left of the point in the right part of the plot, unless that would run over the axis.
      const anchor = (px - r0) / (r1 - r0) > (width < 480 ? 0.45 : 0.7) && px - 8 - w > r0 ? "end" : "start";
      const [x0, x1] = anchor === "start" ? [px + 8, px + 8 + w] : [px - 8 - w, px - 8];
      let py = sy.apply(p.value);
      for (let guard = 0; guard < 30; guard++) {
        const hit = placed.find((q) => q.x0 < x1 && x0 < q.x1 && Math.abs(q.py - py) < 12);
        if (!hit) break;
        py = hit.py + 12;
      }
      placed.push({x0, x1, py});
      return {...p, anchor, labelY: sy.invert(py)};
    });
}

function legend(selected) {
  const shape = (b) =>
    b.symbol === "diamond"
      ? html`<svg width="12" height="12" aria-hidden="true"><rect x="2.5" y="2.5" width="7" height="7" transform="rotate(45 6 6)" fill=${b.fill}></rect></svg>`
      : b.symbol === "square"
        ? html`<svg width="12" height="12" aria-hidden="true"><rect x="2" y="2" width="8" height="8" fill=${b.fill}></rect></svg>`
        : html`<svg width="12" height="12" aria-hidden="true"><circle cx="6" cy="6" r="4.5" fill=${b.fill}></circle></svg>`;
  const line = (dash) =>
    html`<svg width="22" height="10" aria-hidden="true"><line x1="0" x2="22" y1="5" y2="5" stroke=${dash ? colours.limit : colours.ink} stroke-width="1.6" stroke-dasharray=${dash ?? "none"}></line></svg>`;
  return html`<div class="psm-legend">
    ${BANDS.map((b) => html`<span>${shape(b)} ${b.label}</span>`)}
    ${selected ? html`<span><svg width="14" height="14" aria-hidden="true"><circle cx="7" cy="7" r="5.5" fill="none" stroke=${colours.selected} stroke-width="2"></circle></svg> ${selected} (selected)</span>` : ""}
    <span>${line()} Force</span><span>${line("5,4")} 95% limits</span><span>${line("1.5,3")} 99.8% limits</span>
  </div>`;
}

/**
 * data: {title, unit, decimals, centre, spread, upper (the limits' ceiling, or null), limits: [{level, z}], denominator (axis label),
 *        points: [{label, n, value, band ('H'|'h'|'.'|'l'|'L'), selected}], caption (shown), description (the
 *        chart's message, its text alternative; shown when there is no caption)}
 */
export function funnelChart(data, {width = 640, height = 320} = {}) {
  width = Math.max(width || 640, 300);
  const d = data;
  const fmt = (v) => formatValue(v, d.unit, {decimals: d.decimals});
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
  const chosen = points.filter((p) => p.selected);
  if (chosen.length)
    marks.push(Plot.dot(chosen, {x: "n", y: "value", r: 9, stroke: colours.selected, strokeWidth: 2.5, className: "psm-funnel-selected"}));
  for (const b of BANDS) {
    const subset = points.filter((p) => p.kind === b.key);
    if (!subset.length) continue;
    marks.push(
      Plot.dot(subset, {
        x: "n",
        y: "value",
        fill: b.fill,
        symbol: b.symbol,
        r: b.key === "within" ? 4.5 : 5.5,
        stroke: "white",
        strokeWidth: 0.8,
        className: `psm-funnel-area psm-funnel-${b.key}`,
        title: (p) => `${p.label}: ${fmt(p.value)} of ${formatNumber(p.n, 0)}. ${b.label}.`
      })
    );
  }
  const options = {
    width,
    height,
    marginTop: 14,
    marginLeft: 56,
    marginRight: 16,
    style: {fontSize: "12px", color: colours.muted, background: "transparent"},
    x: {type: "log", label: d.denominator, ticks: width < 480 ? 3 : 6, tickFormat: (v) => formatNumber(v, 0)},
    y: {label: null, grid: true, nice: true, tickFormat: (v) => `${v.toLocaleString("en-GB")}${isPct(d.unit) ? "%" : ""}`}
  };
  // Drawn once without labels to learn the scales, then with the labels placed clear of each other.
  const probe = Plot.plot({...options, marks});
  const [sx, sy] = [probe.scale("x"), probe.scale("y")];
  // A narrow screen has room to name only the areas outside the limits and the selected one.
  const named = width < 480 ? points.filter((p) => p.kind !== "within" || p.selected) : points;
  const labels = placeLabels(named, sx, sy, width);
  for (const anchor of ["start", "end"]) {
    marks.push(
      Plot.text(
        labels.filter((p) => p.anchor === anchor),
        {
          x: "n",
          y: "labelY",
          text: "label",
          dx: anchor === "start" ? 8 : -8,
          textAnchor: anchor,
          fontSize: 10.5,
          fill: colours.muted,
          stroke: "white",
          strokeWidth: 3,
          paintOrder: "stroke",
          className: "psm-funnel-label"
        }
      )
    );
  }
  const plot = Plot.plot({...options, x: {...options.x, domain: sx.domain}, y: {...options.y, domain: sy.domain, nice: false}, marks});
  asImage(plot, {label: `Funnel plot: ${d.title}`, description: d.description});
  const unnamed = points.length - named.length;
  return html`<figure class="psm-chart psm-funnel">
    <figcaption class="psm-message">${d.caption ?? d.description}</figcaption>
    ${plot}
    ${legend(chosen[0]?.label)}
    ${unnamed ? html`<p class="psm-note">${unnamed} area${unnamed === 1 ? " within the limits is" : "s within the limits are"} not named on this narrow screen; the table above gives every area.</p>` : ""}
  </figure>`;
}
