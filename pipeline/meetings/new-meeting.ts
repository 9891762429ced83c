// `psm meeting new <id> --like <meeting-id>`: a new meeting folder from an earlier one, instead of
// a copied folder and 150 lines of JSON edited by hand. What is the meeting's own is rolled forward
// (date from the id, release time, dataTo from the warehouse, every table period); what is the
// workspace's (distribution, contact) comes from <workspace>/meeting-defaults.json, never from the
// old meeting, whose list may be out of date; the commentary starts empty, with the references to
// write it from; and out/ is never made, so no earlier meeting's pack can pass for this one's.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { WorkspacePaths } from '../config.ts';
import { loadMeeting, meetingIdPattern, meetingSchema, type Meeting } from '../packs/meeting.ts';
import type { DataContext } from './data-context.ts';
import { commentaryTemplate, latestPeriod, questionsTemplate } from './hints.ts';
import { formatJson, parseJsonSource } from './json-source.ts';
import { monthsBetween, rollPeriod, rollReleaseAt, rollText } from './roll.ts';
import { shiftMonth } from '../../dashboards/shared/format.ts';

export class NewMeetingError extends Error {
  override name = 'NewMeetingError';
}

/** What every meeting of this workspace shares, kept in one file rather than copied from meeting to meeting. */
export const defaultsSchema = z.strictObject({
  distribution: z.array(z.string().min(1)).optional(),
  contact: z.string().min(1).optional(),
  location: z.string().min(1).optional(),
  reportBy: z.string().min(1).optional(),
  protectiveMarking: meetingSchema.shape.protectiveMarking.unwrap().optional(),
});
export type MeetingDefaults = z.infer<typeof defaultsSchema>;

export const defaultsFile = (paths: WorkspacePaths): string => join(paths.root, 'meeting-defaults.json');

/** <workspace>/meeting-defaults.json, or null when there is none; a broken one is an error with its line. */
export function readDefaults(paths: WorkspacePaths): MeetingDefaults | null {
  const file = defaultsFile(paths);
  if (!existsSync(file)) return null;
  const src = parseJsonSource(readFileSync(file, 'utf8'));
  if (!src.ok) throw new NewMeetingError(`${file}:${src.error.line}:${src.error.column}: not valid JSON: ${src.error.message}`);
  const parsed = defaultsSchema.safeParse(src.value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => {
    const loc = src.valueAt(i.path as (string | number)[]) ?? { line: 1, column: 1 };
    return `${file}:${loc.line}:${loc.column}: ${i.path.join('.') || 'top level'}: ${i.message}`;
  });
  throw new NewMeetingError(`${issues.join('\n')}\n(it may hold distribution, contact, location, reportBy and protectiveMarking)`);
}

export interface NewMeetingOptions {
  /** The last month the pack reports on; default the last complete month of the data before the meeting. */
  dataTo?: string;
  /** The warehouse as read (null: none yet). */
  data: DataContext | null;
}

export interface NewMeetingResult {
  dir: string;
  files: string[];
  /** What was decided for the analyst, in words (where dataTo came from, what is TODO). */
  notes: string[];
}

/** dataTo for a new meeting: the data's last complete month, but never the meeting's own month or later. */
function chooseDataTo(date: string, like: Meeting, opts: NewMeetingOptions, notes: string[]): string {
  if (opts.dataTo) {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(opts.dataTo)) throw new NewMeetingError(`--data-to ${opts.dataTo}: expected a month as YYYY-MM`);
    return opts.dataTo;
  }
  const before = shiftMonth(date.slice(0, 7), -1);
  if (opts.data?.lastComplete) {
    const chosen = opts.data.lastComplete < before ? opts.data.lastComplete : before;
    notes.push(`dataTo ${chosen}: the last complete month of data${chosen === before ? ' before the meeting' : ' in the warehouse'}`);
    return chosen;
  }
  const guess = shiftMonth(like.dataTo, monthsBetween(like.date.slice(0, 7), date.slice(0, 7)));
  notes.push(
    `dataTo ${guess}: no warehouse yet, so moved on from ${like.id}'s by the months between the meetings (psm meeting check judges it once data are in)`,
  );
  return guess;
}

type Raw = Record<string, unknown>;

/** Every table's periods moved with dataTo, and titles and notes that name dates rolled or marked TODO. */
function rollSections(sections: Raw[], fromDataTo: string, toDataTo: string): Raw[] {
  return sections.map((s) => ({
    ...s,
    tables: (s.tables as Raw[] | undefined)?.map((t) => {
      const grain = t.grain as string;
      const periods = (t.periods as string[]).map((p) => rollPeriod(grain, p, fromDataTo, toDataTo));
      const [from, to] = [latestPeriod(t.periods as string[]), latestPeriod(periods)];
      return {
        ...t,
        periods,
        title: rollText(t.title as string, grain, from, to),
        ...(t.note ? { note: rollText(t.note as string, grain, from, to) } : {}),
      };
    }),
    charts: (s.charts as Raw[] | undefined)?.map((c) =>
      c.title && fromDataTo !== toDataTo ? { ...c, title: rollText(c.title as string, null, null, null) } : c,
    ),
  }));
}

/** The new meeting.json, from the old one as written (so defaults it left out stay left out). */
function newMeetingJson(paths: WorkspacePaths, id: string, like: Meeting, dataTo: string, notes: string[]): Raw {
  const raw = JSON.parse(readFileSync(join(like.dir, 'meeting.json'), 'utf8')) as Raw;
  const date = id.slice(0, 10);
  const defaults = readDefaults(paths);
  const where = defaultsFile(paths);
  if (!defaults)
    notes.push(`no ${where}: distribution and contact are left as TODO (write that file once and every new meeting gets them)`);
  // Named relative to the workspace: the folder may be copied or moved, the sentence must stay true.
  const todo = (what: string) => `TODO: ${what} (or set it once for every meeting in meeting-defaults.json, in the workspace folder)`;
  return {
    ...raw,
    date,
    releaseAt: rollReleaseAt(like.releaseAt, like.date, date),
    dataTo,
    contact: defaults?.contact ?? todo('who to contact about this pack'),
    distribution: defaults?.distribution ?? [todo('who receives this pack, one entry per line')],
    ...(defaults?.location ? { location: defaults.location } : {}),
    ...(defaults?.reportBy ? { reportBy: defaults.reportBy } : {}),
    ...(defaults?.protectiveMarking ? { protectiveMarking: defaults.protectiveMarking } : {}),
    sections: rollSections(raw.sections as Raw[], like.dataTo, dataTo),
  };
}

/** Makes reports/<id>/ from an existing meeting; refuses to touch a folder that exists. */
export function newMeeting(paths: WorkspacePaths, id: string, likeId: string, opts: NewMeetingOptions): NewMeetingResult {
  if (!meetingIdPattern.test(id)) throw new NewMeetingError(`"${id}" is not a meeting id: YYYY-MM-DD-<name>, e.g. 2024-02-07-vawg`);
  const date = id.slice(0, 10);
  if (new Date(`${date}T12:00:00Z`).toISOString().slice(0, 10) !== date) throw new NewMeetingError(`"${id}": ${date} is not a date`);
  const dir = join(paths.reports, id);
  if (existsSync(dir)) throw new NewMeetingError(`${dir} exists already: choose another id, or edit that meeting`);
  let like: Meeting;
  try {
    like = loadMeeting(paths.reports, likeId);
  } catch (err) {
    throw new NewMeetingError(`--like ${likeId}: ${(err as Error).message}`);
  }
  const notes: string[] = [];
  const dataTo = chooseDataTo(date, like, opts, notes);
  const json = newMeetingJson(paths, id, like, dataTo, notes);
  const m = meetingSchema.parse(json);
  mkdirSync(join(dir, 'sections'), { recursive: true });
  const files = [join(dir, 'meeting.json'), join(dir, 'questions.md')];
  writeFileSync(files[0]!, formatJson(json) + '\n');
  writeFileSync(files[1]!, questionsTemplate);
  m.sections.forEach((s, i) => {
    const file = join(dir, 'sections', `${s.id}.md`);
    writeFileSync(file, commentaryTemplate(s, i + 1, dataTo, opts.data));
    files.push(file);
  });
  notes.push(
    `release at ${json.releaseAt as string} London time, pack printed ${like.leadDays} days before the meeting, as for ${like.id}`,
  );
  return { dir, files, notes };
}
