// The pack's appendices: what each measure means (from the metric catalogue, so the definition
// printed is the one the SQL implements) and which extract files every figure was computed from
// (from the ingest ledger: name, SHA-256, rows, period, when received), so any figure can be traced.
import {html} from "htl";
import {dayLabel} from "../shared/format.js";

const unitWords = {count: "count", pct: "percentage", per_1000: "rate per 1,000", days: "days", seconds: "seconds"};
const polarityWords = {up_is_good: "a rise is good", down_is_good: "a fall is good", neutral: "neither direction is good or bad in itself"};

function readingCharts() {
  return html`<div class="pack-keep">
    <h2>How to read the charts</h2>
    <p>Each chart is a statistical process control (XmR) chart, as used by NHS England’s
      “Making Data Count”. The solid line across the chart is the average of the months shown; the
      dashed lines are the natural process limits, the range within which the measure varies month to
      month when nothing has changed in how the service works (average ± 2.66 × the average
      month-to-month movement).</p>
    <p>A month is marked as a <strong>special cause</strong>, and coloured, when it is beyond a
      limit; when seven or more months in a row sit on one side of the average (a shift); when seven
      months in a row each rise or each fall (a trend); or when two of three months sit near a limit.
      Blue marks improvement and orange concern, given which direction is good for that measure;
      purple is used where neither direction is better. Grey points are common cause: the ordinary
      ups and downs, which are not evidence of change and should not be explained one by one.</p>
    <p>“Year on year” compares the latest 12 months with the 12 months before. For counts it is an
      exact test of two Poisson rates; for percentages a two-proportion test. “More than chance
      alone would explain” means p &lt; 0.05.</p>
  </div>`;
}

/** The disclosure rules the pack was printed under: why a figure reads [c]. */
function smallNumbers(d) {
  return html`<div class="pack-keep">
    <h2>How small numbers are protected</h2>
    <p>A small number for a small area can point to a person. Every figure in this pack and on the
      published dashboards passes one set of rules (following the GSS/ONS guidance on disclosure
      control of tables); a figure withheld under them reads <strong>[c]</strong>.</p>
    <ul>${d.disclosure.map((r) => html`<li>${r}</li>`)}</ul>
  </div>`;
}

export function definitionsPage(d) {
  return html`<section class="pack-page" data-section="definitions" id="definitions">
    <h1>Appendix A: Definitions and how to read the charts</h1>
    <p>The measures used in this pack, as defined in the OPCC’s metric catalogue (version
      <code>${d.catalogueVersion.slice(0, 12)}</code>).</p>
    ${d.definitions.map(
      (m) => html`<div class="pack-def">
      <h3>${m.title} <span class="pack-muted pack-id">${m.id}</span></h3>
      <p>${m.definition}</p>
      <p class="pack-def-facts">Unit: ${unitWords[m.unit] ?? m.unit}. Direction: ${polarityWords[m.polarity] ?? m.polarity}.
        ${m.target === null ? "" : `Target: ${m.target}${m.unit === "pct" ? "%" : ""}. `}Method: ${m.method.replace(/\.\s*$/, "")}.
        Extracts: ${m.sources.join(", ")}.</p>
      ${m.caveats.length ? html`<p class="pack-def-facts">Caveats: ${m.caveats.join(" ")}</p>` : ""}
    </div>`
    )}
    ${readingCharts()}
    ${smallNumbers(d)}
  </section>`;
}

/** Files by extract, in chunks short enough that each table stays whole on one page. */
function groups(sources) {
  const byExtract = new Map();
  for (const f of sources) byExtract.set(f.extract, [...(byExtract.get(f.extract) ?? []), f]);
  const out = [];
  for (const [extract, files] of byExtract) {
    for (let i = 0; i < files.length; i += 14) out.push([i ? `${extract} (continued)` : extract, files.slice(i, i + 14)]);
  }
  return out;
}

function sourcesTable(extract, files, i) {
  return html`<figure class="pack-figure pack-sources" data-figure=${`sources-${i + 1}`} data-kind="table">
    <table class="pack-table">
      <caption>Extract: ${extract}</caption>
      <thead><tr><th scope="col">File and SHA-256</th><th scope="col" class="num">Rows loaded</th><th scope="col" class="num">Held back</th><th scope="col">Records dated</th><th scope="col">Received</th></tr></thead>
      <tbody>${files.map(
        (f) => html`<tr>
        <th scope="row">${f.file}<br><code class="pack-hash">${f.sha256}</code></th>
        <td class="num">${f.loaded.toLocaleString("en-GB")}</td>
        <td class="num">${f.quarantined.toLocaleString("en-GB")}</td>
        <td>${f.periodStart ? `${dayLabel(f.periodStart)} – ${dayLabel(f.periodEnd)}` : "–"}</td>
        <td>${dayLabel(f.receivedAt)}</td></tr>`
      )}</tbody>
    </table>
  </figure>`;
}

export function sourcesPage(d, seq) {
  const total = d.sources.reduce((s, f) => s + f.loaded, 0);
  return html`<section class="pack-page" data-section="sources" id="sources">
    <h1>Appendix B: The data behind this pack</h1>
    <p>The figures were computed from ${seq(d.sources.length, "extract file", "extract files")}
      (${seq(total, "record", "records")} loaded) received from the force. Each file is archived
      unchanged under its SHA-256 fingerprint, so any figure can be recomputed from exactly these
      inputs. Rows that failed validation were held back in quarantine and are counted here.</p>
    ${groups(d.sources).map(([extract, files], i) => sourcesTable(extract, files, i))}
    <p class="pack-muted">Pack built ${dayLabel(d.builtAt)} from the published warehouse; metric catalogue
      version ${d.catalogueVersion.slice(0, 12)}. Figures shown as [c] are withheld under the rules in Appendix A.</p>
  </section>`;
}
