// What `psm serve` and `psm start` serve beyond the bare site: each meeting's PDF at
// /packs/<id>.pdf, and the embargo on every pack until its release time. The share key is read on
// every request (65 bytes), so a link made while the server runs works at once and deleting the key
// revokes at once; meetings are re-read every few seconds.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkspacePaths } from '../config.ts';
import { meetingIdPattern, readMeetings } from '../packs/meeting.ts';
import type { ServeOptions } from '../site/serve.ts';
import { embargoGate, type EmbargoedMeeting } from './embargo.ts';
import { shareKeyOrNone } from './key.ts';

const REREAD_MS = 5_000;

export function panelServeOptions(paths: WorkspacePaths): Pick<ServeOptions, 'gate' | 'extraFile'> {
  let meetings: EmbargoedMeeting[] = [];
  let readAt = -Infinity;
  return {
    gate(req) {
      if (Date.now() - readAt > REREAD_MS) {
        meetings = existsSync(paths.reports) ? readMeetings(paths.reports).meetings : [];
        readAt = Date.now();
      }
      return embargoGate(meetings, shareKeyOrNone(paths.shareKey))(req);
    },
    extraFile(urlPath) {
      const id = /^\/packs\/([a-z0-9-]+)\.pdf$/.exec(urlPath)?.[1];
      if (!id || !meetingIdPattern.test(id)) return undefined;
      const pdf = join(paths.reports, id, 'out', 'pack.pdf');
      return existsSync(pdf) ? pdf : undefined;
    },
  };
}
