// Comparison table: sortable by any column (buttons in the headers, aria-sort kept in step) with a
// CSV download built in the browser from the same rows the table shows — the rows are aggregates
// from the page's JSON, so the CSV adds nothing the page does not already hold.
import {html} from "htl";

const collator = new Intl.Collator("en-GB", {numeric: true});

function compare(a, b) {
  const na = a === null || a === undefined || a === "c";
  const nb = b === null || b === undefined || b === "c";
  if (na || nb) return na && nb ? 0 : na ? 1 : -1; // blanks and suppressed cells sink either way
  if (typeof a === "number" && typeof b === "number") return a - b;
  return collator.compare(String(a), String(b));
}

function csvCell(v) {
  if (v === null || v === undefined) return "";
  if (v === "c") return "[c]";
  const s = String(v);
  // A leading = + - @ would be run as a formula by a spreadsheet: prefix it, as OWASP advises.
  const safe = /^[=+\-@\t\r]/.test(s) && typeof v !== "number" ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function toCsv(rows, columns) {
  const head = columns.map((c) => csvCell(c.csvLabel ?? c.label)).join(",");
  const body = rows.map((r) => columns.map((c) => csvCell(c.csvValue ? c.csvValue(r) : r[c.key])).join(","));
  return [head, ...body].join("\r\n") + "\r\n";
}

/**
 * rows: plain objects. columns: [{key, label, format(value, row), align, csvValue(row), csvLabel, csvOnly}]
 * (a csvOnly column is in the download but not on the page, e.g. a period id beside its label).
 * options: {caption (the table's message), filename, sort: {key, desc}, rowHeader: key, compact}
 */
export function comparisonTable(rows, {columns, caption, filename = "table.csv", sort, rowHeader, id} = {}) {
  let state = sort ?? null;
  const all = columns;
  columns = columns.filter((c) => !c.csvOnly);
  const tbody = html`<tbody></tbody>`;
  const headers = columns.map((c) => {
    const button = html`<button type="button" class="psm-sort">${c.label}<span class="psm-sort-mark" aria-hidden="true"></span></button>`;
    const th = html`<th scope="col" class=${c.align === "right" ? "psm-num" : ""}>${button}</th>`;
    button.addEventListener("click", () => {
      state = state?.key === c.key ? {key: c.key, desc: !state.desc} : {key: c.key, desc: c.align === "right"};
      render();
    });
    return {c, th};
  });
  function render() {
    const sorted = state ? [...rows].sort((a, b) => compare(a[state.key], b[state.key]) * (state.desc ? -1 : 1)) : rows;
    for (const {c, th} of headers) {
      const on = state?.key === c.key;
      if (on) th.setAttribute("aria-sort", state.desc ? "descending" : "ascending");
      else th.removeAttribute("aria-sort");
      th.querySelector(".psm-sort-mark").textContent = on ? (state.desc ? " ▼" : " ▲") : "";
    }
    tbody.replaceChildren(
      ...sorted.map(
        (r) =>
          html`<tr class=${r._class ?? ""}>${columns.map((c) => {
            const text = c.format ? c.format(r[c.key], r) : (r[c.key] ?? "–");
            const cls = c.align === "right" ? "psm-num" : c.wrap ? "psm-wrap" : "";
            return c.key === rowHeader ? html`<th scope="row" class=${cls}>${text}</th>` : html`<td class=${cls}>${text}</td>`;
          })}</tr>`
      )
    );
  }
  render();
  const download = html`<button type="button" class="psm-button">Download CSV</button>`;
  download.addEventListener("click", () => {
    const blob = new Blob([toCsv(rows, all)], {type: "text/csv;charset=utf-8"});
    const url = URL.createObjectURL(blob);
    const a = html`<a href=${url} download=${filename} hidden></a>`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  });
  return html`<figure class="psm-table-figure" id=${id ?? null}>
    ${caption ? html`<figcaption class="psm-message">${caption}</figcaption>` : ""}
    <div class="psm-table-scroll" tabindex="0" role="region" aria-label=${caption ? `Table: ${caption}` : "Table (scrolls sideways on a narrow screen)"}><table class="psm-table">
      <thead><tr>${headers.map((h) => h.th)}</tr></thead>
      ${tbody}
    </table></div>
    <div class="psm-table-tools">${download}<span class="psm-hint">Select a column heading to sort.</span></div>
  </figure>`;
}
