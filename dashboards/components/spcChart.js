// Statistical process control (XmR) chart: the monthly series, its mean and natural process limits
// (computed in pipeline/stats/spc.ts by the data loader), special-cause points marked by colour
// AND symbol, analyst annotations as numbered markers with a key, the target as a labelled line,
// and the selected reporting period shaded. The caption states the chart's message in words.
import * as Plot from "@observablehq/plot";
import {html} from "htl";
import {causeColour, causeSymbol, colours} from "./palette.js";
import {asImage} from "./a11y.js";
import {decimalsFor, formatValue, isNumber, isPct, monthLabel} from "../shared/format.js";

const CAUSES = [
  {cause: null, label: "Common cause"},
  {cause: "improvement", label: "Special cause: improvement"},
  {cause: "concern", label: "Special cause: concern"},
  {cause: "neither", label: "Special cause"}
];

/** A YYYY-MM month as a Date at the middle of the month (points are placed there). */
function monthDate(ym) {
  const [y, m] = ym.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, 15));
}

/** The message, when the loader did not supply describeSpc's: latest value against mean and limits. */
function describe(d) {
  const pts = d.points.filter((p) => isNumber(p.value));
  const last = pts[pts.length - 1];
  if (!last) return `${d.title}: no data for this selection.`;
  const fmt = (v) => formatValue(v, d.unit, {decimals: d.decimals});
  let s = `${d.title}: ${fmt(last.value)} in ${monthLabel(last.period)}`;
  if (isNumber(d.mean) && isNumber(d.lower) && isNumber(d.upper)) {
    s += last.special
      ? `, a special cause of ${last.special === "neither" ? "variation" : last.special}`
      : `, within the expected range (${fmt(d.lower)} to ${fmt(d.upper)})`;
    s += `; average ${fmt(d.mean)}.`;
  } else s += ".";
  if (isNumber(d.target)) s += ` Target ${fmt(d.target)}.`;
  return s;
}

function legend(d, present) {
  const items = CAUSES.filter((c) => present.has(c.cause)).map((c) => {
    const shape =
      causeSymbol(c.cause) === "diamond"
        ? html`<svg width="12" height="12" aria-hidden="true"><rect x="2.5" y="2.5" width="7" height="7" transform="rotate(45 6 6)" fill=${causeColour(c.cause)}></rect></svg>`
        : causeSymbol(c.cause) === "square"
          ? html`<svg width="12" height="12" aria-hidden="true"><rect x="2" y="2" width="8" height="8" fill=${causeColour(c.cause)}></rect></svg>`
          : html`<svg width="12" height="12" aria-hidden="true"><circle cx="6" cy="6" r="4.5" fill=${causeColour(c.cause)}></circle></svg>`;
    return html`<span>${shape} ${c.label}</span>`;
  });
  const line = (stroke, dash) =>
    html`<svg width="22" height="10" aria-hidden="true"><line x1="0" x2="22" y1="5" y2="5" stroke=${stroke} stroke-width="2" stroke-dasharray=${dash ?? "none"}></line></svg>`;
  if (isNumber(d.mean))
    items.push(html`<span>${line(colours.ink)} Mean</span>`, html`<span>${line(colours.limit, "5,4")} Process limits</span>`);
  if ((d.segments ?? []).length > 1 && d.segments.some((g) => g.trial))
    items.push(html`<span>${line(colours.limit, "2,3")} Trial limits (fewer than 12 months since the change)</span>`);
  if (isNumber(d.target)) items.push(html`<span>${line(colours.target, "2,3")} Target</span>`);
  if (d.highlight)
    items.push(
      html`<span><svg width="16" height="10" aria-hidden="true"><rect width="16" height="10" fill=${colours.band}></rect></svg> Selected period</span>`
    );
  return html`<div class="psm-legend">${items}</div>`;
}

/**
 * data: {title, unit, decimals, polarity, target, points: [{period: 'YYYY-MM', value, special}],
 *        mean, upper, lower, segments: [{from, n, mean, upper, lower, trial}] (rebased: limits per
 *        segment), annotations: [{date, label, when}], highlight: {start, end}, description}
 */
export function spcChart(data, {width = 640, height = 300, headline = true} = {}) {
  // Framework's reactive width is 0 until the page has laid out: draw at a sensible size meanwhile.
  width = Math.max(width || 640, 320);
  const d = {...data, decimals: data.decimals ?? decimalsFor(data.unit)};
  const points = d.points.map((p) => ({...p, date: monthDate(p.period)}));
  const real = points.filter((p) => isNumber(p.value));
  const message = d.description ?? describe(d);
  const fmt = (v) => formatValue(v, d.unit, {decimals: d.decimals});
  const first = points[0]?.date;
  const last = points[points.length - 1]?.date;
  // Numbered after the window's filter, so the key starts at 1 when an older annotation is left out.
  const annotations = (d.annotations ?? [])
    .map((a) => ({...a, date: new Date(`${a.date}T00:00:00Z`)}))
    .filter((a) => first && a.date >= new Date(first.getTime() - 20 * 864e5) && a.date <= new Date(last.getTime() + 20 * 864e5))
    .map((a, i) => ({...a, n: i + 1}));
  const present = new Set(real.map((p) => p.special ?? null));
  const marks = chartMarks(d, points, real, annotations, fmt);
  const plot = Plot.plot({
    width,
    height,
    marginTop: annotations.length ? 26 : 14,
    marginLeft: 56,
    marginRight: 16,
    style: {fontSize: "12px", color: colours.muted, background: "transparent"},
    x: {type: "utc", label: null, ticks: width < 480 ? 4 : 8, tickFormat: "%b %Y"},
    y: {label: null, grid: true, nice: true, tickFormat: (v) => `${v.toLocaleString("en-GB")}${isPct(d.unit) ? "%" : ""}`},
    marks
  });
  asImage(plot, {label: `Control chart: ${d.title}`, description: message});
  const key = annotations.length
    ? html`<ol class="psm-annotations">${annotations.map(
        (a) =>
          html`<li value=${a.n}><strong>${a.when ?? ""}</strong> ${a.label}${a.rebaseFrom ? ` — limits recalculated from ${monthLabel(a.rebaseFrom)}` : ""}</li>`
      )}</ol>`
    : "";
  const segs = (d.segments ?? []).length;
  return html`<figure class="psm-chart psm-spc" data-segments=${segs > 1 ? segs : 1} data-trial=${(d.segments ?? []).some((g) => g.trial) && segs > 1 ? "yes" : "no"}>
    ${headline ? html`<figcaption class="psm-message">${message}</figcaption>` : html`<figcaption class="psm-sr">${message}</figcaption>`}
    ${plot}
    ${legend(d, present)}
    ${key}
  </figure>`;
}

/** Each segment's first and last point dates, when the chart is rebased (two segments or more); else null. */
function segmentSpans(d, points) {
  const segs = d.segments ?? [];
  if (segs.length < 2) return null;
  return segs.map((g, k) => {
    const next = segs[k + 1]?.from;
    const own = points.filter((p) => p.period >= g.from && (next === undefined || p.period < next));
    return {...g, x1: own[0]?.date, x2: own.at(-1)?.date};
  });
}

/**
 * Mean and process limits: across the chart, or per segment when it is rebased at a process change
 * (the limits break at the change). Trial limits (a segment of fewer than 12 points) are drawn
 * fainter with a finer dash and labelled, so they are not read as settled.
 */
function limitMarks(d, points) {
  const spans = segmentSpans(d, points);
  if (!spans) {
    if (!isNumber(d.upper)) return [];
    return [
      Plot.ruleY([d.upper, d.lower].filter(isNumber), {
        stroke: colours.limit,
        strokeDasharray: "5,4",
        strokeWidth: 1.2,
        className: "psm-spc-limits"
      }),
      Plot.ruleY([d.mean], {stroke: colours.ink, strokeWidth: 1.2, className: "psm-spc-mean"})
    ];
  }
  const drawn = spans.filter((g) => g.x1 && g.x2 && isNumber(g.upper));
  const lines = (trial) =>
    drawn.filter((g) => g.trial === trial).flatMap((g) => [g.upper, g.lower].filter(isNumber).map((y) => ({...g, y})));
  const marks = [];
  for (const trial of [false, true]) {
    const style = trial ? {strokeDasharray: "2,3", strokeOpacity: 0.9} : {strokeDasharray: "5,4"};
    const className = trial ? "psm-spc-trial-limits" : "psm-spc-limits";
    marks.push(Plot.ruleY(lines(trial), {y: "y", x1: "x1", x2: "x2", stroke: colours.limit, strokeWidth: 1.2, className, ...style}));
  }
  for (const trial of [false, true]) {
    const style = trial ? {strokeDasharray: "6,3"} : {};
    const subset = drawn.filter((g) => g.trial === trial);
    marks.push(
      Plot.ruleY(subset, {y: "mean", x1: "x1", x2: "x2", stroke: colours.ink, strokeWidth: 1.2, className: "psm-spc-mean", ...style})
    );
  }
  const label = {
    text: () => "Trial limits",
    textAnchor: "start",
    dx: 4,
    dy: 10,
    fill: colours.muted,
    fontSize: 10,
    className: "psm-spc-trial-label"
  };
  marks.push(
    Plot.text(
      drawn.filter((g) => g.trial && isNumber(g.lower)),
      {x: "x1", y: "lower", ...label}
    )
  );
  return marks;
}

/** The target as a labelled line, or nothing. */
function targetMarks(d, fmt) {
  if (!isNumber(d.target)) return [];
  const marks = [];
  marks.push(Plot.ruleY([d.target], {stroke: colours.target, strokeDasharray: "2,3", strokeWidth: 1.6}));
  marks.push(
    Plot.text([d.target], {
      y: (t) => t,
      frameAnchor: "right",
      textAnchor: "end",
      dy: -7,
      text: () => `Target ${fmt(d.target)}`,
      fill: colours.target,
      fontWeight: 600,
      stroke: "white",
      strokeWidth: 4,
      paintOrder: "stroke"
    })
  );
  return marks;
}

/** The chart's marks, back to front: the highlighted window, limits and mean, target, annotations, the series and its points, the tip. */
function chartMarks(d, points, real, annotations, fmt) {
  const marks = [];
  if (d.highlight) {
    const x1 = new Date(`${d.highlight.start}-01T00:00:00Z`);
    const [y, m] = d.highlight.end.split("-").map(Number);
    const x2 = new Date(Date.UTC(y, m, 1));
    marks.push(Plot.rectX([{x1, x2}], {x1: "x1", x2: "x2", fill: colours.band}));
  }
  marks.push(...limitMarks(d, points));
  marks.push(...targetMarks(d, fmt));
  for (const a of annotations) {
    marks.push(Plot.ruleX([a.date], {stroke: colours.annotation, strokeDasharray: "1,3", strokeWidth: 1.2}));
  }
  marks.push(Plot.lineY(points, {x: "date", y: "value", stroke: colours.series, strokeWidth: 1.6, curve: "linear"}));
  for (const c of CAUSES) {
    const subset = real.filter((p) => (p.special ?? null) === c.cause);
    if (subset.length)
      marks.push(
        Plot.dot(subset, {
          x: "date",
          y: "value",
          fill: causeColour(c.cause),
          symbol: causeSymbol(c.cause),
          r: c.cause ? 4.5 : 3.2,
          stroke: "white",
          strokeWidth: 0.8
        })
      );
  }
  if (annotations.length) {
    marks.push(
      Plot.dot(annotations, {x: "date", frameAnchor: "top", dy: 9, r: 8, fill: "white", stroke: colours.annotation, strokeWidth: 1.3})
    );
    marks.push(
      Plot.text(annotations, {
        x: "date",
        frameAnchor: "top",
        dy: 9,
        text: (a) => String(a.n),
        fill: colours.annotation,
        fontWeight: 700,
        fontSize: 10,
        title: (a) => `${a.when ?? ""} ${a.label}`
      })
    );
  }
  marks.push(
    Plot.tip(
      real,
      Plot.pointerX({
        x: "date",
        y: "value",
        title: (p) =>
          `${monthLabel(p.period)}\n${fmt(p.value)}${p.special ? `\nSpecial cause: ${p.special === "neither" ? "variation" : p.special}` : ""}`
      })
    )
  );
  return marks;
}
