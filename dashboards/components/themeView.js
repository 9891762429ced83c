// The parts of a theme page, built from the theme's JSON and the filter state: the KPI tiles, the
// SPC chart of the selected metric, the comparison by area and the year-ending table. The pages
// stay a few lines each; this turns the compact loader format into what the components take.
import {html} from "htl";
import {areaFunnel, compareAt, compareNote, countCiAt, countNote, intervalText} from "./areaCompare.js";
import {comparisonTable} from "./comparisonTable.js";
import {formatValue, isNumber, periodLabel, shiftMonth, yearBefore as yearBeforeIn} from "../shared/format.js";
import {change, isGood} from "./change.js";
import {kpiTile} from "./kpiTile.js";
import {spcChart} from "./spcChart.js";
import {sparkData, spcData} from "./chartData.js";
import {yearEndingTable} from "./yearEndingTable.js";

const CAUSE = {i: "improvement", c: "concern", n: "neither"};

export const metricOf = (data, id) => data.metrics.find((m) => m.id === id);
export const areaName = (data, a) => data.areas.find((x) => x.area === a)?.name ?? a;

/** The same period a year earlier: same grain, ending twelve months before. */
export function yearBefore(data, grain, periodId) {
  const periods = data.periods[grain];
  const p = periods.find((x) => x.id === periodId);
  return p ? (yearBeforeIn(periods, p) ?? null) : null;
}

export function valueAt(data, metric, grain, area, periodId) {
  const i = data.periods[grain].findIndex((p) => p.id === periodId);
  return i < 0 ? null : (metric.values[grain]?.[area]?.[i] ?? null);
}

const labelOf = (grain, p) => periodLabel(grain, p.id);

/** The loader's significance letter for the change on a year before ('s', '.', '-', ' '), or undefined. */
function testAt(data, metric, grain, area, periodId) {
  const i = data.periods[grain].findIndex((p) => p.id === periodId);
  return i < 0 ? undefined : metric.changeTest?.[grain]?.[area]?.[i];
}

/** The tile data of one metric at the state's grain, period and area (falling back to force). */
export function tileData(data, metric, state, href) {
  const area = metric.areas.includes(state.area) ? state.area : "force";
  const grain = state.grain;
  const p = data.periods[grain].find((x) => x.id === state.period);
  const before = yearBefore(data, grain, state.period);
  const spc = metric.spc[area];
  const months = data.periods.month;
  const endIdx = months.findIndex((m) => m.end === p?.end);
  const startIdx = Math.max(0, (endIdx < 0 ? months.length : endIdx + 1) - 24);
  const spark = (metric.values.month[area] ?? []).slice(startIdx, endIdx < 0 ? undefined : endIdx + 1);
  return {
    id: metric.id,
    title: metric.title,
    value: valueAt(data, metric, grain, area, state.period),
    unit: metric.unit,
    decimals: metric.decimals,
    polarity: metric.polarity,
    target: metric.target,
    periodLabel: `${p ? labelOf(grain, p) : state.period}${area === "force" ? "" : ` · ${areaName(data, area)}`}`,
    previous: before
      ? {
          value: valueAt(data, metric, grain, area, before.id),
          label: periodLabel(grain, before.id),
          test: testAt(data, metric, grain, area, state.period)
        }
      : null,
    variation: spc?.variation,
    direction: spc?.direction,
    assurance: spc?.assurance,
    // A line through the months that happen to be publishable would misdraw the series: none at all.
    spark: spark.includes("c") ? [] : spark.map((v) => (isNumber(v) ? v : null)),
    sparkFrom: months[startIdx]?.id ?? null,
    href
  };
}

export function tiles(data, state, {onSelect} = {}) {
  const shown = data.metrics.map((m) => tileData(data, m, state, `?${new URLSearchParams({...state, metric: m.id})}`));
  const where =
    state.area === "force"
      ? "for the force"
      : `for ${areaName(data, state.area)} (the force's, for a measure published for the force only)`;
  return html`<div class="psm-tiles">${shown.map((t) => kpiTile(t, {selected: t.id === state.metric, onSelect}))}</div>${sparkData(shown, {
    filename: `${data.theme.id}_${state.area}_by_month.csv`,
    where
  })}`;
}

/** The selected period's months inside the chart's window, or null when it lies wholly before it. */
const clip = (span, from) => (!span || span.end < from ? null : {start: span.start < from ? from : span.start, end: span.end});

/** The SPC chart of the selected metric and area, over the window its limits are judged on, with the selected period shaded. */
export function spc(data, state, {width}) {
  const m = metricOf(data, state.metric);
  const area = m.areas.includes(state.area) ? state.area : "force";
  const s = m.spc[area];
  const p = data.periods[state.grain].find((x) => x.id === state.period);
  // The months the limits are worked out over (the packs' window too), not the whole history.
  const points = data.periods.month.flatMap((mo, i) => {
    if (s.from === null || mo.id < s.from) return [];
    const v = m.values.month[area][i];
    return [{period: mo.id, value: isNumber(v) ? v : null, special: CAUSE[s.special[i]] ?? null}];
  });
  const where = area === "force" ? "" : `, ${areaName(data, area)}`;
  if (s.suppressed) {
    return html`<figure class="psm-chart psm-spc"><figcaption class="psm-message">${s.description.replace(m.title, `${m.title}${where}`)}</figcaption></figure>`;
  }
  const chart = {
    title: `${m.title}${where}`,
    unit: m.unit,
    decimals: m.decimals,
    polarity: m.polarity,
    target: m.target,
    points,
    mean: s.mean,
    upper: s.upper,
    lower: s.lower,
    segments: s.segments,
    annotations: m.annotations,
    highlight: clip(
      p && state.grain !== "month" ? {start: p.start.slice(0, 7), end: p.end.slice(0, 7)} : p ? {start: p.id, end: p.id} : null,
      s.from
    ),
    description: area === "force" ? s.description : s.description.replace(m.title, `${m.title}${where}`)
  };
  return html`<div class="psm-chart-block">${spcChart(chart, {width})}${spcData(chart, {filename: `${m.id}_month_${area}.csv`})}</div>`;
}

/** The "By area" table: each area with its 95% interval (a rate's or a count's) and the note on how it was worked out. */
function byArea(data, m, state, {rows, columns, now}) {
  const fmt = (v) => formatValue(v, m.unit, {decimals: m.decimals});
  const cmp = m.compare ? compareAt(data, m, state) : null;
  const counts = countCiAt(data, m, state);
  const ciOf = (area) => (counts ? counts[area] : area === "force" ? cmp?.forceCi : cmp?.areas.find((a) => a.area === area)?.ci) ?? null;
  for (const r of rows) r.ci = ciOf(r.area);
  const ranked = rows.filter((r) => r.area !== "force" && isNumber(r.value)).sort((a, b) => b.value - a.value);
  const caption = ranked.length
    ? `${m.title}, ${now}: highest in ${ranked[0].label} (${fmt(ranked[0].value)}), lowest in ${ranked.at(-1).label} (${fmt(ranked.at(-1).value)}); force ${fmt(rows[0].value)}.`
    : `${m.title}, ${now}: values by area.`;
  if (m.compare || counts) {
    // The interval sorts by its low end; the CSV gives both ends.
    for (const r of rows) r.ciLow = r.value === "c" ? "c" : r.ci ? r.ci[1] : null;
    columns.splice(2, 0, {
      key: "ciLow",
      label: "95% interval",
      align: "right",
      format: (v, r) => intervalText(r.value, r.ci, r.metric),
      csvValue: (r) => (r.value === "c" ? "c" : r.ci ? `${r.ci[1]} to ${r.ci[2]}` : null)
    });
  }
  const table = comparisonTable(rows, {
    columns,
    caption,
    rowHeader: "label",
    filename: `${m.id}_${state.grain}_${state.period.replace("/", "-")}_by_area.csv`
  });
  if (counts) return html`<div class="psm-compare">${table}${countNote(m, state)}</div>`;
  return m.compare ? html`<div class="psm-compare">${table}${compareNote(cmp, m, state)}</div>` : table;
}

/** Areas side by side for the selected metric and period; force-only metrics get every metric instead. */
export function comparison(data, state) {
  const m = metricOf(data, state.metric);
  const before = yearBefore(data, state.grain, state.period);
  const p = data.periods[state.grain].find((x) => x.id === state.period);
  const now = p ? labelOf(state.grain, p) : state.period;
  const was = before ? periodLabel(state.grain, before.id) : "a year before";
  const row = (metric, area, label) => {
    const v = valueAt(data, metric, state.grain, area, state.period);
    const b = before ? valueAt(data, metric, state.grain, area, before.id) : null;
    const c = change(v, b, metric.unit);
    return {
      label,
      area,
      value: v,
      before: b,
      change: c ? c.diff : null,
      changeText: c?.text ?? "–",
      metric,
      _class: area === state.area && label !== undefined && m.areas.length > 1 ? "psm-row-selected" : ""
    };
  };
  const fmtOf = (r) => (v) => formatValue(v, r.metric.unit, {decimals: r.metric.decimals});
  const columns = (first) => [
    {key: "label", label: first},
    {key: "value", label: now, align: "right", format: (v, r) => fmtOf(r)(v)},
    {key: "before", label: was, align: "right", format: (v, r) => fmtOf(r)(v)},
    {key: "change", label: "Change", align: "right", format: (v, r) => r.changeText, csvValue: (r) => r.change}
  ];
  if (m.areas.length > 1)
    return byArea(data, m, state, {rows: m.areas.map((a) => row(m, a, areaName(data, a))), columns: columns("Area"), now});
  const rows = data.metrics.map((x) => row(x, "force", x.title));
  // Better or worse only where the change is significant (the loader's test, as on the tiles).
  const significant = (r) => testAt(data, r.metric, state.grain, "force", state.period) === "s";
  const verdicts = rows.map((r) => (r.change === null || r.change === 0 || !significant(r) ? null : isGood(r.change, r.metric.polarity)));
  const better = verdicts.filter((v) => v === true).length;
  const worse = verdicts.filter((v) => v === false).length;
  return comparisonTable(rows, {
    columns: columns("Metric"),
    caption: `${data.theme.title}, force-wide, ${now} against ${was}: ${better} measure${better === 1 ? "" : "s"} significantly better, ${worse} significantly worse, ${rows.length - better - worse} with no significant change, no test or no better direction.`,
    rowHeader: "label",
    filename: `${data.theme.id}_${state.grain}_${state.period.replace("/", "-")}.csv`
  });
}

/** The funnel plot of the selected rate metric against the force (areaCompare.js), or nothing (an empty fragment: display("") would print ""). */
export function funnel(data, state, {width}) {
  const m = metricOf(data, state.metric);
  return (m.compare && areaFunnel(data, m, state, {width})) || document.createDocumentFragment();
}

/** The force's year-ending table at the month the selected period ends. */
export function yearEnding(data, state, {width}) {
  const spec = data.yearEnding;
  if (!spec) return "";
  const end = data.periods[state.grain].find((x) => x.id === state.period)?.end ?? data.periods.r12.at(-1).end;
  const month = end.slice(0, 7);
  const r12 = data.periods.r12;
  const ids = [0, -12, -24].map((n) => shiftMonth(`${month}-01`, n));
  const periods = ids.map((id) => r12.find((p) => p.id === id));
  if (periods.some((p) => !p))
    return html`<p class="psm-note">The year-ending table needs three full years of data up to ${periodLabel("month", month)}.</p>`;
  const short = (id) => periodLabel("month", id).replace(/ (\d\d)(\d\d)$/, " $2");
  const area = state.area;
  return yearEndingTable(
    {
      title: `${spec.title}${area === "force" ? "" : `, ${areaName(data, area)}`}`,
      rowLabel: spec.rowLabel,
      unit: "count",
      periods: periods.map((p) => ({id: p.id, label: periodLabel("r12", p.id), short: short(p.id)})),
      rows: spec.metrics.map((id) => {
        const m = metricOf(data, id);
        const a = m.areas.includes(area) ? area : "force";
        return {
          metric: id,
          title: m.title.replace(/ (against|of) women and girls$/i, ""),
          values: periods.map((p) => valueAt(data, m, "r12", a, p.id))
        };
      })
    },
    {width}
  );
}

/** The selected metric's definition under its chart heading, linked to the definitions page. */
export function metricIntro(metric) {
  return html`<p class="psm-lede">${metric.definition} <a href=${`./definitions#${metric.id}`}>Definition and method</a></p>`;
}
