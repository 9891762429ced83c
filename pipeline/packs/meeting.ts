// A meeting is a folder reports/<meeting-id>/: meeting.json (the calendar entry and what the pack
// shows), sections/<section-id>.md (the analyst's commentary) and questions.md (public questions
// and answers). The schema is strict so that a typo in a hand-edited file fails loudly at the
// next run, days before the pack is due, rather than silently dropping a chart from a paper.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { londonToUtc } from '../time/london-time.ts';
import { formats, validPeriod } from './prose.ts';
import { SPC_MONTHS } from '../stats/monthly-spc.ts';

const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lower-case words joined by hyphens');
const localDate = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'a date as YYYY-MM-DD');
const localTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a 24-hour time as HH:MM');
const localDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$/, 'a London date and time as YYYY-MM-DDTHH:MM');
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM');
const metricId = z.string().regex(/^[a-z][a-z0-9_]*$/, 'a metric id from the catalogue');
const area = z
  .string()
  .regex(/^(force|[A-Z]{2})$/, '"force" or a two-letter area code')
  .default('force');

/** A control chart of one metric: monthly points ending at the pack's dataTo. */
export const chartSchema = z.strictObject({
  metric: metricId,
  // Monthly only: XmR limits need many points, and rolling or yearly figures overlap each other.
  grain: z.literal('month').default('month'),
  /** How many periods back from dataTo: enough for stable limits, short enough to stay relevant. */
  periods: z.number().int().min(6).max(120).default(SPC_MONTHS),
  area,
  title: z.string().optional(),
});

/** A table in the style the force already uses: metrics by period, with % change on the first. */
export const tableSchema = z.strictObject({
  id: slug,
  title: z.string().min(1),
  metrics: z.array(metricId).min(1),
  grain: z.enum(['month', 'quarter', 'fy', 'cy', 'r12', 'fytd']),
  /** Latest first: changes are reported from each earlier period to the first. */
  periods: z.array(z.string().min(1)).min(1),
  area,
  /** metrics as rows (the VAWG table) or periods as rows (the 999 table). */
  rows: z.enum(['metrics', 'periods']).default('metrics'),
  change: z.boolean().default(true),
  /** How a metric's figures print in this table, where its unit's default will not do (e.g. pct2). */
  formats: z.record(z.string(), z.enum(formats)).optional(),
  note: z.string().optional(),
});

const sectionSchema = z.strictObject({
  id: slug,
  title: z.string().min(1),
  /** One line under the heading saying what the section answers. */
  question: z.string().optional(),
  tables: z.array(tableSchema).default([]),
  charts: z.array(chartSchema).default([]),
});

const agendaItemSchema = z.strictObject({
  title: z.string().min(1),
  /** Who speaks to it; printed beside the item. */
  lead: z.string().optional(),
  /** This item is the report: the pack's sections follow it. */
  report: z.boolean().default(false),
  /** This item takes the public questions. */
  questions: z.boolean().default(false),
});

export const meetingSchema = z.strictObject({
  title: z.string().min(1),
  /** Printed in the running header, where the full title would not fit. */
  shortTitle: z.string().min(1).max(70),
  date: localDate,
  time: localTime,
  /** Meetings are held in England; the field exists so the file says so rather than assuming. */
  timezone: z.literal('Europe/London').default('Europe/London'),
  location: z.string().default('Virtual'),
  reportBy: z.string().default('Chief Constable'),
  contact: z.string().optional(),
  distribution: z.array(z.string()).default([]),
  /** Government Security Classification of the paper, printed top and bottom of every page. */
  protectiveMarking: z.enum(['OFFICIAL', 'OFFICIAL-SENSITIVE']).default('OFFICIAL'),
  /** Calendar days before the meeting that the pack is printed and sent. */
  leadDays: z.number().int().min(0).max(60),
  /** London time after which the pack may be published; before it every page says DRAFT. */
  releaseAt: localDateTime,
  /** The last complete month the pack reports on, so re-printing it later gives the same figures. */
  dataTo: month,
  purpose: z.string().min(1),
  recommendation: z.string().min(1),
  agenda: z.array(agendaItemSchema).min(1),
  sections: z.array(sectionSchema).min(1),
  /** Who the schedule sends the pack to: list ids of <workspace>/delivery.json (absent: its defaultLists). */
  recipients: z.array(slug).optional(),
  /** The printed pack must be approved (psm meeting approve) before it is sent or released. */
  requiresApproval: z.boolean().default(false),
  /** A printed pack outside this range means something went wrong (fail closed). */
  pages: z.strictObject({ min: z.number().int().min(1), max: z.number().int().min(1) }).default({ min: 6, max: 80 }),
});

export type MeetingFile = z.infer<typeof meetingSchema>;
export type SectionSpec = z.infer<typeof sectionSchema>;
export type ChartSpec = z.infer<typeof chartSchema>;
export type TableSpec = z.infer<typeof tableSchema>;

export interface Meeting extends MeetingFile {
  id: string;
  dir: string;
  startsAt: Date;
  releaseInstant: Date;
}

export const meetingIdPattern = /^\d{4}-\d{2}-\d{2}-[a-z0-9]+(-[a-z0-9]+)*$/;

export class MeetingError extends Error {
  override name = 'MeetingError';
}

export function londonInstant(date: string, time: string): Date {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = time.split(':').map(Number) as [number, number];
  return londonToUtc({ year: y, month: mo, day: d, hour: h, minute: mi, second: 0 });
}

function describeIssues(file: string, error: z.ZodError): string {
  const lines = error.issues.map((i) => `  ${i.path.join('.') || '(top level)'}: ${i.message}`);
  return `${file} is not a valid meeting:\n${lines.join('\n')}`;
}

/** A problem found after the schema passed, with the JSON path it is about (so `psm meeting check`
 * can give its line and column) and the message `loadMeeting` prints. */
export interface MeetingProblem {
  path: (string | number)[];
  message: string;
}

function duplicateAt<T>(items: T[], key: (t: T) => string): number {
  const seen = new Set<string>();
  return items.findIndex((t) => (seen.has(key(t)) ? true : (seen.add(key(t)), false)));
}

function sectionProblems(dir: string, s: SectionSpec, i: number): MeetingProblem[] {
  const at = (...rest: (string | number)[]) => ['sections', i, ...rest];
  const problems: MeetingProblem[] = [];
  const dupTable = duplicateAt(s.tables, (t) => t.id);
  if (dupTable >= 0)
    problems.push({ path: at('tables', dupTable, 'id'), message: `section "${s.id}": table id "${s.tables[dupTable]!.id}" is used twice` });
  const dupChart = duplicateAt(s.charts, (c) => `${c.metric}/${c.area}`);
  if (dupChart >= 0)
    problems.push({
      path: at('charts', dupChart),
      message: `section "${s.id}": chart ${s.charts[dupChart]!.metric}/${s.charts[dupChart]!.area} is listed twice`,
    });
  s.tables.forEach((t, ti) => {
    t.periods.forEach((p, pi) => {
      if (!validPeriod(t.grain, p))
        problems.push({
          path: at('tables', ti, 'periods', pi),
          message: `section "${s.id}", table "${t.id}": "${p}" is not a ${t.grain} period`,
        });
    });
    for (const k of Object.keys(t.formats ?? {}).filter((k) => !t.metrics.includes(k))) {
      problems.push({
        path: at('tables', ti, 'formats', k),
        message: `section "${s.id}", table "${t.id}": formats name ${k}, which the table does not show`,
      });
    }
  });
  if (s.tables.length + s.charts.length === 0) problems.push({ path: at('id'), message: `section "${s.id}" has no tables or charts` });
  if (!existsSync(join(dir, 'sections', `${s.id}.md`)))
    problems.push({ path: at('id'), message: `sections/${s.id}.md (the commentary for "${s.id}") is missing` });
  return problems;
}

/** Everything wrong with a meeting that the schema alone cannot see (ids, dates, files). */
export function meetingProblems(id: string, dir: string, m: MeetingFile): MeetingProblem[] {
  const problems: MeetingProblem[] = [];
  if (!id.startsWith(m.date)) problems.push({ path: ['date'], message: `the folder name starts ${id.slice(0, 10)} but date is ${m.date}` });
  if (m.pages.min > m.pages.max)
    problems.push({ path: ['pages', 'min'], message: `pages.min ${m.pages.min} is above pages.max ${m.pages.max}` });
  const dup = duplicateAt(m.sections, (s) => s.id);
  if (dup >= 0) problems.push({ path: ['sections', dup, 'id'], message: `section id "${m.sections[dup]!.id}" is used twice` });
  m.sections.forEach((s, i) => problems.push(...sectionProblems(dir, s, i)));
  if (m.agenda.filter((a) => a.report).length !== 1)
    problems.push({ path: ['agenda'], message: 'exactly one agenda item must have "report": true' });
  return problems;
}

/** Reads and validates one meeting folder; every problem names the file it is in. */
export function loadMeeting(reportsDir: string, id: string): Meeting {
  const dir = join(reportsDir, id);
  const file = join(dir, 'meeting.json');
  if (!meetingIdPattern.test(id)) throw new MeetingError(`${dir}: a meeting id is YYYY-MM-DD-<name>, e.g. 2023-11-08-vawg`);
  if (!existsSync(file)) throw new MeetingError(`${file} not found: no meeting "${id}" in ${reportsDir}`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new MeetingError(`${file}: not valid JSON (${(err as Error).message}); \`psm meeting check ${id}\` gives the line and column`);
  }
  const parsed = meetingSchema.safeParse(raw);
  if (!parsed.success) throw new MeetingError(describeIssues(file, parsed.error));
  const m = parsed.data;
  const problems = meetingProblems(id, dir, m);
  if (problems.length) throw new MeetingError(`${file}:\n${problems.map((p) => `  ${p.message}`).join('\n')}`);
  return {
    ...m,
    id,
    dir,
    startsAt: londonInstant(m.date, m.time),
    releaseInstant: londonInstant(...(m.releaseAt.split('T') as [string, string])),
  };
}

/** Meeting ids in a reports folder: sub-folders holding a meeting.json. */
export function meetingIds(reportsDir: string): string[] {
  if (!existsSync(reportsDir)) return [];
  return readdirSync(reportsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(reportsDir, d.name, 'meeting.json')))
    .map((d) => d.name)
    .sort();
}

/** Every meeting that is valid, and a message for each that is not (named by file). */
export function readMeetings(reportsDir: string): { meetings: Meeting[]; problems: string[] } {
  const meetings: Meeting[] = [];
  const problems: string[] = [];
  for (const id of meetingIds(reportsDir)) {
    try {
      meetings.push(loadMeeting(reportsDir, id));
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  return { meetings, problems };
}

/**
 * The valid meetings. One broken meeting.json must not stop the other meetings' packs, the site
 * build or the nightly run: it is left out, with a warning that names it, until it is fixed
 * (`psm pack <id>` for that meeting still fails with the full message).
 */
export function loadMeetings(reportsDir: string): Meeting[] {
  const { meetings, problems } = readMeetings(reportsDir);
  for (const p of problems) process.stderr.write(`warning: meeting left out until fixed: ${p}\n`);
  return meetings;
}

/** What the scheduler needs: when each meeting starts and how many days ahead its pack is due. */
export function meetingSchedule(reportsDir: string): { meetingId: string; startsAt: Date; leadDays: number }[] {
  return loadMeetings(reportsDir).map((m) => ({ meetingId: m.id, startsAt: m.startsAt, leadDays: m.leadDays }));
}

/** Site paths of the pack pages, for Framework's dynamicPaths. */
export function packPaths(reportsDir: string): string[] {
  return loadMeetings(reportsDir).map((m) => `/packs/${m.id}`);
}

/** Stable ids the page gives each figure, so the renderer can check every one was drawn. */
export const chartFigureId = (sectionId: string, c: Pick<ChartSpec, 'metric' | 'area'>): string =>
  `fig-${sectionId}-${c.metric}${c.area === 'force' ? '' : `-${c.area.toLowerCase()}`}`.replaceAll('_', '-');
export const tableFigureId = (sectionId: string, tableId: string): string => `tbl-${sectionId}-${tableId}`;

/** Every figure id the pack for this meeting must contain, in reading order. */
export function expectedFigures(m: Pick<MeetingFile, 'sections'>): string[] {
  return m.sections.flatMap((s) => [...s.tables.map((t) => tableFigureId(s.id, t.id)), ...s.charts.map((c) => chartFigureId(s.id, c))]);
}

/** Whether a pack printed at `at` must carry the DRAFT watermark. */
export const isDraft = (m: Pick<Meeting, 'releaseInstant'>, at: Date): boolean => at.getTime() < m.releaseInstant.getTime();
