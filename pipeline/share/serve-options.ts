// What `psm serve` and `psm start` serve beyond the bare site: each meeting's PDF at
// /packs/<id>.pdf, the embargo on every pack until its release time, and the audience check
// (audience.ts) before and during serving. The share key is read on every request (65 bytes), so a
// link made while the server runs works at once and deleting the key revokes at once; meetings are
// re-read every few seconds.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkspacePaths } from '../config.ts';
import { meetingIdPattern, readMeetings } from '../packs/meeting.ts';
import { startStaticServer, type ServeOptions, type StaticServer } from '../site/serve.ts';
import { audienceGuard, type AudienceOptions, type AudienceVerdict } from './audience.ts';
import { embargoGate, type EmbargoedMeeting } from './embargo.ts';
import { shareKeyOrNone } from './key.ts';

const REREAD_MS = 5_000;

// What a browser is told while an analyst build is in place on a network address: not the path,
// not the reason in detail, which is for the server's log.
const withheld =
  'This site is not available at this address just now. Please try again later, or contact the Office of the Police and Crime Commissioner.';

/** `audience`: checked on every request, and everything refused (503) while it says so. */
export function panelServeOptions(paths: WorkspacePaths, audience?: () => AudienceVerdict): Pick<ServeOptions, 'gate' | 'extraFile'> {
  let meetings: EmbargoedMeeting[] = [];
  let readAt = -Infinity;
  return {
    gate(req) {
      if (audience?.().refuse) return { allow: false, status: 503, message: withheld };
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

export interface PanelServerOptions extends AudienceOptions {
  port: number;
  /** The name the refusal and warnings go out under ('psm serve', 'psm start'). */
  command: string;
}

/**
 * The panel's server, or null (the reason logged) when the site in place is an analyst build and
 * the address is not loopback. Warnings — an analyst build on loopback, a site with no build
 * record — are logged once the server listens, and again whenever a rebuilt site changes them.
 */
export async function startPanelServer(
  paths: WorkspacePaths,
  opts: PanelServerOptions,
  log: (line: string) => void,
): Promise<StaticServer | null> {
  const guard = audienceGuard(paths.site, opts, (line) => log(`${opts.command}: ${line}`));
  const first = guard();
  if (first.refuse) {
    log(`${opts.command}: ${first.refuse}`);
    return null;
  }
  const server = await startStaticServer(paths.site, { port: opts.port, host: opts.host, ...panelServeOptions(paths, guard) });
  if (first.warn) log(`${opts.command}: ${first.warn}`);
  return server;
}
