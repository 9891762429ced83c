// Year-ending comparison in the layout the force already prints (PSM paper, VAWG section): the 12
// months to a month-end, the same 12 months one and two years before, and the % change from each
// earlier year to the latest. A small bar beside each change shows its size and direction.
import {html} from "htl";
import {colours} from "./palette.js";
import {formatNumber, formatValue, isNumber} from "../shared/format.js";

export function pctChange(now, before) {
  return isNumber(now) && isNumber(before) && before !== 0 ? ((now - before) / before) * 100 : null;
}

function pctText(p) {
  return p === null ? "–" : `${p < 0 ? "−" : ""}${formatNumber(Math.abs(p), 2)}%`;
}

/** The message: how many rows rose on two years before, and the largest change. */
export function describeYearEnding(d) {
  const [p0, , p2] = d.periods;
  const changes = d.rows.map((r) => ({title: r.title, p: pctChange(r.values[0], r.values[2])})).filter((r) => r.p !== null);
  if (!changes.length) return `${d.title}: no comparison available for ${p0.label}.`;
  const up = changes.filter((r) => r.p > 0).length;
  const biggest = changes.reduce((a, b) => (Math.abs(b.p) > Math.abs(a.p) ? b : a));
  return `${d.title}, ${p0.label} against ${p2.label}: ${up} of ${changes.length} higher, ${changes.length - up} lower or level; the largest change is ${biggest.title} (${pctText(biggest.p)}).`;
}

function bar(p, scale) {
  if (p === null) return "";
  const w = Math.min(28, (Math.abs(p) / scale) * 28);
  const fill = p > 0 ? colours.accent : colours.faint;
  return html`<svg class="psm-bar" width="60" height="12" aria-hidden="true">
    <line x1="30" x2="30" y1="0" y2="12" stroke=${colours.rule}></line>
    <rect x=${p >= 0 ? 30 : 30 - w} y="2" width=${Math.max(w, 0.5)} height="8" fill=${fill}></rect>
  </svg>`;
}

/**
 * data: {title, unit, decimals, periods: [{id, label, short}] latest first (3 of them),
 *        rows: [{metric, title, values: [latest, oneYearBefore, twoYearsBefore]}]}
 */
export function yearEndingTable(data, {width, id} = {}) {
  const d = data;
  const [p0, p1, p2] = d.periods;
  const rows = d.rows.map((r) => ({...r, c1: pctChange(r.values[0], r.values[1]), c2: pctChange(r.values[0], r.values[2])}));
  const scale = Math.max(
    10,
    ...rows
      .flatMap((r) => [r.c1, r.c2])
      .filter(isNumber)
      .map(Math.abs)
  );
  const fmt = (v) => formatValue(v, d.unit ?? "count", {decimals: d.decimals});
  const narrow = width !== undefined && width < 640;
  return html`<figure class="psm-table-figure psm-year-ending" id=${id ?? null}>
    <figcaption class="psm-message">${describeYearEnding(d)}</figcaption>
    <div class="psm-table-scroll" tabindex="0" role="region" aria-label=${`Table: ${describeYearEnding(d)}`}><table class="psm-table">
      <thead><tr>
        <th scope="col">${d.rowLabel ?? "Offence group"}</th>
        <th scope="col" class="psm-num"><abbr title=${p0.label}>YE</abbr> ${p0.short}</th>
        <th scope="col" class="psm-num"><abbr title=${p1.label}>YE</abbr> ${p1.short}</th>
        <th scope="col" class="psm-num">% change ${p1.short} to ${p0.short}</th>
        <th scope="col" class="psm-num"><abbr title=${p2.label}>YE</abbr> ${p2.short}</th>
        <th scope="col" class="psm-num">% change ${p2.short} to ${p0.short}</th>
      </tr></thead>
      <tbody>${rows.map(
        (r) => html`<tr>
        <th scope="row">${r.title}</th>
        <td class="psm-num psm-strong">${fmt(r.values[0])}</td>
        <td class="psm-num">${fmt(r.values[1])}</td>
        <td class="psm-num">${pctText(r.c1)} ${narrow ? "" : bar(r.c1, scale)}</td>
        <td class="psm-num">${fmt(r.values[2])}</td>
        <td class="psm-num">${pctText(r.c2)} ${narrow ? "" : bar(r.c2, scale)}</td>
      </tr>`
      )}</tbody>
    </table></div>
  </figure>`;
}
