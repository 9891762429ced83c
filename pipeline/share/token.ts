// Signed, expiring links to one meeting's pack. A token is `<expiry>.<signature>`: the expiry in
// Unix seconds and an HMAC-SHA256, keyed by the workspace's share key, over the meeting id and the
// expiry. The meeting id is in the link's path, so a token for one meeting opens no other, and
// changing either part breaks the signature. Deleting the key file revokes every link at once.
import { createHmac, timingSafeEqual } from 'node:crypto';

const signature = (key: Buffer, meetingId: string, expires: number) =>
  createHmac('sha256', key).update(`psm-pack\n${meetingId}\n${expires}`).digest('base64url');

export function signShareToken(key: Buffer, meetingId: string, expiresAt: Date): string {
  const expires = Math.floor(expiresAt.getTime() / 1000);
  return `${expires}.${signature(key, meetingId, expires)}`;
}

export type TokenCheck = { ok: true; expiresAt: Date } | { ok: false; why: 'malformed' | 'bad signature' | 'expired' };

export function verifyShareToken(key: Buffer, meetingId: string, token: string, now: Date): TokenCheck {
  const m = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return { ok: false, why: 'malformed' };
  const expires = Number(m[1]);
  const given = Buffer.from(m[2]!, 'base64url');
  const expected = Buffer.from(signature(key, meetingId, expires), 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, why: 'bad signature' };
  const expiresAt = new Date(expires * 1000);
  return now.getTime() < expiresAt.getTime() ? { ok: true, expiresAt } : { ok: false, why: 'expired' };
}
