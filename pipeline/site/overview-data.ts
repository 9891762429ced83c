// The overview page's data: the next meeting in the calendar, its headline metrics (latest value,
// change on a year before, SPC icons) as at the meeting's data cut-off, and what changed since the
// last meeting — movements, new special-cause signals, annotations, and the files that came in.
import type { DuckDBConnection } from '@duckdb/node-api';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkspacePaths } from '../config.ts';
import { getMetric, type Metric } from '../metrics/catalogue.ts';
import { computeMetrics, type MetricValue } from '../metrics/compute.ts';
import { periodLabel, yearBefore, type Grain } from '../../dashboards/shared/format.ts';
import { readMeetings as readAllMeetings, type Meeting } from '../packs/meeting.ts';
import { formatAnnotationDate, rebasePointsFor, type Annotation } from '../stats/annotations.ts';
import { queryRows } from '../warehouse/duckdb.ts';
import { dashboardsRoot } from './build.ts';
import { aligned, indexValues, loadPeriods, metricMeta, spcSummary, type Cell, type PeriodInfo } from './series.ts';
import type { Audience } from '../settings.ts';
import { themeOf } from './themes.ts';
import { arrivedFiles, meetingAlerts } from '../meetings/attention.ts';
import { changeTest } from './change-tests.ts';

/** Shown when there is no meeting, or the meeting names no metrics: one per theme. */
const fallbackHeadline = ['calls999_answered_10s_pct', 'calls101_answered_60s_pct', 'rasso_positive_outcome_rate_pct', 'vawg_domestic_abuse', 'dvpn_applications', 'dvds_disclosed_within_28d_pct'];

/** Valid meetings by start; a broken meeting file is reported on the page instead of failing it. */
function readMeetings(reports: string): { meetings: Meeting[]; problems: string[] } {
  const { meetings, problems } = readAllMeetings(reports);
  return { meetings: meetings.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime()), problems: problems.map((p) => p.split('\n')[0]!) };
}

const monthOf = (iso: string): string => iso.slice(0, 7);
/** A SQL TIMESTAMP literal's text for an instant (the ledger stores UTC). */
const stamp = (d: Date): string => d.toISOString().slice(0, 19).replace('T', ' ');

/** The latest whole period of a grain ending in or before month `to`. */
function periodTo(periods: PeriodInfo[], to: string): PeriodInfo | undefined {
  return periods.filter((p) => monthOf(p.end) <= to).at(-1);
}

function headlineIds(m: Meeting | undefined): string[] {
  const ids = m ? m.sections.flatMap((s) => [...s.charts.map((c) => c.metric), ...s.tables.flatMap((t) => t.metrics)]) : [];
  const known = [...new Set(ids)].filter((id) => {
    try {
      return Boolean(getMetric(id));
    } catch {
      return false;
    }
  });
  return (known.length ? known : fallbackHeadline).slice(0, 12);
}

function meetingSummary(m: Meeting, now: Date, packPage: boolean) {
  const due = new Date(m.startsAt.getTime() - m.leadDays * 86_400_000);
  return {
    id: m.id, title: m.title, date: m.date, time: m.time, location: m.location, dataTo: m.dataTo,
    dataToLabel: periodLabel('month', m.dataTo), packDue: due.toISOString().slice(0, 10), releaseAt: m.releaseAt,
    status: m.startsAt < now ? 'past' : 'upcoming', sections: m.sections.map((s) => s.title),
    ...(packPage ? { packPath: `/packs/${m.id}` } : {}),
  };
}

/** What the headline cards and "what changed" both read: the metrics computed once, by grain and month. */
interface Computed {
  ids: string[];
  periods: Awaited<ReturnType<typeof loadPeriods>>;
  months: PeriodInfo[];
  computed: MetricValue[];
  index: ReturnType<typeof indexValues>;
  /** Unsuppressed, for the control charts only: never written out. */
  raw: ReturnType<typeof indexValues>;
  audience: Audience;
  /** For the rebase points of the control charts. */
  annotations: Annotation[];
}

/** A metric's value at its default grain's latest whole period ending by month `to`, with the year before and its test. */
function valueAt(c: Computed, m: Metric, to: string) {
  const grain = m.defaultGrain as Grain;
  const p = periodTo(c.periods[grain], to);
  const cells = aligned(c.index, m.id, grain, 'force', c.periods[grain]);
  const v = (x?: PeriodInfo): Cell => (x ? (cells[c.periods[grain].indexOf(x)] ?? null) : null);
  const before = p ? yearBefore(c.periods[grain], p) : undefined;
  const row = (x?: PeriodInfo) => (x ? c.computed.find((r) => r.metric === m.id && r.grain === grain && r.period === x.id && r.area === 'force') : undefined);
  return { grain, p, value: v(p), before, v, row: row(p), test: changeTest(m, row(p), row(before), c.audience) };
}

const monthlySpc = (c: Computed, m: Metric) =>
  spcSummary(m, c.months, aligned(c.index, m.id, 'month', 'force', c.months), aligned(c.raw, m.id, 'month', 'force', c.months), rebasePointsFor(m.id, c.annotations));

function headlineCard(c: Computed, id: string, dataTo: string) {
  const m = getMetric(id);
  const { grain, p, value, before, v, test } = valueAt(c, m, dataTo);
  const spc = monthlySpc(c, m);
  const theme = themeOf(id);
  const query = new URLSearchParams({ metric: id, grain, period: p?.id ?? '', area: 'force' });
  return {
    ...metricMeta(m, ['force']),
    grain, period: p?.id ?? null, periodLabel: p ? periodLabel(grain, p.id) : 'no complete period',
    value, previous: before ? { value: v(before), label: periodLabel(grain, before.id), test } : null,
    variation: spc.variation, direction: spc.direction, assurance: spc.assurance, description: spc.description,
    spark: aligned(c.index, id, 'month', 'force', c.months).slice(-24).map((x) => (typeof x === 'number' ? x : null)),
    sparkFrom: c.months.slice(-24)[0]?.id ?? null,
    href: theme ? `.${theme.path}?${query}` : null,
    theme: theme?.title ?? null,
  };
}

/** Since the last meeting: movements, new special-cause signals, the analyst's events, the files received. */
async function changesSince(conn: DuckDBConnection, c: Computed, since: { previous: Meeting; prevTo: string; dataTo: string; now: Date }, annotations: Annotation[]) {
  const { previous, prevTo, dataTo, now } = since;
  const movements = c.ids.flatMap((id) => {
    const m = getMetric(id);
    const then = valueAt(c, m, prevTo);
    const nowAt = valueAt(c, m, dataTo);
    if (!then.p || !nowAt.p || then.p.id === nowAt.p.id) return [];
    return [{ id, title: m.title, unit: m.unit, decimals: metricMeta(m, []).decimals, polarity: m.polarity, grain: then.grain,
      then: { period: periodLabel(then.grain, then.p.id), value: then.value }, now: { period: periodLabel(nowAt.grain, nowAt.p.id), value: nowAt.value },
      // Better or worse only if significant: the tiles' tests (change-tests.ts), now against the last meeting's period.
      test: changeTest(m, nowAt.row, then.row, c.audience) }];
  });
  const signals = c.ids.flatMap((id) => {
    const m = getMetric(id);
    const spc = monthlySpc(c, m);
    const fresh = c.months.flatMap((mo, i) => (mo.id > prevTo && 'icn'.includes(spc.special[i]!) ? [{ month: mo.id, cause: spc.special[i] }] : []));
    return fresh.length ? [{ id, title: m.title, months: fresh.map((f) => periodLabel('month', f.month)), cause: fresh.at(-1)!.cause === 'i' ? 'improvement' : fresh.at(-1)!.cause === 'c' ? 'concern' : 'neither' }] : [];
  });
  const events = annotations
    .filter((a) => monthOf(a.date) > prevTo && monthOf(a.date) <= dataTo)
    .map((a) => ({ date: a.date, when: formatAnnotationDate(a), label: a.label, metrics: a.metrics }));
  const files = await queryRows<{ extract: string; files: number; loaded: number; quarantined: number; latest: string | null }>(
    conn,
    `SELECT extract, count(*)::INTEGER AS files, sum(loaded)::BIGINT::DOUBLE AS loaded, sum(quarantined)::BIGINT::DOUBLE AS quarantined,
            strftime(max(period_end), '%Y-%m-%d') AS latest
     FROM ledger WHERE received_at > TIMESTAMP '${stamp(previous.startsAt)}' AND received_at <= TIMESTAMP '${stamp(now)}'
     GROUP BY extract ORDER BY extract`,
  );
  return { since: meetingSummary(previous, now, false), sinceData: periodLabel('month', prevTo), movements, signals, events, files };
}

/** `now` chooses the next meeting (PSM_NOW pins it, so a rebuilt demo site reads the same). */
export async function overviewData(conn: DuckDBConnection, paths: WorkspacePaths, annotations: Annotation[], asOf: string | null, site: { audience: Audience; now: Date }) {
  const { audience, now } = site;
  const { meetings, problems } = readMeetings(paths.reports);
  const upcoming = meetings.filter((m) => m.startsAt >= now);
  const next = upcoming[0] ?? meetings.at(-1);
  const previous = next ? meetings.filter((m) => m.startsAt < next.startsAt).at(-1) : undefined;
  const periods = await loadPeriods(conn);
  const lastMonth = periods.month.at(-1)?.id ?? '0000-00';
  const clamp = (ym: string) => (ym < lastMonth ? ym : lastMonth);
  const dataTo = clamp(next?.dataTo ?? lastMonth);
  const prevTo = previous ? clamp(previous.dataTo) : undefined;
  const ids = headlineIds(next);
  const computed = await computeMetrics(conn, { metrics: ids, area: 'force' });
  const c: Computed = {
    ids, periods, computed, audience, annotations, months: periods.month.filter((p) => p.id <= dataTo),
    index: indexValues(computed, audience), raw: indexValues(computed, 'analyst'),
  };
  const headline = ids.map((id) => headlineCard(c, id, dataTo));
  const changes = previous && prevTo ? await changesSince(conn, c, { previous, prevTo, dataTo, now }, annotations) : null;

  const packPage = existsSync(join(dashboardsRoot, 'packs', '[meeting].md'));
  return {
    asOf,
    audience,
    now: now.toISOString(),
    next: next ? { ...meetingSummary(next, now, packPage), isPast: next.startsAt < now, dataToUsed: periodLabel('month', dataTo) } : null,
    headline,
    changes,
    calendar: meetings.map((m) => meetingSummary(m, now, packPage)),
    problems,
    // Failed packs and packs older than their data, as psm status says them (meetings/attention.ts).
    alerts: meetingAlerts(paths, await arrivedFiles(conn), now),
  };
}
