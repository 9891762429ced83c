// The embargo on meeting packs. Before a meeting's release time, nothing of its pack — the print
// page, the data file behind it, the PDF — is served except to a holder of a signed link for that
// meeting (token.ts). The link's first request leaves the token in a cookie, and the server sends
// the browser on to the same address without the token (site/serve.ts), so the token is kept out
// of the address bar and the history; the cookie then opens the page and its own requests for its
// data. After the release time the pack is public.
// Dashboards hold published aggregates only and are never embargoed.
import { formatLondon } from '../schedule/london-time.ts';
import { verifyShareToken } from './token.ts';

export interface EmbargoedMeeting {
  id: string;
  releaseInstant: Date;
}

/** The meeting a URL path belongs to, if it is part of a pack. */
export function packOf(urlPath: string): string | undefined {
  const m = /^\/packs\/([a-z0-9-]+)(?:\.html|\.pdf)?\/?$/.exec(urlPath) ?? /^\/_file\/data\/packs\/([a-z0-9-]+)\.[^/]*$/.exec(urlPath);
  return m?.[1];
}

export const cookieName = (meetingId: string) => `psm_pack_${meetingId.replace(/-/g, '_')}`;

export type GateDecision =
  /** `beforeRelease`: opened through a link ahead of release, so no shared cache may keep it. */
  | { allow: true; beforeRelease?: boolean; setCookie?: string }
  | { allow: false; status: 403 | 404 | 503; message: string };

export interface GateRequest {
  path: string;
  /** The `share` query parameter, if any. */
  token?: string;
  cookies: Record<string, string>;
  now: Date;
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0) out[part.slice(0, at).trim()] = part.slice(at + 1).trim();
  }
  return out;
}

/** Decides one request. `key` undefined: no link was ever made, so embargoed packs open to no one. */
export function embargoGate(meetings: EmbargoedMeeting[], key: Buffer | undefined): (req: GateRequest) => GateDecision {
  const byId = new Map(meetings.map((m) => [m.id, m]));
  return ({ path, token, cookies, now }) => {
    const id = packOf(path.toLowerCase()); // on a case-insensitive disk /packs/X-VAWG reaches x-vawg
    if (!id) return { allow: true };
    const meeting = byId.get(id);
    if (!meeting) return { allow: false, status: 404, message: 'No such meeting.' };
    if (now.getTime() >= meeting.releaseInstant.getTime()) return { allow: true };
    const embargoed = {
      allow: false as const, status: 403 as const,
      message: `This meeting pack is embargoed until ${formatLondon(meeting.releaseInstant)}. ` +
        'Panel members: open the link the Office of the Police and Crime Commissioner sent you, in a browser that accepts ' +
        "this site's cookies; the link may have expired.",
    };
    if (!key) return embargoed;
    for (const [candidate, fromLink] of [[token, true], [cookies[cookieName(id)], false]] as const) {
      if (!candidate) continue;
      const check = verifyShareToken(key, id, candidate, now);
      if (!check.ok) continue;
      if (!fromLink) return { allow: true, beforeRelease: true };
      const maxAge = Math.max(0, Math.floor((check.expiresAt.getTime() - now.getTime()) / 1000));
      // Lax, not Strict: the link is opened from an email, a cross-site navigation, and the browser
      // then follows our redirect to the clean address; a Strict cookie is withheld from every
      // request of a navigation that began on another site, so that page would be refused. Lax is
      // still withheld from cross-site subresource and POST requests, and nothing here changes state.
      return { allow: true, beforeRelease: true, setCookie: `${cookieName(id)}=${candidate}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Lax` };
    }
    return embargoed;
  };
}
