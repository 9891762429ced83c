// The overview page's blocks: the meeting card, the headline tiles and "what changed since the
// last meeting", from data/overview.json.
import {html} from "htl";
import {comparisonTable} from "./comparisonTable.js";
import {sparkData} from "./chartData.js";
import {dayLabel, formatNumber, formatValue} from "../shared/format.js";
import {change} from "./change.js";
import {changeVerdict, kpiTile} from "./kpiTile.js";

export function meetingCard(next) {
  if (!next) return html`<p class="psm-note">No meetings are in the calendar yet: add a folder with a meeting.json under reports/.</p>`;
  const badge = next.isPast
    ? html`<span class="psm-badge psm-badge-past">Most recent meeting · none scheduled after it</span>`
    : html`<span class="psm-badge">Next meeting</span>`;
  return html`<div class="psm-meeting">
    <div>
      ${badge}
      <h2>${next.title}</h2>
      <dl class="psm-facts">
        <dt>When</dt><dd>${dayLabel(next.date)}, ${next.time}</dd>
        <dt>Where</dt><dd>${next.location}</dd>
        <dt>Reports on</dt><dd>data to the end of ${next.dataToUsed}</dd>
        <dt>Pack printed</dt><dd>${dayLabel(next.packDue)} · released ${dayLabel(next.releaseAt.slice(0, 10))} at ${next.releaseAt.slice(11)}</dd>
        <dt>Sections</dt><dd>${next.sections.join(" · ")}</dd>
      </dl>
    </div>
    ${next.packPath ? html`<a class="psm-button" href=${`.${next.packPath}`}>Open the pack’s print layout</a>` : ""}
  </div>`;
}

export function headlineTiles(headline) {
  return html`<div class="psm-tiles">${headline.map((h) => kpiTile(h))}</div>${sparkData(headline, {filename: "headline-measures-by-month.csv"})}`;
}

function movementRows(changes) {
  return changes.movements.map((m) => {
    const c = change(m.now.value, m.then.value, m.unit);
    // "better" or "worse" only when the change is significant (the loader's test), as on the tiles.
    const verdict = changeVerdict(c, {polarity: m.polarity, previous: {test: m.test}});
    return {
      title: m.title,
      then: m.then.value,
      thenPeriod: m.then.period,
      now: m.now.value,
      nowPeriod: m.now.period,
      change: c?.diff ?? null,
      changeText: c ? `${c.text}${verdict.text ? ` (${verdict.text})` : ""}` : "–",
      m
    };
  });
}

export function changesSince(changes) {
  if (!changes)
    return html`<p class="psm-note">This is the first meeting in the calendar: there is no earlier meeting to compare with.</p>`;
  const fmt = (r) => (v) => formatValue(v, r.m.unit, {decimals: r.m.decimals});
  const rows = movementRows(changes);
  const table = rows.length
    ? comparisonTable(rows, {
        columns: [
          {key: "title", label: "Measure", wrap: true},
          {
            key: "then",
            label: "At the last meeting",
            align: "right",
            format: (v, r) => html`${fmt(r)(v)}<br><small>${r.thenPeriod}</small>`,
            csvValue: (r) => r.then
          },
          {
            key: "now",
            label: "Now",
            align: "right",
            format: (v, r) => html`${fmt(r)(v)}<br><small>${r.nowPeriod}</small>`,
            csvValue: (r) => r.now
          },
          {key: "change", label: "Change", align: "right", format: (v, r) => r.changeText, csvValue: (r) => r.change}
        ],
        rowHeader: "title",
        caption: `Headline measures as the last meeting saw them (data to ${changes.sinceData}) and now: “better” or “worse” only where the change is statistically significant.`,
        filename: "changes-since-last-meeting.csv"
      })
    : html`<p class="psm-note">No headline measure has a newer complete period than at the last meeting.</p>`;
  const signals = changes.signals.length
    ? html`<ul class="psm-changes">${changes.signals.map((s) => html`<li><strong>${s.title}</strong>: ${s.cause === "neither" ? "unusual variation (neither better nor worse in itself)" : `special cause of ${s.cause}`} in ${s.months.join(", ")}.</li>`)}</ul>`
    : html`<p class="psm-note">No new special-cause signals in the headline measures since ${changes.sinceData}: any movement is within normal variation.</p>`;
  const events = changes.events.length
    ? html`<ul class="psm-changes">${changes.events.map((e) => html`<li><strong>${e.when}</strong>: ${e.label}</li>`)}</ul>`
    : html`<p class="psm-note">No annotated events since ${changes.sinceData}.</p>`;
  const files = changes.files.length
    ? html`<ul class="psm-changes">${changes.files.map((f) => html`<li><strong>${f.extract}</strong>: ${f.files} file${f.files === 1 ? "" : "s"}, ${formatNumber(f.loaded)} rows loaded${f.quarantined ? `, ${formatNumber(f.quarantined)} quarantined` : ""}${f.latest ? `; data to ${dayLabel(f.latest)}` : ""}</li>`)}</ul>`
    : html`<p class="psm-note">No new extract files since the last meeting.</p>`;
  return html`<div>
    <p class="psm-lede">Since <strong>${changes.since.title}</strong> (${dayLabel(changes.since.date)}), which reported data to ${changes.sinceData}.</p>
    ${table}
    <div class="psm-grid2" style="margin-top:14px">
      <div><h3>New signals</h3>${signals}</div>
      <div><h3>Events noted</h3>${events}<h3>New data received</h3>${files}</div>
    </div>
  </div>`;
}

export function calendarTable(calendar) {
  return comparisonTable(
    calendar.map((m) => ({...m, dateText: `${dayLabel(m.date)} ${m.time}`})),
    {
      columns: [
        {key: "date", label: "Date", format: (v, r) => r.dateText},
        {key: "title", label: "Meeting", wrap: true, format: (v, r) => (r.packPath ? html`<a href=${`.${r.packPath}`}>${v}</a>` : v)},
        {key: "dataTo", label: "Data to", format: (v, r) => r.dataToLabel},
        {key: "packDue", label: "Pack printed", format: (v) => dayLabel(v)},
        {key: "status", label: "Status", format: (v) => (v === "past" ? "Held" : "Upcoming")}
      ],
      rowHeader: "title",
      sort: {key: "date", desc: true},
      caption: `${calendar.length} meeting${calendar.length === 1 ? "" : "s"} in the calendar.`,
      filename: "meetings.csv"
    }
  );
}
