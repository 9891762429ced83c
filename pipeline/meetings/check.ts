// `psm meeting check <id>`: every problem of a meeting in one pass, each at its file, line and
// column — meeting.json (syntax, schema, metrics, areas, periods, dataTo), the commentary and the
// questions, what out/ holds, and whether delivery.json can email it. `psm pack` and the scheduled cycle run the same check before
// printing, so a pack never gets as far as Chromium with a problem the check can name.
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { WorkspacePaths } from '../config.ts';
import { meetingIdPattern } from '../packs/meeting.ts';
import { areaHint, checkMeetingData } from './check-data.ts';
import { checkDelivery } from './check-delivery.ts';
import { checkMeetingJson } from './check-json.ts';
import { checkProse } from './check-prose.ts';
import { readDataContext, spanText, type DataContext } from './data-context.ts';
import { readPackState } from './pack-state.ts';
import { formatProblem, Problems, sortProblems, startOfFile, type Problem } from './problems.ts';

export interface CheckReport {
  meeting: string;
  /** No errors: the pack may print. */
  ok: boolean;
  errors: number;
  warnings: number;
  problems: Problem[];
  /** What the data were judged against, or null without a warehouse. */
  data: { span: string; lastComplete: string | null } | null;
}

export interface CheckOptions {
  /** The warehouse as already read (a caller checking several meetings reads it once). */
  data?: DataContext | null;
}

/** A failed check, as `psm pack` and the schedule report it: every problem, and no retry (nothing will change by itself). */
export class MeetingCheckError extends Error {
  override name = 'MeetingCheckError';
  readonly retryable = false;
  constructor(readonly report: CheckReport) {
    super(describeCheck(report));
  }
}

function outProblems(dir: string, id: string, label: string): Problem[] {
  const state = readPackState(dir, id, { verifyPdf: false });
  if (state.print !== 'foreign' && !(state.print === 'unverified' && !state.why?.includes('no manifest'))) return [];
  const p = new Problems(`${label}/out/manifest.json`);
  p.warn(startOfFile, `${state.why}: it is not served or reported as printed; the next print replaces it (or delete ${label}/out/)`);
  return p.list;
}

/** What the prose check needs of meeting.json, from the file as written (valid or not). */
function proseView(raw: unknown): { sectionIds: string[] | null; dataTo: string | null } {
  const r = raw as { sections?: unknown; dataTo?: unknown } | undefined;
  const sections = Array.isArray(r?.sections) ? (r.sections as { id?: unknown }[]) : null;
  return {
    sectionIds: sections ? sections.map((s) => s?.id).filter((id): id is string => typeof id === 'string') : null,
    dataTo: typeof r?.dataTo === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(r.dataTo) ? r.dataTo : null,
  };
}

/** Checks one meeting; never throws for a problem in the meeting's files (they are the report). */
export async function checkMeeting(paths: WorkspacePaths, id: string, opts: CheckOptions = {}): Promise<CheckReport> {
  const dir = join(paths.reports, id);
  const label = relative(paths.root, dir) || dir;
  const file = join(dir, 'meeting.json');
  const p = new Problems(`${label}/meeting.json`);
  const finish = (data: DataContext | null, extra: Problem[] = []): CheckReport => {
    const problems = sortProblems([...p.list, ...extra]);
    const errors = problems.filter((x) => x.severity === 'error').length;
    return {
      meeting: id,
      ok: errors === 0,
      errors,
      warnings: problems.length - errors,
      problems,
      data: data && { span: spanText(data), lastComplete: data.lastComplete },
    };
  };
  if (!meetingIdPattern.test(id)) {
    p.error(startOfFile, `"${id}" is not a meeting id: a meeting is a folder reports/YYYY-MM-DD-<name>, e.g. 2024-02-07-vawg`);
    return finish(null);
  }
  if (!existsSync(file)) {
    p.error(startOfFile, `not found: no meeting "${id}" in ${paths.reports}`);
    return finish(null);
  }
  const data = opts.data !== undefined ? opts.data : await readDataContext(paths);
  const json = checkMeetingJson(id, dir, file, p, data ? (area) => areaHint(area, data.areas) : undefined);
  checkMeetingData(json, data, p);
  if (!data)
    p.warn(startOfFile, 'no published warehouse yet, so metrics are checked but not areas, periods, values or dataTo (psm ingest)');
  const prose = checkProse({ dir, label, ...proseView(json.raw) }, data);
  const delivery = checkDelivery(paths, json, p);
  return finish(data, [...prose, ...outProblems(dir, id, label), ...delivery]);
}

/** The report as the analyst reads it: one problem a line, then a count. */
export function describeCheck(r: CheckReport): string {
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  const summary =
    r.problems.length === 0
      ? `${r.meeting}: no problems`
      : `${r.meeting}: ${count(r.errors, 'error')}, ${count(r.warnings, 'warning')}${r.ok ? '' : ' — the pack will not print until the errors are fixed'}`;
  return [...r.problems.map(formatProblem), summary].join('\n');
}
