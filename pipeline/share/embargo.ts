// The embargo on meeting packs. Before a meeting's release time, nothing of its pack — the print
// page, the data file behind it, the PDF — is served except to a holder of a signed link for that
// meeting (token.ts). The link's first request leaves the token in a cookie, and the server sends
// the browser on to the same address without the token (site/serve.ts), so the token is kept out
// of the address bar and the history; the cookie then opens the page and its own requests for its
// data. After the release time the pack is public.
// Dashboards hold published aggregates only and are never embargoed.
//
// The PDF is judged by what out/ holds (meetings/pack-state.ts), not only by the clock: a PDF whose
// manifest names another meeting (a copied folder) is no pack of this one, and after the release
// time the public never gets a print marked DRAFT — until the schedule's reprint lands they get a
// "being printed" answer instead of a paper that contradicts the web page.
import { approvalHold } from '../delivery/approval.ts';
import { readPackState } from '../meetings/pack-state.ts';
import { formatLondon } from '../time/london-time.ts';
import { verifyShareToken } from './token.ts';

export interface EmbargoedMeeting {
  id: string;
  releaseInstant: Date;
  /** The meeting's folder (a Meeting has it): given, its PDF is served only as out/ allows. */
  dir?: string;
  /** Its print must be approved before it is released (psm meeting approve). */
  requiresApproval?: boolean;
}

/** Past its release time, a pack that needs approval stays embargoed until the print in out/ has it. */
export function releaseHeld(meeting: EmbargoedMeeting): string | null {
  if (!meeting.requiresApproval) return null;
  const state = meeting.dir ? readPackState(meeting.dir, meeting.id) : null;
  return approvalHold({ id: meeting.id, requiresApproval: true }, state?.print === 'printed' ? state.manifest : null);
}

/**
 * A PDF with no manifest.json at all is served by the clock alone, as before manifests were judged:
 * the renderer always writes one, a crash before it leaves the pack's job due so the next pass
 * prints it again, and a stand-in PDF (the share tests') has none.
 */
const SERVE_PDF_WITHOUT_MANIFEST = true;

/** Whether this PDF may go out now: `released` says the request is public, after the release time. */
export function pdfDecision(meeting: EmbargoedMeeting, released: boolean): GateDecision | null {
  if (!meeting.dir) return null;
  const state = readPackState(meeting.dir, meeting.id);
  if (state.print === 'none') return null; // nothing there: the server answers 404 itself
  if (state.print === 'foreign') return { allow: false, status: 404, message: 'No pack has been printed for this meeting yet.' };
  if (state.print === 'unverified') {
    if (SERVE_PDF_WITHOUT_MANIFEST && state.why?.includes('has no manifest')) return null;
    return { allow: false, status: 503, message: 'This meeting pack is being printed. Please try again in a few minutes.' };
  }
  if (released && state.draft) {
    return {
      allow: false,
      status: 503,
      message: 'The released pack is being printed without its DRAFT marking. Please try again in a few minutes.',
    };
  }
  return null;
}

/** The meeting a URL path belongs to, if it is part of a pack. */
export function packOf(urlPath: string): string | undefined {
  const m = /^\/packs\/([a-z0-9-]+)(?:\.html|\.pdf)?\/?$/.exec(urlPath) ?? /^\/_file\/data\/packs\/([a-z0-9-]+)\.[^/]*$/.exec(urlPath);
  return m?.[1];
}

export const cookieName = (meetingId: string) => `psm_pack_${meetingId.replace(/-/g, '_')}`;

export type GateDecision =
  /** `beforeRelease`: opened through a link ahead of release, so no shared cache may keep it. */
  { allow: true; beforeRelease?: boolean; setCookie?: string } | { allow: false; status: 403 | 404 | 503; message: string };

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
    const pdf = path.toLowerCase().endsWith('.pdf');
    const past = now.getTime() >= meeting.releaseInstant.getTime();
    if (past && !releaseHeld(meeting)) return (pdf && pdfDecision(meeting, true)) || { allow: true };
    const embargoed = {
      allow: false as const,
      status: 403 as const,
      message:
        (past
          ? 'This meeting pack is awaiting approval before its release. '
          : `This meeting pack is embargoed until ${formatLondon(meeting.releaseInstant)}. `) +
        'Panel members: open the link the Office of the Police and Crime Commissioner sent you, in a browser that accepts ' +
        "this site's cookies; the link may have expired.",
    };
    if (!key) return embargoed;
    for (const [candidate, fromLink] of [
      [token, true],
      [cookies[cookieName(id)], false],
    ] as const) {
      if (!candidate) continue;
      const check = verifyShareToken(key, id, candidate, now);
      if (!check.ok) continue;
      const refused = pdf ? pdfDecision(meeting, false) : null;
      if (refused) return refused;
      if (!fromLink) return { allow: true, beforeRelease: true };
      const maxAge = Math.max(0, Math.floor((check.expiresAt.getTime() - now.getTime()) / 1000));
      // Lax, not Strict: the link is opened from an email, a cross-site navigation, and the browser
      // then follows our redirect to the clean address; a Strict cookie is withheld from every
      // request of a navigation that began on another site, so that page would be refused. Lax is
      // still withheld from cross-site subresource and POST requests, and nothing here changes state.
      return {
        allow: true,
        beforeRelease: true,
        setCookie: `${cookieName(id)}=${candidate}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Lax`,
      };
    }
    return embargoed;
  };
}
