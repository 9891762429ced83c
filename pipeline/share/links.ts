// The two addresses of a signed link to one meeting's pack — the page and the PDF — as `psm share`
// prints them and the delivery emails carry them: the same token (token.ts), the same key.
import { signShareToken } from './token.ts';

export interface ShareLinks {
  page: string;
  pdf: string;
  expiresAt: Date;
}

export function shareLinks(key: Buffer, meetingId: string, baseUrl: string, expiresAt: Date): ShareLinks {
  const token = signShareToken(key, meetingId, expiresAt);
  const base = new URL(baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  return {
    page: new URL(`packs/${meetingId}?share=${token}`, base).href,
    pdf: new URL(`packs/${meetingId}.pdf?share=${token}`, base).href,
    expiresAt,
  };
}
