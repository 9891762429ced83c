// The pack email and the attachment rule, and the send rounds (retry a passing refusal, not a final one).
import { describe, expect, it } from 'vitest';
import { mayAttach, packMessage } from '../../pipeline/delivery/message.ts';
import { isPassing, sendAll } from '../../pipeline/delivery/send.ts';
import { FakeClock } from '../../pipeline/schedule/clock.ts';

const meeting = {
  id: '2024-01-10-vawg',
  title: 'VAWG scrutiny',
  shortTitle: 'PSM: VAWG',
  protectiveMarking: 'OFFICIAL-SENSITIVE' as const,
  startsAt: new Date('2024-01-10T10:30:00Z'),
  releaseInstant: new Date('2024-01-10T10:30:00Z'),
  contact: undefined,
};
const links = {
  page: 'https://psm.example/packs/x?share=1.a',
  pdf: 'https://psm.example/packs/x.pdf?share=1.a',
  expiresAt: new Date('2024-01-17T10:00:00Z'),
};
const pack = { sha256: 'ab'.repeat(32), pages: 24, draft: true, pdfPath: '/w/reports/x/out/pack.pdf' };
const who = { name: 'Priya\r\nBcc: evil@x.example Shah', email: 'priya@panel.example' };

describe('the pack email', () => {
  it('attaches the PDF only to an OFFICIAL pack, and only when delivery.json allows it', () => {
    expect(mayAttach('OFFICIAL', 'official')).toBe(true);
    expect(mayAttach('OFFICIAL-SENSITIVE', 'official')).toBe(false);
    expect(mayAttach('OFFICIAL', 'never')).toBe(false);
  });

  it('says its marking, embargo and link expiry, and keeps a name to one line', () => {
    const m = packMessage({
      meeting,
      recipient: who,
      from: { name: 'OPCC', email: 'p@opcc.example' },
      links,
      pack,
      attach: false,
      now: new Date('2024-01-03T11:00:00Z'),
    });
    expect(m.subject).toBe('OFFICIAL-SENSITIVE: PSM: VAWG — pack for 2024-01-10 10:30 GMT');
    expect(m.to).toEqual({ name: 'Priya Bcc: evil@x.example Shah', address: 'priya@panel.example' });
    expect(m.text).toContain(`PDF:     ${links.pdf}`);
    expect(m.text).toContain('embargoed until 2024-01-10 10:30 GMT');
    expect(m.text).toContain('until 2024-01-17 10:00 GMT');
    expect(m.text).toContain('a pack marked OFFICIAL-SENSITIVE is sent by link only');
    expect(m.attachments).toEqual([]);
  });
});

describe('sendAll', () => {
  const people = [
    { name: 'A', email: 'a@x.example' },
    { name: 'B', email: 'b@x.example' },
    { name: 'C', email: 'c@x.example' },
  ];
  const make = (r: { name: string; email: string }) => ({ to: { name: r.name, address: r.email } }) as never;

  it('retries only the recipients refused for a passing reason, in rounds with one back-off each', async () => {
    const clock = new FakeClock('2024-01-03T11:00:00Z');
    const tries: string[] = [];
    const send = async (m: { to: { address: string } }) => {
      tries.push(m.to.address);
      if (m.to.address === 'b@x.example') throw Object.assign(new Error('550 no such mailbox'), { responseCode: 550 });
      if (m.to.address === 'c@x.example' && tries.filter((t) => t === 'c@x.example').length < 3)
        throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNECTION' });
      return `<${m.to.address}>`;
    };
    const results = await sendAll(people, make, send as never, { attempts: 4, baseDelayMs: 1000, factor: 2 }, clock, () => {});
    expect(results.map((r) => [r.email, r.status, r.attempts])).toEqual([
      ['a@x.example', 'ok', 1],
      ['b@x.example', 'failed', 1],
      ['c@x.example', 'ok', 3],
    ]);
    expect(tries).toEqual(['a@x.example', 'b@x.example', 'c@x.example', 'c@x.example', 'c@x.example']);
    expect(clock.sleeps).toEqual([1000, 2000]);
  });

  it('knows a passing refusal from a final one', () => {
    expect(isPassing({ responseCode: 451 })).toBe(true);
    expect(isPassing({ responseCode: 550 })).toBe(false);
    expect(isPassing({ code: 'EAUTH', responseCode: 535 })).toBe(false);
    expect(isPassing({ code: 'ETIMEDOUT' })).toBe(true);
  });
});
