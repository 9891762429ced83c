// KPI tile: one metric's headline number for a period, its change on the comparison period (worded
// better/worse by the metric's polarity, not just coloured, and only when the change is significant),
// the SPC icons and a sparkline. The tile is a link, so on the overview it opens the theme page at
// that metric and period.
import {html, svg} from "htl";
import {assuranceIcon, assuranceText, variationIcon, variationText} from "./icons.js";
import {colours} from "./palette.js";
import {formatValue, isNumber, valueParts} from "../shared/format.js";
import {change, isGood} from "./change.js";

function sparkline(values, {width = 120, height = 30, highlightLast = true} = {}) {
  const pts = values.map((v, i) => [i, v]).filter(([, v]) => isNumber(v));
  if (pts.length < 2) return "";
  const xs = values.length - 1 || 1;
  const vs = pts.map(([, v]) => v);
  const lo = Math.min(...vs);
  const hi = Math.max(...vs);
  const y = (v) => (hi === lo ? height / 2 : 3 + (1 - (v - lo) / (hi - lo)) * (height - 6));
  const x = (i) => 2 + (i / xs) * (width - 6);
  const path = pts.map(([i, v], k) => `${k ? "L" : "M"}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join("");
  const [li, lv] = pts[pts.length - 1];
  return svg`<svg class="psm-spark" width=${width} height=${height} viewBox="0 0 ${width} ${height}" aria-hidden="true">
    <path d=${path} fill="none" stroke=${colours.series} stroke-width="1.5" stroke-linejoin="round"></path>
    ${highlightLast ? svg`<circle cx=${x(li)} cy=${y(lv)} r="2.8" fill=${colours.accent}></circle>` : ""}
  </svg>`;
}

/**
 * The verdict on a change, from the loader's significance test (pipeline/site/change-tests.ts):
 * "better" or "worse" only for a significant change, "no significant change" otherwise, nothing
 * where no test was made (means and medians, or nothing to compare).
 */
export function changeVerdict(c, d) {
  const test = d.previous?.test;
  if (!c || c.diff === 0) return {good: null, text: ""};
  if (test === "s") {
    const good = isGood(c.diff, d.polarity);
    return {good, text: good === null ? "significant change" : good ? "better" : "worse"};
  }
  if (test === ".") return {good: null, text: "no significant change"};
  return {good: null, text: ""};
}

/** The tile's message in one sentence: the text alternative screen readers announce. */
export function describeTile(d) {
  const fmt = (v) => formatValue(v, d.unit, {decimals: d.decimals});
  if (d.value === "c") return `${d.title}: suppressed (small number) for ${d.periodLabel}.`;
  if (!isNumber(d.value)) return `${d.title}: no value for ${d.periodLabel}.`;
  let s = `${d.title}: ${fmt(d.value)} in ${d.periodLabel}`;
  const c = d.previous ? change(d.value, d.previous.value, d.unit) : null;
  if (c) {
    s +=
      c.diff === 0
        ? `, unchanged from ${d.previous.label}`
        : `, ${c.diff > 0 ? "up" : "down"} from ${fmt(d.previous.value)} in ${d.previous.label}`;
    const v = changeVerdict(c, d);
    if (v.text) s += ` (${v.text})`;
  }
  if (isNumber(d.target)) {
    const meets = d.polarity === "down_is_good" ? d.value <= d.target : d.value >= d.target;
    s += `; ${meets ? "meets" : d.polarity === "down_is_good" ? "above" : "below"} the ${fmt(d.target)} target`;
  }
  s += ".";
  if (d.variation) s += ` ${variationText(d.variation, d.direction)}.`;
  if (d.assurance) s += ` ${assuranceText(d.assurance)}.`;
  return s;
}

/**
 * data: {id, title, value, unit, decimals, polarity, target, periodLabel, previous: {value, label, test},
 *        variation, direction, assurance, spark: number[], href}
 * options: {selected, onSelect(id)} — onSelect turns the link into an in-page selection.
 */
export function kpiTile(data, {width, selected = false, onSelect} = {}) {
  const d = data;
  const fmt = (v) => formatValue(v, d.unit, {decimals: d.decimals});
  const c = d.previous && d.value !== "c" ? change(d.value, d.previous.value, d.unit) : null;
  const verdict = changeVerdict(c, d);
  const good = verdict.good;
  const tone = good === null ? "neutral" : good ? "good" : "bad";
  const arrow = !c || c.diff === 0 ? "▶" : c.diff > 0 ? "▲" : "▼";
  const parts = valueParts(d.value, d.unit, {decimals: d.decimals});
  const icons = [variationIcon(d.variation, d.direction), assuranceIcon(d.assurance)].filter(Boolean);
  const cls = selected ? "psm-tile psm-tile-selected" : "psm-tile";
  // The sentence is the link's accessible name; the visual layout is hidden from screen readers,
  // which would otherwise read the figures twice and in a jumble.
  const tile = html`<a class=${cls} href=${d.href ?? "#"} aria-current=${selected ? "true" : null} data-metric=${d.id}
      style=${width ? `max-width:${width}px` : ""}>
    <span class="psm-sr">${describeTile(d)}</span>
    <div class="psm-tile-body" aria-hidden="true">
      <div class="psm-tile-title">${d.title}</div>
      <div class="psm-tile-main">
        <div class="psm-tile-value">${parts.number}${parts.suffix ? html`<span class="psm-tile-unit"> ${parts.suffix}</span>` : ""}</div>
        <div class="psm-tile-icons">${icons}</div>
      </div>
      <div class="psm-tile-period">${d.periodLabel}</div>
      <div class=${`psm-tile-change psm-${tone}`}>${
        c
          ? html`<span>${arrow}</span> ${c.text} <span class="psm-tile-vs">vs ${d.previous.label}${verdict.text ? ` · ${verdict.text}` : ""}</span>`
          : html`<span class="psm-tile-vs">${d.previous ? `Nothing to compare with ${d.previous.label}` : "No comparison period"}</span>`
      }</div>
      <div class="psm-tile-foot">
        ${isNumber(d.target) ? html`<span class="psm-tile-target">Target ${fmt(d.target)}</span>` : html`<span></span>`}
        ${sparkline(d.spark ?? [])}
      </div>
    </div>
  </a>`;
  if (onSelect) {
    tile.addEventListener("click", (event) => {
      // Keep modified clicks (new tab) as ordinary links.
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      onSelect(d.id);
    });
  }
  return tile;
}
