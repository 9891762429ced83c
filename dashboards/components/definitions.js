// The metric definitions page: one entry per catalogue metric, anchored by its id so any page can
// link to "#<metric id>", grouped under the theme page that shows it.
import {html} from "htl";
import {formatValue} from "../shared/format.js";

const UNITS = {count: "A count", pct: "A percentage", per_1000: "A rate per 1,000", days: "In days", seconds: "In seconds"};
const POLARITY = {up_is_good: "higher is better", down_is_good: "lower is better", neutral: "neither higher nor lower is better in itself"};
const AREAS = {force_and_areas: "for the force and each area", force_only: "force-wide only"};

function entry(m, data) {
  const grain = data.grains[m.defaultGrain]?.label ?? m.defaultGrain;
  // Every metric is also available by month, quarter, financial and calendar year, rolling year and year to date.
  const theme = data.themes.find((t) => t.id === m.theme);
  // The short facts on one line; the longer ones as terms, each <div> keeping term and description together.
  const facts = [
    UNITS[m.unit] ?? m.unit,
    POLARITY[m.polarity],
    m.target === null ? "no target" : `target ${formatValue(m.target, m.unit, {decimals: m.decimals})}`,
    `default period: ${grain}`,
    AREAS[m.areas] ?? m.areas
  ];
  const rows = [
    ["Method", m.method],
    ...(m.computedBy ? [["Computed by", computedBy(m.computedBy, m.id)]] : []),
    [
      "Source",
      html`${m.sources.map((s, i) => html`${i ? ", " : ""}<span class="psm-code">${s}</span>`)} extract · metric id <span class="psm-code">${m.id}</span>${theme ? html` · shown on <a href=${`.${theme.path}?metric=${m.id}`}>${theme.title}</a>` : ""}`
    ],
    ...(m.caveats.length ? [["Caveats", html`<ul class="psm-changes">${m.caveats.map((c) => html`<li>${c}</li>`)}</ul>`]] : []),
    ...(m.annotations.length ? [["Events", m.annotations.map((a) => `${a.when}: ${a.label}`).join("; ")]] : [])
  ];
  return html`<article class="psm-def" id=${m.id}>
    <h3>${m.title}</h3>
    <p>${m.definition}</p>
    <p class="psm-facts-line">${facts.join(" · ")}</p>
    <dl>${rows.map(([k, v]) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`)}</dl>
  </article>`;
}

// The SQL chain behind a metric, as `psm explain` prints it: its file, the marts and staging views
// it reads, the extracts under them (found from the SQL by pipeline/metrics/lineage.ts).
function computedBy(c, id) {
  const code = (xs) => xs.map((x, i) => html`${i ? ", " : ""}<span class="psm-code" title=${x.path ?? ""}>${x.name ?? x}</span>`);
  return html`<span class="psm-code">${c.sqlFile}</span>, reading ${c.marts.length > 1 ? "marts" : "mart"} ${code(c.marts)}
    over ${c.staging.length > 1 ? "staging views" : "staging view"} ${code(c.staging)} of the ${code(c.extracts)} ${c.extracts.length > 1 ? "extracts" : "extract"}
    · <span class="psm-code">psm explain ${id}</span>`;
}

export function definitionsList(data, chosen) {
  const list = chosen === "all" ? data.metrics : data.metrics.filter((m) => m.theme === chosen || m.id === chosen);
  const groups = data.themes.map((t) => ({t, ms: list.filter((m) => m.theme === t.id)})).filter((g) => g.ms.length);
  return html`<div>${groups.map((g) => html`<section class="psm-panel" aria-label=${g.t.title}><h2>${g.t.title}</h2>${g.ms.map((m) => entry(m, data))}</section>`)}</div>`;
}

export function themeOptions(data) {
  return [
    {value: "all", label: `All pages (${data.metrics.length} metrics)`},
    ...data.themes.map((t) => ({value: t.id, label: t.title})),
    ...data.metrics.map((m) => ({value: m.id, label: `— ${m.title}`}))
  ];
}

export function extractsTable(data) {
  return html`<div class="psm-table-scroll" tabindex="0" role="region" aria-label="Table: the extracts"><table class="psm-table"><thead><tr><th scope="col">Extract</th><th scope="col">One row is</th><th scope="col">Placed in time by</th></tr></thead>
    <tbody>${data.extracts.map((e) => html`<tr><th scope="row"><span class="psm-code">${e.name}</span></th><td>${e.grain}</td><td><span class="psm-code">${e.periodField}</span></td></tr>`)}</tbody></table></div>`;
}

/**
 * What each field of each extract accepts: the code lists, the force's areas and the date windows
 * ingest holds every row to (pipeline/extracts/guide.ts). A row outside them is quarantined.
 */
export function fieldsTable(data) {
  const values = (f) =>
    f.values
      ? html`<br>${f.values.map((v, i) => html`${i ? ", " : ""}<span class="psm-code">${v.code}</span>${v.label ? ` (${v.label})` : ""}`)}`
      : "";
  // One row group per extract, its name heading the group's rows.
  const group = (e) =>
    html`<tbody>${e.fields.map(
      (f, i) => html`<tr>
    ${i === 0 ? html`<th scope="rowgroup" rowspan=${e.fields.length}><span class="psm-code">${e.name}</span></th>` : ""}
    <th scope="row"><span class="psm-code">${f.name}</span></th>
    <td>${f.required ? "required" : "optional"}</td>
    <td class="psm-wrap">${f.accepts}${values(f)}</td></tr>`
    )}</tbody>`;
  return html`<div class="psm-table-scroll" tabindex="0" role="region" aria-label="Table: what each field of an extract accepts"><table class="psm-table"><caption>What each field of an extract accepts</caption>
    <thead><tr><th scope="col">Extract</th><th scope="col">Field</th><th scope="col">Required?</th><th scope="col" class="psm-wrap">Accepts</th></tr></thead>
    ${data.extracts.map(group)}</table></div>`;
}
