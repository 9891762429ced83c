// The data-quality page: each extract's freshness and coverage, the quarantine and warning counts
// by kind of problem, and the ledger of files received. Counts only, never the rows themselves.
import * as Plot from "@observablehq/plot";
import {html} from "htl";
import {asImage} from "./a11y.js";
import {chartData} from "./chartData.js";
import {comparisonTable} from "./comparisonTable.js";
import {colours} from "./palette.js";
import {dayLabel, formatNumber} from "../shared/format.js";

/** Received time as two short lines (day, then time): the ledger has nine columns to fit in. */
const received = (v) => (v ? html`<span class="psm-nowrap">${dayLabel(v)}</span> <span class="psm-muted">${v.slice(11, 16)}</span>` : "–");

/**
 * The loader judged each extract against the day the site was built (pipeline/site/freshness.ts);
 * this only words it. Older loader output without a judgement reads as unknown, never as current.
 */
export function freshnessRows(data) {
  return data.extracts.map((e) => ({
    ...e,
    label: e.label ?? "Not judged",
    quarantinePct: e.rows ? (e.quarantined / (e.rows + e.quarantined)) * 100 : null
  }));
}

/** The table's message: says first whether the data are old, then whether the extracts disagree. */
export function freshnessMessage(rows, today) {
  const built = today ? ` on ${dayLabel(today)}` : "";
  const newest = rows
    .map((r) => r.last)
    .filter(Boolean)
    .sort()
    .at(-1);
  const old = rows.filter((r) => r.status === "out_of_date");
  const other = rows.filter((r) => r.status !== "current" && r.status !== "out_of_date");
  const parts = [];
  if (!newest) return `No extract holds any data yet (site built${built}).`;
  const latest = rows.find((r) => r.last === newest);
  if (old.length === rows.length)
    parts.push(`Out of date: the newest data in any extract is from ${dayLabel(newest)}, ${latest.age} (site built${built}).`);
  else if (old.length)
    parts.push(
      `${old.length} of ${rows.length} extracts are out of date: ${old.map((r) => `${r.extract} (last data ${dayLabel(r.last)}, ${r.age})`).join(", ")}.`
    );
  else parts.push(`Data to ${dayLabel(newest)}, ${latest.age} (site built${built}).`);
  if (other.length) parts.push(`${other.map((r) => `${r.extract}: ${r.label.toLowerCase()}`).join("; ")}.`);
  return parts.join(" ");
}

export function freshnessTable(data) {
  const rows = freshnessRows(data);
  return comparisonTable(rows, {
    columns: [
      {key: "extract", label: "Extract"},
      {key: "first", label: "Data from", format: (v) => dayLabel(v)},
      {
        key: "last",
        label: "Last data",
        format: (v, r) => (v ? html`${dayLabel(v)}<br><span class="psm-muted">${r.age}</span>` : "–"),
        csvValue: (r) => r.last
      },
      {key: "label", label: "Status", format: (v, r) => html`<span class=${r.status === "current" ? "psm-ok" : "psm-warn"}>${v}</span>`},
      {key: "rows", label: "Rows", align: "right", format: (v) => formatNumber(v)},
      {key: "files", label: "Files", align: "right"},
      {key: "lastReceived", label: "Last file received", format: received},
      {
        key: "quarantined",
        label: "Quarantined",
        align: "right",
        format: (v, r) => `${formatNumber(v)}${r.quarantinePct ? ` (${formatNumber(r.quarantinePct, 2)}%)` : ""}`
      }
    ],
    rowHeader: "extract",
    caption: freshnessMessage(rows, data.today),
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
  const numbers = chartData(shown, {
    summary: `The numbers behind this chart (${shown.length} extract${shown.length === 1 ? "" : "s"}): table and CSV`,
    caption: `Rows quarantined by extract (count), ${formatNumber(total)} in all.`,
    columns: [
      {key: "extract", label: "Extract"},
      {key: "n", label: "Rows quarantined", align: "right", format: (v) => formatNumber(v)},
      {key: "unit", label: "Unit", csvOnly: true, csvValue: () => "count"}
    ],
    filename: "quarantined-rows-by-extract.csv",
    rowHeader: "extract",
    sort: {key: "n", desc: true}
  });
  return html`<div class="psm-chart-block"><figure class="psm-chart"><figcaption class="psm-message">${message}</figcaption>${plot}</figure>${numbers}</div>`;
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

/**
 * A file name that breaks after "_" (not at "-", which would split "2022-23"), so long names wrap
 * instead of widening the ledger. A part too long for the column may break anywhere (see the CSS).
 */
const fileName = (v) =>
  html`${v.split(/(?<=_)/).map((part, i) => html`${i ? html`<wbr>` : ""}${part.length > 16 ? part : html`<span class="psm-nowrap">${part}</span>`}`)}`;

export function ledgerTable(data) {
  return comparisonTable(data.ledger, {
    columns: [
      {key: "received", label: "Received", format: received},
      {key: "file", label: "File", format: fileName},
      {key: "extract", label: "Extract"},
      {
        key: "period_start",
        label: "Covers",
        format: (v, r) =>
          v ? html`<span class="psm-nowrap">${dayLabel(v)} to</span> <span class="psm-nowrap">${dayLabel(r.period_end)}</span>` : "–"
      },
      {key: "data_rows", label: "Rows", align: "right", format: (v) => formatNumber(v)},
      {key: "loaded", label: "Loaded", align: "right", format: (v) => formatNumber(v)},
      {key: "quarantined", label: "Quarantined", align: "right", format: (v) => formatNumber(v)},
      {key: "supersedes", label: "Rows replaced", align: "right", format: (v) => formatNumber(v)},
      // Twelve hex characters tell 24 files (or 500) apart; the full hash names the archived copy.
      {key: "sha", label: "Content hash", format: (v) => html`<span class="psm-code" title=${v}>${v.slice(0, 12)}</span>`}
    ],
    rowHeader: "file",
    sort: {key: "received", desc: true},
    id: "psm-ledger",
    caption: `${formatNumber(data.ledgerFiles)} file${data.ledgerFiles === 1 ? "" : "s"} received${data.ledgerFiles > data.ledger.length ? ` (latest ${data.ledger.length} shown)` : ""}; each is archived by its content hash (hover over a hash for all 64 characters; the CSV has them in full).`,
    filename: "ledger.csv"
  });
}
