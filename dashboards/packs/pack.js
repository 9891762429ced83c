// The meeting pack as one printable document: cover, agenda, contents, the report's front sheet
// and summary, a section per theme, public questions, definitions and data sources. It draws from
// the loader's aggregates only, and tells the printer when it is finished (data-pack-ready) so the
// renderer never prints a half-drawn page.
import {html} from "htl";
import {spcChart} from "../components/spcChart.js";
import {assuranceText, variationIcon} from "../components/icons.js";
import {dayLabel} from "../shared/format.js";
import {definitionsPage, sourcesPage} from "./appendix.js";

const seq = (n, one, many) => `${n.toLocaleString("en-GB")} ${n === 1 ? one : many}`;

function cover(m, draft, builtAt) {
  return html`<section class="pack-page pack-cover" data-section="cover" aria-label="Cover">
    <p class="pack-org">Office of the Police and Crime Commissioner</p>
    <p class="pack-kicker">Performance Scrutiny Meeting</p>
    <h1 class="pack-title">${m.title}</h1>
    <dl class="pack-facts">
      <dt>Date</dt><dd>${m.dateLabel}</dd>
      <dt>Time</dt><dd>${m.timeLabel}</dd>
      <dt>Location</dt><dd>${m.location}</dd>
      <dt>Report by</dt><dd>${m.reportBy}</dd>
      <dt>Data to</dt><dd>end of ${m.dataToLabel}</dd>
    </dl>
    <p class="pack-marking-box"><strong>${m.protectiveMarking}</strong><br>
      ${
        draft
          ? html`<strong class="pack-draft-note">DRAFT – not for publication.</strong> This pack is embargoed until ${m.releaseLabel}.`
          : html`Released for publication at ${m.releaseLabel}.`
      }</p>
    <p class="pack-cover-foot">Every figure in this pack was computed from the force's extracts by the
      OPCC performance workspace on ${dayLabel(builtAt)}; none was typed by hand. Appendix B lists the
      files behind them.</p>
  </section>`;
}

function agendaPage(m, sections) {
  return html`<section class="pack-page" data-section="agenda">
    <h1>Agenda</h1>
    <table class="pack-form">
      <tbody>
        <tr><th scope="row">Date of meeting</th><td>${m.dateLabel}</td></tr>
        <tr><th scope="row">Title of meeting</th><td>${m.title}</td></tr>
        <tr><th scope="row">Time of meeting</th><td>${m.timeLabel}</td></tr>
        <tr><th scope="row">Location</th><td>${m.location}</td></tr>
        ${m.contact ? html`<tr><th scope="row">Contact</th><td>${m.contact}</td></tr>` : ""}
        ${m.distribution.length ? html`<tr><th scope="row">Distribution</th><td>${m.distribution.join("; ")}</td></tr>` : ""}
      </tbody>
    </table>
    <table class="pack-agenda">
      <thead><tr><th scope="col">Item</th><th scope="col">Subject</th><th scope="col">Lead</th></tr></thead>
      <tbody>${m.agenda.map(
        (a) => html`<tr>
        <td>${a.number}.</td>
        <td>${a.title}${a.report ? html`<br><span class="pack-muted">Report: sections 1–${sections} of this pack</span>` : a.questions ? html`<br><span class="pack-muted">Questions and answers: see “Public questions”</span>` : ""}</td>
        <td>${a.lead ?? ""}</td></tr>`
      )}</tbody>
    </table>
  </section>`;
}

/** Entries whose page numbers the renderer fills in after a first print (slots keep their width). */
function contentsPage(entries) {
  return html`<section class="pack-page" data-section="contents">
    <h1>Contents</h1>
    <ol class="pack-toc">${entries.map(
      (e) => html`<li>
      <span class="pack-toc-label">${e.label ? html`<span class="pack-toc-num">${e.label}</span>` : ""}<a href=${`#${e.id}`}>${e.title}</a></span>
      <span class="pack-toc-dots" aria-hidden="true"></span>
      <span class="pack-toc-page" data-page-for=${e.id}>\u2007\u2007</span></li>`
    )}</ol>
  </section>`;
}

/** The variation reading in a few words for the summary table (the icon carries the full label). */
function variationWords(s) {
  if (!s.variation) return "Too few points to judge";
  if (s.variation === "common_cause") return "No significant change";
  if (s.variation === "special_improvement") return "Improvement";
  if (s.variation === "special_concern") return "Concern";
  return s.direction === "down" ? "Unusually low" : "Unusually high";
}

/** One small table per section, so each stays whole on a page. */
function summaryTable(sec, rows, icon) {
  if (!rows.length) return "";
  return html`<figure class="pack-figure" data-figure=${`summary-${sec.id}`} data-kind="table">
    <table class="pack-table pack-summary">
      <caption>${sec.number}. ${sec.title}</caption>
      <thead><tr><th scope="col">Measure</th><th scope="col" class="num">Latest</th><th scope="col">Variation</th><th scope="col">Year on year</th></tr></thead>
      <tbody>${rows.map(
        (s) => html`<tr>
        <th scope="row">${s.title}<br><span class="pack-muted">${s.latestLabel}</span></th>
        <td class="num">${s.latest}</td>
        <td class="pack-icon-cell">${icon(s)}<span>${variationWords(s)}${s.assurance ? html`<br><span class="pack-muted">${assuranceText(s.assurance).replace(/^Assurance: t/, "T")}</span>` : ""}</span></td>
        <td>${s.yearOnYear ?? "–"}</td></tr>`
      )}</tbody>
    </table>
  </figure>`;
}

function reportPage(d) {
  const m = d.meeting;
  const icon = (s) => (s.variation ? variationIcon(s.variation, s.direction) : null);
  return html`<section class="pack-page" data-section="report" id="report">
    <h1>Report of the ${m.reportBy}</h1>
    <table class="pack-form">
      <tbody>
        <tr><th scope="row">Report title</th><td>${m.title}</td></tr>
        <tr><th scope="row">Report by</th><td>${m.reportBy}</td></tr>
        <tr><th scope="row">Date</th><td>${m.dateLabel}</td></tr>
        <tr><th scope="row">Purpose</th><td>${m.purpose}</td></tr>
        <tr><th scope="row">Recommendation</th><td>${m.recommendation}</td></tr>
      </tbody>
    </table>
    <h2>The figures at a glance</h2>
    <p>Each row is one chart in this pack. “Variation” reads the month under each measure against
      the chart’s history (statistical process control, Appendix A): “no significant change” means
      it is within the ordinary ups and downs. “Year on year” compares the 12 months to
      ${m.dataToLabel} with the 12 before, and says if the difference is more than chance.</p>
    ${d.sections.map((sec) =>
      summaryTable(
        sec,
        d.summary.filter((x) => x.section === sec.id),
        icon
      )
    )}
  </section>`;
}

function tableFigure(t, n) {
  const change = (c) => (c.tone ? `pack-tone-${c.tone}` : "");
  return html`<figure class="pack-figure" id=${t.id} data-figure=${t.id} data-kind="table">
    <figcaption><span class="pack-fig-num">Table ${n}.</span> ${t.title}</figcaption>
    <table class="pack-table">
      <thead><tr><th scope="col">${t.stub}</th>${t.columns.map((c) => html`<th scope="col" class="num">${c}</th>`)}</tr></thead>
      <tbody>${t.rows.map((r) => html`<tr><th scope="row" class=${t.stub === "Period" ? "pack-period" : ""}>${r.label}</th>${r.cells.map((c) => html`<td class=${`num ${change(c)}`}>${c.text}</td>`)}</tr>`)}</tbody>
    </table>
    <p class="pack-source">${t.note ? html`${t.note} ` : ""}Source: ${t.sources.join(", ")} extract${t.sources.length === 1 ? "" : "s"}.</p>
  </figure>`;
}

function chartFigure(c, n) {
  if (c.suppressed) return suppressedChartFigure(c, n);
  const chart = spcChart({...c, description: c.description}, {width: 640, height: 250, headline: false});
  // The component ticks every quarter, which collides at print size: label January and July only.
  // Tick labels are found by their text ("Apr 2021"): no other text in the chart reads like that.
  for (const t of chart.querySelectorAll("svg text")) {
    if (/^(Feb|Mar|Apr|May|Jun|Aug|Sep|Oct|Nov|Dec) \d{4}$/.test(t.textContent.trim())) t.remove();
  }
  const points = c.points.filter((p) => p.value !== null).length;
  return html`<figure class="pack-figure" id=${c.id} data-figure=${c.id} data-kind="chart" data-points=${points}>
    <figcaption><span class="pack-fig-num">Figure ${n}.</span> ${c.title}${c.area === "force" ? "" : ` — ${c.areaLabel}`}, by month</figcaption>
    <p class="pack-verdict">${c.description}${c.yearOnYear ? ` ${c.yearOnYear.sentence}` : ""}</p>
    ${chart}
    <p class="pack-source">Source: ${c.sources.join(", ")} extract${c.sources.length === 1 ? "" : "s"}. Points are months; the line through them is the mean, dashed lines the natural process limits.</p>
  </figure>`;
}

/** A chart the disclosure rules hide: its caption and why, and no plot to read values off. */
function suppressedChartFigure(c, n) {
  return html`<figure class="pack-figure" id=${c.id} data-figure=${c.id} data-kind="chart" data-suppressed="true" data-points="0">
    <figcaption><span class="pack-fig-num">Figure ${n}.</span> ${c.title} — ${c.areaLabel}, by month</figcaption>
    <p class="pack-verdict">${c.description}</p>
  </figure>`;
}

function sectionPage(s, counters) {
  const content = html`<section class="pack-page" data-section=${s.id} id=${s.id}>
    <h1><span class="pack-sec-num">${s.number}.</span> ${s.title}</h1>
    ${s.question ? html`<p class="pack-question">${s.question}</p>` : ""}
    <h2>What the figures show</h2>
    ${s.tables.map((t) => tableFigure(t, ++counters.table))}
    ${s.charts.map((c) => chartFigure(c, ++counters.figure))}
    <h2>Commentary</h2>
    <div class="pack-prose"></div>
  </section>`;
  // Commentary is HTML the loader made from the analyst's Markdown (escaped, safe subset).
  content.querySelector(".pack-prose").innerHTML = s.commentaryHtml;
  return content;
}

function questionsPage(d) {
  const item = d.meeting.agenda.find((a) => a.questions);
  const node = html`<section class="pack-page" data-section="questions" id="questions">
    <h1>Public questions</h1>
    <p>Questions sent in by members of the public before the meeting${item ? ` (agenda item ${item.number})` : ""},
      with the answers. Figures in the answers are computed from the same data as the rest of this pack.</p>
    ${d.questions.length === 0 ? html`<p>No public questions were received for this meeting.</p>` : ""}
    ${d.questions.map(() => html`<div class="pack-qa"><h2></h2><div class="pack-prose"></div></div>`)}
  </section>`;
  node.querySelectorAll(".pack-qa").forEach((el, i) => {
    el.querySelector("h2").textContent = d.questions[i].heading;
    el.querySelector(".pack-prose").innerHTML = d.questions[i].answerHtml;
  });
  return node;
}

/** Loads the bundled faces (fonts.css) before anything is drawn, and fails if one is missing: a pack
 * printed in a machine's fallback font would break its lines and pages differently. */
export async function loadPackFonts() {
  const faces = [
    '400 10pt "PSM Arimo"',
    '700 10pt "PSM Arimo"',
    'italic 400 10pt "PSM Arimo"',
    'italic 700 10pt "PSM Arimo"',
    '400 10pt "PSM Cousine"',
    '400 10pt "PSM DejaVu Sans"',
    '700 10pt "PSM DejaVu Sans"'
  ];
  const loaded = await Promise.all(faces.map((f) => document.fonts.load(f, "Aa1→")));
  const missing = faces.filter((f, i) => loaded[i].length === 0);
  if (missing.length) throw new Error(`the pack's bundled fonts did not load: ${missing.join(", ")}`);
}

/**
 * The DRAFT watermark, drawn on a canvas and placed as an image. As text, its letters would be read
 * into the figures by anything using the PDF's text layer (search, copy and paste, screen readers);
 * the running header already says DRAFT in real text on every page.
 */
function watermark() {
  const [w, h] = [1314, 1960]; // the printable area (174 × 259 mm) at twice CSS resolution
  const canvas = document.createElement("canvas");
  Object.assign(canvas, {width: w, height: h});
  const g = canvas.getContext("2d");
  const text = "DRAFT – not for publication";
  const angle = (-32 * Math.PI) / 180;
  // The pack's bundled face (fonts.css), loaded before drawing: a canvas never waits for a font.
  const face = (px) => `bold ${px}px "PSM Arimo", "PSM DejaVu Sans"`;
  g.font = face(100);
  // Scale the type so the rotated line spans 85% of the page width and never runs off it.
  const size = Math.floor((100 * 0.85 * w) / (g.measureText(text).width * Math.cos(angle) + 100 * Math.sin(-angle)));
  g.font = face(size);
  g.translate(w / 2, h / 2);
  g.rotate(angle);
  Object.assign(g, {fillStyle: "rgba(176, 0, 32, 0.13)", textAlign: "center", textBaseline: "middle"});
  g.fillText(text, 0, 0);
  return html`<div class="pack-watermark" aria-hidden="true"><img alt="" src=${canvas.toDataURL("image/png")}></div>`;
}

/** The whole document. `asOf` decides the draft watermark (before release: DRAFT on every page). */
export function renderPack(d, {asOf = new Date()} = {}) {
  const m = d.meeting;
  const draft = asOf.getTime() < new Date(m.releaseAt).getTime();
  document.documentElement.lang = "en-GB";
  document.title = `${m.shortTitle} – ${m.dateLabel}`;
  const counters = {table: 0, figure: 0};
  const entries = [
    {id: "report", title: `Report of the ${m.reportBy}`},
    ...d.sections.map((s) => ({id: s.id, title: s.title, label: `${s.number}.`})),
    {id: "questions", title: "Public questions"},
    {id: "definitions", title: "Appendix A: Definitions and how to read the charts"},
    {id: "sources", title: "Appendix B: The data behind this pack"}
  ];
  const root = html`<div class=${`pack${draft ? " pack--draft" : ""}`} data-meeting=${m.id}>
    ${draft ? watermark() : ""}
    ${cover(m, draft, d.builtAt)}
    ${agendaPage(m, d.sections.length)}
    ${contentsPage(entries)}
    ${reportPage(d)}
    ${d.sections.map((s) => sectionPage(s, counters))}
    ${questionsPage(d)}
    ${definitionsPage(d)}
    ${sourcesPage(d, seq)}
  </div>`;
  // The renderer calls this between its two prints with the page each section starts on.
  window.packSetPageNumbers = (pages) => {
    let n = 0;
    for (const slot of root.querySelectorAll("[data-page-for]")) {
      const p = pages[slot.dataset.pageFor];
      if (p) ((slot.textContent = String(p)), n++);
    }
    return n;
  };
  return root;
}

/** What a figure shows: a chart's plotted points (if its plot was drawn at all), a table's rows. */
function drawn(f) {
  if (f.dataset.suppressed === "true") return 1; // printed as [c] on purpose, with its reason
  if (f.dataset.kind === "chart") return f.querySelector("svg g") ? Number(f.dataset.points ?? 0) : 0;
  return f.querySelectorAll("tbody tr").length;
}

/** Sets data-pack-ready once the pack is in the document, fonts are in and every figure drew marks. */
export async function signalReady(root, expected) {
  const el = document.documentElement;
  try {
    for (let i = 0; !root.isConnected; i++) {
      if (i > 600) throw new Error("the pack was never attached to the page");
      await new Promise(requestAnimationFrame);
    }
    await document.fonts.ready;
    const missing = [];
    for (const id of expected) {
      const f = root.querySelector(`[data-figure="${CSS.escape(id)}"]`);
      const marks = f ? drawn(f) : 0;
      if (f) f.dataset.state = marks > 0 ? "rendered" : "empty";
      if (!marks) missing.push(id);
    }
    if (missing.length) throw new Error(`figures not drawn: ${missing.join(", ")}`);
    await new Promise(requestAnimationFrame);
    el.dataset.packReady = "true";
  } catch (err) {
    el.dataset.packError = err?.message ?? String(err);
  }
}
