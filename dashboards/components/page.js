// The head of every page: title, one line on what the page answers, and how current the data is.
// The panel's build says plainly that small numbers are hidden, so a [c] is never a mystery.
import {html} from "htl";
import {dayLabel} from "../shared/format.js";

export function pageHead(data, {title, intro} = {}) {
  const t = title ?? data.theme?.title;
  const i = intro ?? data.theme?.intro;
  const notes = [];
  if (data.asOf) notes.push(html`<span>Data to <strong>${dayLabel(data.asOf)}</strong></span>`);
  if (data.audience === "panel") notes.push(html`<span>Aggregates only · small numbers below force level shown as [c]</span>`);
  return html`<header class="psm-page-head">
    <h1>${t}</h1>
    ${i ? html`<p class="psm-intro">${i}</p>` : ""}
    ${notes.length ? html`<p class="psm-meta">${notes}</p>` : ""}
  </header>`;
}
