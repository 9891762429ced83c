// Areas against the force for a rate metric, from the loader's `compare` block (pipeline/site/
// area-compare.ts): each area's 95% confidence interval for the "By area" table, the sentence that
// says which areas differ significantly from the force, and the funnel plot. Areas the panel build
// hides ([c]) have no interval and no band: they are named as not compared, never plotted.
import {html} from "htl";
import {funnelData} from "./chartData.js";
import {funnelChart} from "./funnelChart.js";
import {formatNumber, formatValue, isNumber, periodLabel} from "../shared/format.js";

const METHOD = {
  wilson: "Wilson score interval",
  garwood: "exact Poisson (Garwood) interval"
};

/** The comparison at the state's grain and period, or null (not a rate with areas, or not a twelve-month window). */
export function compareAt(data, metric, state) {
  const c = metric.compare;
  const g = c?.grains[state.grain];
  const i = data.periods[state.grain].findIndex((p) => p.id === state.period);
  if (!g || i < 0 || !isNumber(g.centre[i])) return null;
  const name = (a) => data.areas.find((x) => x.area === a)?.name ?? a;
  const areas = metric.areas
    .filter((a) => a !== "force")
    .map((a) => ({
      area: a,
      label: name(a),
      value: metric.values[state.grain][a][i],
      ci: g.ci[a]?.[i] ?? null,
      band: g.band[a]?.[i] ?? " "
    }));
  return {
    unit: c.unit,
    method: c.method,
    level: c.level,
    limits: c.limits,
    centre: g.centre[i],
    spread: g.spread[i],
    force: metric.values[state.grain].force[i],
    forceCi: g.ci.force?.[i] ?? null,
    areas,
    period: periodLabel(state.grain, state.period)
  };
}

/** A count metric's intervals at the state's grain and period: area → [count, low, high] or null; null when the metric has none. */
export function countCiAt(data, metric, state) {
  const c = metric.countCi;
  if (!c) return null;
  const i = data.periods[state.grain].findIndex((p) => p.id === state.period);
  const g = c.grains[state.grain];
  return Object.fromEntries(metric.areas.map((a) => [a, (g && i >= 0 ? g[a]?.[i] : null) ?? null]));
}

/** The note under a count's "By area" table: how its intervals were worked out, or where there are some. */
export function countNote(metric, state) {
  const text = metric.countCi?.grains[state.grain]
    ? `Intervals: ${Math.round(metric.countCi.level * 100)}% exact Poisson (Garwood) interval for each count — the range of underlying levels the count is consistent with, allowing for chance variation. Areas differ in size, so their counts are not tested against the force.`
    : "Intervals are given for twelve-month windows (rolling 12 months, financial and calendar years), where each area's count is published.";
  return html`<p class="psm-note psm-compare-note">${text}</p>`;
}

/** "19.9 to 39.5%", "[c]" for a hidden area, "–" where there is no interval. */
export function intervalText(value, ci, metric) {
  if (value === "c") return "[c]";
  if (!ci) return "–";
  // The unit once, after the upper end: "89.0 to 96.3%", "3.35 to 7.94 per 1,000".
  return `${formatNumber(ci[1], metric.decimals)} to ${formatValue(ci[2], metric.unit, {decimals: metric.decimals})}`;
}

const list = (names) => (names.length < 2 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`);

/** Which areas lie outside the funnel's limits, in one or two sentences; or that none do. */
export function differenceSentence(cmp, metric, state) {
  if (!cmp) {
    return metric.compare?.grains[state.grain]
      ? "The force has no cases in this period, so there is nothing to compare the areas with."
      : "Confidence intervals and the funnel plot are given for twelve-month windows (rolling 12 months, financial and calendar years), where each area's figure rests on enough cases.";
  }
  const fmt = (v) => formatValue(v, metric.unit, {decimals: metric.decimals});
  const shown = cmp.areas.filter((a) => a.band !== " ");
  const hidden = cmp.areas.filter((a) => a.value === "c").map((a) => a.label);
  const named = (letters, word) => {
    const hit = shown.filter((a) => letters.includes(a.band));
    if (!hit.length) return null;
    return `significantly ${word} in ${list(hit.map((a) => `${a.label} (${fmt(a.value)}, outside the ${a.band === a.band.toUpperCase() ? "99.8" : "95"}% limits)`))}`;
  };
  const parts = [named("Hh", "higher"), named("Ll", "lower")].filter(Boolean);
  const within = shown.filter((a) => a.band === ".").length;
  let s = parts.length
    ? `Against the force's ${fmt(cmp.centre)} (${cmp.period}): ${parts.join("; ")}. ${within === 0 ? "No other area is" : `The other ${within} area${within === 1 ? " is" : "s are"}`} within the 95% limits.`
    : shown.length
      ? `No area differs significantly from the force's ${fmt(cmp.centre)} (${cmp.period}): all ${shown.length} area${shown.length === 1 ? " is" : "s are"} within the 95% limits.`
      : `No area can be compared with the force for ${cmp.period}.`;
  if (hidden.length) s += ` Not compared: ${list(hidden)} ([c], small numbers).`;
  return s;
}

/** The note under the "By area" table: the significance sentence and how the intervals were worked out. */
export function compareNote(cmp, metric, state) {
  const how = cmp
    ? ` Intervals: ${Math.round(cmp.level * 100)}% ${METHOD[cmp.method]}; limits: normal approximation to the ${cmp.unit === "pct" && cmp.centre <= 100 ? "binomial" : "Poisson"} around the force value.`
    : "";
  return html`<p class="psm-note psm-compare-note"><span class="psm-compare-sentence">${differenceSentence(cmp, metric, state)}</span>${how}</p>`;
}

/** The funnel plot of the selected rate metric and period, or nothing where there is none to draw. */
export function areaFunnel(data, metric, state, {width}) {
  const cmp = compareAt(data, metric, state);
  if (!cmp) return "";
  const points = cmp.areas
    .filter((a) => a.band !== " " && a.ci && isNumber(a.value))
    .map((a) => ({label: a.label, n: a.ci[0], value: a.value, band: a.band, selected: a.area === state.area}));
  if (!points.length) return html`<p class="psm-note">No area's figure is published for ${cmp.period}, so there is no funnel plot.</p>`;
  const chart = {
    title: `${metric.title}, ${cmp.period}`,
    unit: metric.unit,
    decimals: metric.decimals,
    centre: cmp.centre,
    spread: cmp.spread,
    limits: cmp.limits,
    upper: cmp.unit === "pct" && cmp.centre <= 100 ? 100 : null,
    denominator: width < 480 ? "Cases (log scale) →" : "Cases the rate is out of (log scale) →",
    points,
    caption: `Funnel plot, ${cmp.period}: each area's figure against the number of cases it rests on; the limits narrow as the cases grow.`,
    description: `Funnel plot of ${metric.title}, ${cmp.period}. ${differenceSentence(cmp, metric, state)}`
  };
  const filename = `${metric.id}_${state.grain}_${state.period.replace("/", "-")}_funnel.csv`;
  return html`<div class="psm-chart-block">${funnelChart(chart, {width})}${funnelData(chart, {filename})}</div>`;
}
