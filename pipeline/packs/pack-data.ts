// Everything the pack page draws, computed in one pass over the published warehouse: the loader
// (dashboards/data/packs/[meeting].json.ts) writes it as JSON, the renderer reads its figure list
// and sources for the manifest. Aggregates only: metric values, limits, ledger file entries.
import type { DuckDBConnection } from '@duckdb/node-api';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir } from '../config.ts';
import { ruleText } from '../disclosure/rules.ts';
import { catalogue, type Metric } from '../metrics/catalogue.ts';
import { metricSql } from '../metrics/compute.ts';
import { loadAnnotations } from '../stats/annotations.ts';
import { queryRows, sqlString } from '../warehouse/duckdb.ts';
import { collectRefs, renderProse } from './commentary.ts';
import { monthLabel } from '../../dashboards/shared/format.ts';
import { buildChart, buildTable, FigureError, latestText, type Values } from './figures.ts';
import { expectedFigures, loadMeeting, type Meeting } from './meeting.ts';
import { cachedMetrics, type MetricCache } from './metric-cache.ts';
import type { PackData, PackMeeting, PackSource } from './pack-types.ts';
import { checkRef, valueKey, type ResolveContext } from './prose.ts';

/** A fingerprint of every definition and its SQL: the manifest says which catalogue made the figures. */
export function catalogueVersion(): string {
  const h = createHash('sha256').update(JSON.stringify(catalogue));
  // The SQL as it runs (roll-up included), so any change to how a figure is computed changes the version.
  for (const m of catalogue) h.update(metricSql(m.id));
  return h.digest('hex');
}

const longDate = (d: Date): string =>
  d.toLocaleDateString('en-GB', { timeZone: 'Europe/London', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
const clock = (d: Date): string =>
  d
    .toLocaleTimeString('en-GB', { timeZone: 'Europe/London', hour: 'numeric', minute: '2-digit', hour12: true })
    .replace(/\s?([ap])m$/i, ' $1m');
const monthLong = (ym: string): string =>
  new Date(`${ym}-15T00:00:00Z`).toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

function meetingFacts(m: Meeting): PackMeeting {
  return {
    id: m.id,
    title: m.title,
    shortTitle: m.shortTitle,
    dateLabel: longDate(m.startsAt),
    timeLabel: clock(m.startsAt),
    startsAt: m.startsAt.toISOString(),
    location: m.location,
    reportBy: m.reportBy,
    contact: m.contact,
    distribution: m.distribution,
    protectiveMarking: m.protectiveMarking,
    releaseAt: m.releaseInstant.toISOString(),
    releaseLabel: `${clock(m.releaseInstant)} on ${longDate(m.releaseInstant)}`,
    dataTo: m.dataTo,
    dataToLabel: monthLong(m.dataTo),
    purpose: m.purpose,
    recommendation: m.recommendation,
    agenda: m.agenda.map((a, i) => ({ number: i + 1, title: a.title, lead: a.lead, report: a.report, questions: a.questions })),
  };
}

/** The metrics a meeting uses, checked against the catalogue (errors name meeting.json). */
function usedMetrics(m: Meeting, refs: { metric: string }[], byId: Map<string, Metric>): Metric[] {
  const file = join(m.dir, 'meeting.json');
  const ids = new Set<string>();
  for (const s of m.sections) {
    for (const id of [...s.tables.flatMap((t) => t.metrics), ...s.charts.map((c) => c.metric)]) {
      if (!byId.has(id)) throw new FigureError(`${file}: section "${s.id}" names unknown metric "${id}"`);
      ids.add(id);
    }
  }
  for (const r of refs) ids.add(r.metric);
  return catalogue.filter((c) => ids.has(c.id));
}

/** The files behind the figures: every ledger entry of an extract these metrics read that still holds rows. */
export async function packSources(conn: DuckDBConnection, extracts: string[]): Promise<PackSource[]> {
  if (!extracts.length) return [];
  return queryRows<PackSource>(
    conn,
    `SELECT file, extract, sha256,
      data_rows::INTEGER AS rows, (loaded - superseded)::INTEGER AS loaded, quarantined::INTEGER AS quarantined,
      strftime(period_start, '%Y-%m-%d') AS "periodStart", strftime(period_end, '%Y-%m-%d') AS "periodEnd",
      strftime(received_at, '%Y-%m-%dT%H:%M:%S') AS "receivedAt"
    FROM ledger WHERE extract IN (${extracts.map(sqlString).join(', ')}) AND loaded - superseded > 0
    ORDER BY extract, period_start NULLS LAST, received_at, file`,
  );
}

export interface PackDataOptions {
  reportsDir: string;
  /** When the pack is built: stamped on the cover and appendix. */
  now?: Date;
  annotationsPath?: string;
  /** Keep the computed figures between loader runs (psm preview: packs/metric-cache.ts). */
  metricCache?: MetricCache;
}

/** Every reference and area checked before the (slower) computation, so a typo fails fast with its line. */
function checkBeforeComputing(
  m: Meeting,
  refs: ReturnType<typeof collectRefs>,
  metrics: ResolveContext['metrics'],
  areaNames: Map<string, string>,
): void {
  for (const r of refs) checkRef(r, { metrics, areas: new Set(areaNames.keys()) });
  for (const s of m.sections) {
    for (const a of [...s.tables.map((t) => t.area), ...s.charts.map((c) => c.area)]) {
      if (a !== 'force' && !areaNames.has(a))
        throw new FigureError(`${join(m.dir, 'meeting.json')}: section "${s.id}" names unknown area "${a}"`);
    }
  }
}

/** The pack's summary table: each chart's latest value and year-on-year change. */
function summaryRows(sections: { id: string; charts: ReturnType<typeof buildChart>[] }[], byId: Map<string, Metric>) {
  return sections.flatMap((s) =>
    s.charts.map((c) => {
      const last = [...c.points].reverse().find((p) => p.value !== null);
      const metric = byId.get(c.metric)!;
      return {
        section: s.id,
        chart: c.id,
        title: c.title,
        latest: last ? latestText(last.value!, metric.unit) : '–',
        latestLabel: `${last ? monthLabel(last.period) : ''}${c.area === 'force' ? '' : `, ${c.areaLabel}`}`,
        variation: c.variation,
        direction: c.direction,
        assurance: c.assurance,
        yearOnYear: c.yearOnYear?.short ?? null,
      };
    }),
  );
}

export async function buildPackData(conn: DuckDBConnection, meetingId: string, opts: PackDataOptions): Promise<PackData> {
  const m = loadMeeting(opts.reportsDir, meetingId);
  const byId = new Map(catalogue.map((c) => [c.id, c]));
  const areaRows = await queryRows<{ area: string; area_name: string }>(conn, 'SELECT area, area_name FROM areas ORDER BY area');
  const areaNames = new Map(areaRows.map((a) => [a.area, a.area_name]));
  const refs = collectRefs(m, opts.reportsDir);
  const metricsCtx = new Map(catalogue.map((c) => [c.id, { unit: c.unit, areas: c.areas }]));
  checkBeforeComputing(m, refs, metricsCtx, areaNames);
  const used = usedMetrics(m, refs, byId);
  const version = catalogueVersion();
  // One query for every value the pack needs; filtering by grain/period happens in the lookups.
  const rows = await cachedMetrics(
    conn,
    used.map((u) => u.id),
    version,
    opts.metricCache,
  );
  const values: Values = new Map(rows.map((r) => [valueKey(r.metric, r.grain, r.period, r.area), r]));
  const ctx: ResolveContext = { metrics: metricsCtx, areas: new Set(areaNames.keys()), values };
  const prose = renderProse(m, opts.reportsDir, ctx);
  const annotationsFile = opts.annotationsPath ?? join(dataDir, 'annotations.json');
  const annotations = existsSync(annotationsFile) ? loadAnnotations(annotationsFile) : [];
  const where = join(m.dir, 'meeting.json');

  const sections = m.sections.map((s, i) => ({
    id: s.id,
    number: i + 1,
    title: s.title,
    question: s.question,
    tables: s.tables.map((t) => buildTable(s.id, t, byId, values, `${where}, section "${s.id}"`)),
    charts: s.charts.map((c) =>
      buildChart(s.id, c, byId.get(c.metric)!, values, m.dataTo, c.area === 'force' ? 'Force' : areaNames.get(c.area)!, annotations),
    ),
    commentaryHtml: prose.commentary.get(s.id) ?? '',
  }));
  const summary = summaryRows(sections, byId);
  const extracts = [...new Set(used.flatMap((u) => u.sources))].sort();
  return {
    meeting: meetingFacts(m),
    builtAt: (opts.now ?? new Date()).toISOString(),
    catalogueVersion: version,
    sections,
    questions: prose.questions,
    definitions: used.map((u) => ({
      id: u.id,
      title: u.title,
      definition: u.definition,
      unit: u.unit,
      polarity: u.polarity,
      target: u.target ?? null,
      method: u.method,
      sources: u.sources,
      caveats: u.caveats,
    })),
    disclosure: ruleText,
    sources: await packSources(conn, extracts),
    figures: expectedFigures(m),
    summary,
  };
}
