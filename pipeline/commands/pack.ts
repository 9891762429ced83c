// `psm pack <meeting-id>`: renders one meeting's PDF pack now, whatever the schedule says. Runs the
// meeting's check first (as the schedule does), so every problem is reported at once with its
// line and column before a site build or a browser is started. Builds the site first when it is
// missing or older than the warehouse or the meeting's own files.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { checkMeeting, describeCheck } from '../meetings/check.ts';
import { loadMeetings, MeetingError, meetingIdPattern } from '../packs/meeting.ts';
import { PackRenderError, renderPack } from '../render/pack.ts';
import { emit, log, parse } from './args.ts';

const usage = `Usage: psm pack <meeting-id> [--at ISO-TIME] [--workspace DIR] [--json]

Checks the meeting (as psm meeting check does) and prints reports/<meeting-id>/out/pack.pdf and
manifest.json. A meeting that fails its check is not printed (exit code 2, every problem listed).
If a check of the print fails the previous pack is kept, out/failed.json says why, and the exit
code is 1. --at sets the render's clock (it decides the DRAFT watermark: packs printed before the
meeting's releaseAt are marked DRAFT).`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals, paths } = parse(argv, { at: { type: 'string' } }, usage);
  const [meetingId, ...extra] = positionals;
  if (!meetingId || extra.length) {
    const known = loadMeetings(paths.reports).map((m) => `  ${m.id}  ${m.date} ${m.time}  ${m.shortTitle}`);
    log(`${usage}\n\nMeetings in ${paths.reports}:\n${known.join('\n') || '  (none)'}`);
    return 2;
  }
  const now = values.at ? new Date(values.at) : new Date();
  if (Number.isNaN(now.getTime())) {
    log(`psm pack: --at ${values.at} is not a date and time`);
    return 2;
  }
  const file = join(paths.reports, meetingId, 'meeting.json');
  if (!meetingIdPattern.test(meetingId) || !existsSync(file)) {
    log(
      `psm pack: ${meetingIdPattern.test(meetingId) ? `${file} not found: no meeting "${meetingId}" in ${paths.reports}` : `"${meetingId}" is not a meeting id (YYYY-MM-DD-<name>)`}`,
    );
    return 2;
  }
  const check = await checkMeeting(paths, meetingId);
  if (check.problems.length) log(describeCheck(check));
  if (!check.ok) {
    if (values.json) emit(true, { meeting: meetingId, failed: true, check }, () => '');
    return 2;
  }
  try {
    const { pdf, manifest } = await renderPack(paths, meetingId, { now, log });
    emit(
      values.json,
      { pdf, manifest },
      () =>
        `${pdf}\n  ${manifest.pages} pages, rendered in ${(manifest.renderMs / 1000).toFixed(1)} s${manifest.siteBuildMs === null ? '' : ` (after a ${(manifest.siteBuildMs / 1000).toFixed(1)} s site build)`}${manifest.draft ? '; marked DRAFT until release' : ''}`,
    );
    return 0;
  } catch (err) {
    if (err instanceof MeetingError) {
      log(`psm pack: ${err.message}`);
      return 2;
    }
    if (!(err instanceof PackRenderError)) throw err;
    log(err.message);
    if (values.json) emit(true, { meeting: meetingId, failed: true, reasons: err.reasons }, () => '');
    return 1;
  }
}
