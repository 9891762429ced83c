// The email that delivers a pack: plain text, one per recipient, with a signed link that expires.
// Pure: the same inputs always make the same message, so the test reads exactly what is sent.
//
// The attachment rule: the PDF goes as an attachment only when the pack is marked OFFICIAL (and
// delivery.json's "attach" is not "never"). An OFFICIAL-SENSITIVE pack goes by link only: a link
// expires, is refused after `runs/share.key` is deleted, and opens nothing once forwarded past its
// date; an attachment can be neither recalled nor expired.
import type { Meeting } from '../packs/meeting.ts';
import { formatLondon } from '../time/london-time.ts';
import type { ShareLinks } from '../share/links.ts';
import type { DeliveryConfig, Recipient } from './config.ts';

export interface PackMessage {
  from: { name: string; address: string };
  to: { name: string; address: string };
  subject: string;
  text: string;
  attachments: { filename: string; path: string; contentType: string }[];
}

export interface PackMessageInput {
  meeting: Pick<Meeting, 'id' | 'title' | 'shortTitle' | 'protectiveMarking' | 'startsAt' | 'releaseInstant' | 'contact'>;
  recipient: Recipient;
  from: Recipient;
  links: ShareLinks;
  pack: { sha256: string; pages: number; draft: boolean; pdfPath: string };
  attach: boolean;
  now: Date;
}

/** Whether this pack's PDF may travel as an attachment (see the rule above). */
export function mayAttach(marking: Meeting['protectiveMarking'], policy: DeliveryConfig['attach']): boolean {
  return policy === 'official' && marking === 'OFFICIAL';
}

/** A name as it may stand in a header and a greeting: no line breaks or control characters. */
const oneLine = (s: string): string => s.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();

export function packMessage(i: PackMessageInput): PackMessage {
  const m = i.meeting;
  const embargoed = i.now.getTime() < m.releaseInstant.getTime();
  const subject = oneLine(`${m.protectiveMarking}: ${m.shortTitle} — pack for ${formatLondon(m.startsAt)}`);
  const text = [
    `${m.protectiveMarking}`,
    '',
    `Dear ${oneLine(i.recipient.name)},`,
    '',
    `The pack for ${m.title}, on ${formatLondon(m.startsAt)}, is ready (${i.pack.pages} pages${i.pack.draft ? ', marked DRAFT until its release' : ''}).`,
    '',
    `Read it: ${i.links.page}`,
    `PDF:     ${i.links.pdf}`,
    '',
    `The link opens this meeting's pack only, until ${formatLondon(i.links.expiresAt)}. Please do not forward it.`,
    embargoed
      ? `The pack is embargoed until ${formatLondon(m.releaseInstant)}: do not share it or its figures before then.`
      : `The pack was released at ${formatLondon(m.releaseInstant)}.`,
    i.attach ? 'The PDF is also attached.' : `The PDF is not attached: a pack marked ${m.protectiveMarking} is sent by link only.`,
    '',
    `PDF SHA-256: ${i.pack.sha256}`,
    ...(m.contact ? ['', `Questions: ${m.contact}`] : []),
    '',
    `${m.protectiveMarking}`,
  ].join('\n');
  return {
    from: { name: oneLine(i.from.name), address: i.from.email },
    to: { name: oneLine(i.recipient.name), address: i.recipient.email },
    subject,
    text,
    attachments: i.attach ? [{ filename: `${m.id}.pdf`, path: i.pack.pdfPath, contentType: 'application/pdf' }] : [],
  };
}
