// psm meeting new | list | check — making a meeting, the calendar of meetings, and every problem
// of one meeting in one pass. The work is in pipeline/meetings/; this file only reads arguments.
import { relative } from 'node:path';
import { describeCalendar, meetingCalendar } from '../meetings/calendar.ts';
import { checkMeeting, describeCheck, type CheckReport } from '../meetings/check.ts';
import { readDataContext } from '../meetings/data-context.ts';
import { newMeeting, NewMeetingError } from '../meetings/new-meeting.ts';
import { approveCommand, sendCommand } from './meeting-deliver.ts';
import { meetingIds } from '../packs/meeting.ts';
import { parseNightlyTime } from '../schedule/schedule-config.ts';
import { emit, log, parse } from './args.ts';

const usage = `Usage: psm meeting new <YYYY-MM-DD-name> --like <meeting-id> [--data-to YYYY-MM]
       psm meeting list [--nightly-at HH:MM]
       psm meeting check [<meeting-id>]
       psm meeting send <meeting-id> [--to NAME]
       psm meeting approve <meeting-id> --by NAME [--sha256 HEX]
(every form takes --workspace DIR and --json)

new    makes reports/<id>/ from an earlier meeting: the date from the id, the release time and
       every table period rolled forward, dataTo the last complete month of data (or --data-to),
       distribution and contact from <workspace>/meeting-defaults.json (TODO when it is absent),
       a commentary file per section listing its figure references with today's values, no out/.
list   the calendar: date, title, data to, status (draft, printed, released, failed) and what the
       schedule does next, and when.
check  every problem of a meeting (all meetings without an id), each at file:line:column. Exit 1
       when there is an error: the pack would not print.
send   emails the printed pack's signed link now (to one recipient with --to NAME or address),
       as <workspace>/delivery.json says; recorded in runs/runs.jsonl. Exit 1 when a message
       was not sent, 3 when a run holds the workspace lock.
approve records that NAME approved the pack printed now (its SHA-256, in out/manifest.json and
       the PDF's metadata). A meeting with "requiresApproval": true is not sent or released until
       its print is approved; a reprint needs approving again. --sha256 (8+ hex digits of the
       print you reviewed) refuses a print that has changed since.`;

const options = {
  like: { type: 'string' },
  'data-to': { type: 'string' },
  'nightly-at': { type: 'string' },
  to: { type: 'string' },
  by: { type: 'string' },
  sha256: { type: 'string' },
} as const;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals, paths } = parse(argv, options, usage);
  const [sub, ...rest] = positionals;
  if (sub === 'new' && rest.length === 1 && values.like) {
    const data = await readDataContext(paths);
    let made;
    try {
      made = newMeeting(paths, rest[0]!, values.like, { dataTo: values['data-to'], data });
    } catch (err) {
      if (!(err instanceof NewMeetingError)) throw err;
      log(`psm meeting new: ${err.message}`);
      return 2;
    }
    const check = await checkMeeting(paths, rest[0]!, { data });
    emit(values.json, { ...made, check }, () =>
      [
        `Made ${made.dir}:`,
        ...made.files.map((f) => `  ${relative(paths.root, f)}`),
        '',
        ...made.notes.map((n) => `- ${n}`),
        '',
        'Still to do before the pack can print (psm meeting check shows this again):',
        describeCheck(check),
      ].join('\n'),
    );
    return 0;
  }
  if (sub === 'list' && rest.length === 0) {
    const calendar = meetingCalendar(paths, new Date(), parseNightlyTime(values['nightly-at']));
    const data = await readDataContext(paths);
    for (const row of calendar.rows) {
      const c = await checkMeeting(paths, row.id, { data });
      row.check = { errors: c.errors, warnings: c.warnings };
    }
    emit(values.json, calendar, () => describeCalendar(calendar));
    return 0;
  }
  if (sub === 'check' && rest.length <= 1) {
    const ids = rest.length ? rest : meetingIds(paths.reports);
    const data = await readDataContext(paths); // once, for every meeting checked
    const reports: CheckReport[] = [];
    for (const id of ids) reports.push(await checkMeeting(paths, id, { data }));
    emit(values.json, rest.length ? reports[0] : reports, () => reports.map(describeCheck).join('\n\n') || 'No meetings.');
    return reports.every((r) => r.ok) ? 0 : 1;
  }
  if (sub === 'send' && rest.length === 1) return sendCommand(paths, rest[0]!, values.to, values.json);
  if (sub === 'approve' && rest.length === 1 && values.by) return approveCommand(paths, rest[0]!, values.by, values.sha256, values.json);
  log(usage);
  return 2;
}
