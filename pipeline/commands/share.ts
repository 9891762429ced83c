// psm share <meeting-id> [--days N] [--url BASE] — a signed link that opens one meeting's pack
// before its release time, for the panel. The link expires after N days (default 14).
import { loadMeeting } from '../packs/meeting.ts';
import { formatLondon } from '../time/london-time.ts';
import { readOrCreateShareKey } from '../share/key.ts';
import { shareLinks } from '../share/links.ts';
import { emit, log, parse } from './args.ts';

const usage = `Usage: psm share <meeting-id> [--days N] [--url BASE] [--workspace DIR] [--json]

Prints a signed link to the meeting's pack (the page, and the PDF) that works before the release
time, until it expires after N days (default 14). BASE is the address panel members reach the site
at (default http://127.0.0.1:3000/, as \`psm serve\` prints). Deleting <workspace>/runs/share.key
revokes every link made so far.`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals, paths } = parse(
    argv,
    { days: { type: 'string', default: '14' }, url: { type: 'string', default: 'http://127.0.0.1:3000/' } },
    usage,
  );
  const [id] = positionals;
  if (!id) {
    log(usage);
    return 2;
  }
  const days = Number(values.days);
  if (!Number.isFinite(days) || days <= 0 || days > 366) {
    log(`psm share: --days must be a number of days from 1 to 366, not "${values.days}"`);
    return 2;
  }
  const meeting = loadMeeting(paths.reports, id); // fails with the reason if there is no such meeting
  const expiresAt = new Date(Date.now() + days * 86_400_000);
  const { page, pdf } = shareLinks(readOrCreateShareKey(paths.shareKey), meeting.id, new URL(values.url).href, expiresAt);
  const released = Date.now() >= meeting.releaseInstant.getTime();
  emit(
    values.json,
    { meeting: meeting.id, page, pdf, expiresAt: expiresAt.toISOString(), releaseAt: meeting.releaseInstant.toISOString(), released },
    () =>
      [
        `Pack: ${page}`,
        `PDF:  ${pdf}`,
        `The link opens this meeting's pack only, until ${formatLondon(expiresAt)}.`,
        released
          ? `The pack was released at ${formatLondon(meeting.releaseInstant)}: it is public now, with or without the link.`
          : `Without a link nobody sees the pack before its release at ${formatLondon(meeting.releaseInstant)}.`,
      ].join('\n'),
  );
  return 0;
}
