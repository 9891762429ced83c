// The data-quality page: each extract's freshness and coverage, the quarantine and warning counts
// by kind of problem, and the ledger of files received. Counts only, never the rows themselves.
import * as Plot from "@observablehq/plot";
import {html} from "htl";
import {asImage} from "./a11y.js";
import {comparisonTable} from "./comparisonTable.js";
import {colours} from "./palette.js";
import {dayLabel, formatNumber} from "./format.js";

const DAY = 86_400_000;
const days = (a, b) => Math.round((new Date(a) - new Date(b)) / DAY);

/** An extract is behind when its data stops more than a month before the newest extract's. */
export function freshnessRows(data) {
  const newest = data.extracts.map((e) => e.last).filter(Boolean).sort().at(-1);
  return data.extracts.map((e) => {
    const lag = e.last && newest ? days(newest, e.last) : null;
    const status = !e.rows ? "No data" : lag > 31 ? `Behind by ${lag} days` : "Up to date";
    return {...e, lag, status, quarantinePct: e.rows ? (e.quarantined / (e.rows + e.quarantined)) * 100 : null};
  });
}

export function freshnessTable(data) {
  const rows = freshnessRows(data);
  const behind = rows.filter((r) => r.status !== "Up to date");
  const caption = behind.length
    ? `${behind.length} of ${rows.length} extracts are behind or empty: ${behind.map((r) => `${r.extract} (${r.status.toLowerCase()})`).join(", ")}.`
    : `All ${rows.length} extracts cover the same period, to ${dayLabel(rows.map((r) => r.last).sort().at(-1))}.`;
  return comparisonTable(rows, {
    columns: [
      {key: "extract", label: "Extract"},
      {key: "first", label: "Data from", format: (v) => dayLabel(v)},
      {key: "last", label: "Data to", format: (v) => dayLabel(v)},
      {key: "status", label: "Status", format: (v) => html`<span class=${v === "Up to date" ? "psm-ok" : "psm-warn"}>${v}</span>`},
      {key: "rows", label: "Rows", align: "right", format: (v) => formatNumber(v)},
      {key: "files", label: "Files", align: "right"},
      {key: "lastReceived", label: "Last file received", format: (v) => (v ? `${dayLabel(v)} ${v.slice(11, 16)}` : "–")},
      {key: "quarantined", label: "Quarantined", align: "right", format: (v, r) => `${formatNumber(v)}${r.quarantinePct ? ` (${formatNumber(r.quarantinePct, 2)}%)` : ""}`}
    ],
    rowHeader: "extract",
    caption,
    filename: "extract-freshness.csv"
  });
}

/** Rows quarantined per extract: one bar each, labelled; the kinds of problem are in the table below. */
export function quarantineChart(data, {width}) {
  const rows = data.quarantine;
  const byExtract = new Map();
  for (const r of rows) byExtract.set(r.extract, (byExtract.get(r.extract) ?? 0) + r.rows);
  const shown = [...byExtract].map(([extract, n]) => ({extract, n})).filter((t) => t.n > 0);
  const total = shown.reduce((s, t) => s + t.n, 0);
  if (!total) return html`<p class="psm-ok">No rows are in quarantine: every row of every file received was loaded.</p>`;
  const top = [...shown].sort((a, b) => b.n - a.n)[0];
  const kinds = new Set(rows.map((r) => r.kind)).size;
  const message = `${formatNumber(total)} rows quarantined, for ${kinds} kind${kinds === 1 ? "" : "s"} of problem; most in ${top.extract} (${formatNumber(top.n)}).`;
  const plot = Plot.plot({
    width: Math.max(width || 640, 320),
    height: shown.length * 30 + 40,
    marginLeft: 80,
    marginRight: 60,
    style: {fontSize: "12px", background: "transparent"},
    x: {label: "Rows quarantined", grid: true},
    y: {label: null, domain: [...shown].sort((a, b) => b.n - a.n).map((t) => t.extract)},
    marks: [
      Plot.barX(shown, {y: "extract", x: "n", fill: colours.accent}),
      Plot.text(shown, {y: "extract", x: "n", text: (t) => formatNumber(t.n), textAnchor: "start", dx: 4, fill: colours.ink}),
      Plot.ruleX([0])
    ]
  });
  asImage(plot, {label: "Quarantined rows by extract", description: message});
  return html`<figure class="psm-chart"><figcaption class="psm-message">${message}</figcaption>${plot}</figure>`;
}

export function problemTable(rows, {what, filename}) {
  if (!rows.length) return html`<p class="psm-ok">No ${what}.</p>`;
  return comparisonTable(rows, {
    columns: [
      {key: "extract", label: "Extract"},
      {key: "field", label: "Field", format: (v) => v ?? "whole line"},
      {key: "kind", label: "Problem", wrap: true},
      {key: "rows", label: "Rows", align: "right", format: (v) => formatNumber(v)},
      {key: "files", label: "Files", align: "right"}
    ],
    rowHeader: "extract",
    sort: {key: "rows", desc: true},
    caption: `${formatNumber(rows.reduce((s, r) => s + r.rows, 0))} ${what} in ${rows.length} group${rows.length === 1 ? "" : "s"} (counts only; the rows stay in the warehouse for the analyst).`,
    filename
  });
}

export function ledgerTable(data) {
  return comparisonTable(data.ledger, {
    columns: [
      {key: "received", label: "Received", format: (v) => `${dayLabel(v)} ${v.slice(11, 16)}`},
      {key: "file", label: "File"},
      {key: "extract", label: "Extract"},
      {key: "period_start", label: "Covers", wrap: true, format: (v, r) => (v ? `${dayLabel(v)} to ${dayLabel(r.period_end)}` : "–")},
      {key: "data_rows", label: "Rows", align: "right", format: (v) => formatNumber(v)},
      {key: "loaded", label: "Loaded", align: "right", format: (v) => formatNumber(v)},
      {key: "quarantined", label: "Quarantined", align: "right", format: (v) => formatNumber(v)},
      {key: "supersedes", label: "Rows replaced", align: "right", format: (v) => formatNumber(v)},
      {key: "sha", label: "Content hash", format: (v) => html`<span class="psm-code">${v.slice(0, 8)}…</span>`}
    ],
    rowHeader: "file",
    sort: {key: "received", desc: true},
    caption: `${formatNumber(data.ledgerFiles)} file${data.ledgerFiles === 1 ? "" : "s"} received${data.ledgerFiles > data.ledger.length ? ` (latest ${data.ledger.length} shown)` : ""}; each is archived by its content hash.`,
    filename: "ledger.csv"
  });
}
