// Delivery end to end, on a copy of the ingested demo workspace with a real print: at the lead time
// the schedule prints the VAWG pack and emails it to the meeting's recipients through a real SMTP
// server on loopback. First the server turns every recipient away (451, "try later"): the send is
// retried with back-off, recorded failed in runs/runs.jsonl and shown by psm meeting list. Then,
// at the next pass, it goes through: the message is read back (recipients, subject, link, the PDF
// attached because the pack is OFFICIAL) and its link, followed against the panel's server before
// the release time, opens the pack. Then psm meeting send --to resends to one person by hand. Last,
// approval: a meeting that requires it is held (not sent, not released) until its print is
// approved, and its reprint at the release time needs approving again.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDict, PDFDocument, PDFName, type PDFHexString, type PDFString } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run as meetingCommand } from '../../pipeline/commands/meeting.ts';
import type { WorkspacePaths } from '../../pipeline/config.ts';
import { readPackState } from '../../pipeline/meetings/pack-state.ts';
import { cycleDeps } from '../../pipeline/cycle.ts';
import { FakeClock } from '../../pipeline/schedule/clock.ts';
import { formatLondon } from '../../pipeline/time/london-time.ts';
import { appendRun, readRunLedger, type RunRecord } from '../../pipeline/schedule/run-ledger.ts';
import { runDue } from '../../pipeline/schedule/scheduler.ts';
import { panelServeOptions } from '../../pipeline/share/serve-options.ts';
import { startStaticServer, type StaticServer } from '../../pipeline/site/serve.ts';
import { parseMail, startSmtp, type TestSmtp } from '../delivery/smtp.ts';
import { ingestedDemoWorkspace, okRun } from '../helpers.ts';

const id = '2023-11-08-vawg'; // Wed 8 Nov 2023 10:30 GMT, lead time 7 days: 1 Nov 10:30
const lead = '2023-11-01T10:30:00.000Z';
const auth = { user: 'psm-opcc', pass: 'not-in-any-file' };
const panel = [
  { name: 'Priya Shah', email: 'priya.shah@panel.example' },
  { name: 'Tom Reid', email: 'tom.reid@panel.example' },
];
let paths: WorkspacePaths;
let ledgerPath: string;
let busy: TestSmtp;
let good: TestSmtp;
let server: StaticServer | undefined;
const logs: string[] = [];
const clock = new FakeClock('2023-11-02T09:00:00Z'); // the day after the lead time, before the release

const ok = okRun;
const deps = () => cycleDeps(paths, { clock, log: (l) => logs.push(l), retry: { attempts: 3, baseDelayMs: 30_000, factor: 2 } });

function writeDelivery(smtpPort: number, baseUrl: string): void {
  writeFileSync(
    paths.delivery,
    JSON.stringify(
      {
        smtp: { host: '127.0.0.1', port: smtpPort, security: 'none', user: auth.user, passwordEnv: 'PSM_TEST_SMTP_PASSWORD' },
        from: { name: 'OPCC performance team', email: 'performance@opcc.example' },
        baseUrl,
        linkDays: 10,
        lists: { panel, officers: [{ name: 'Ann Cole', email: 'ann.cole@force.example' }] },
        defaultLists: ['officers'],
      },
      null,
      2,
    ),
  );
}

async function command(argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  const quiet = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => (logs.push(String(s)), true));
  try {
    return { code: await meetingCommand([...argv, '--workspace', paths.root]), out };
  } finally {
    spy.mockRestore();
    quiet.mockRestore();
  }
}

beforeAll(async () => {
  paths = ingestedDemoWorkspace('psm-delivery-', 'PSM_MEETINGS_WORKSPACE');
  ledgerPath = join(paths.runs, 'runs.jsonl');
  appendRun(ledgerPath, ok('pack:2023-09-28-victims', '2023-09-21T12:30:00.000Z')); // long printed
  appendRun(ledgerPath, ok('ingest', '2023-11-02T03:30:00.000Z')); // tonight's ingest done
  const file = join(paths.reports, id, 'meeting.json');
  writeFileSync(file, readFileSync(file, 'utf8').replace('"leadDays": 7,', '"leadDays": 7,\n  "recipients": ["panel"],'));
  process.env.PSM_TEST_SMTP_PASSWORD = auth.pass;
  busy = await startSmtp({ auth, refuse: 451 });
  good = await startSmtp({ auth });
  writeDelivery(busy.port, 'http://127.0.0.1:9/'); // the server's own address is known once the site is built
}, 300_000);

afterAll(async () => {
  await server?.close();
  await busy?.close();
  await good?.close();
  delete process.env.PSM_TEST_SMTP_PASSWORD;
});

describe('delivery at the lead time', () => {
  it('prints the pack, then retries a refusing server with back-off and records the delivery failed', async () => {
    const result = await runDue(clock.now(), deps());
    if (result.status !== 'ran') throw new Error('busy');
    expect(result.runs.map((r) => [r.job, r.status, r.attempts])).toEqual([
      [`pack:${id}`, 'ok', 1],
      [`deliver:${id}`, 'failed', 3],
    ]);
    expect(clock.sleeps).toEqual([30_000, 60_000]); // one back-off for the server, not one per recipient
    expect(busy.rcptSeen).toEqual([...panel, ...panel, ...panel].map((p) => p.email));
    expect(busy.received).toEqual([]);
    const [record] = readRunLedger(ledgerPath).records.filter((r) => r.job === `deliver:${id}`);
    expect(record).toMatchObject({
      occurrence: lead,
      status: 'failed',
      error: expect.stringMatching(/^not sent to Priya Shah <priya\.shah@panel\.example> after 3 attempt\(s\): .*451/),
    });
    expect(record!.delivery!.recipients.map((r) => [r.name, r.status, r.attempts])).toEqual([
      ['Priya Shah', 'failed', 3],
      ['Tom Reid', 'failed', 3],
    ]);
  }, 300_000);

  it('shows the failure in psm meeting list', async () => {
    const { code, out } = await command(['list', '--json']);
    expect(code).toBe(0);
    const row = JSON.parse(out).rows.find((r: { id: string }) => r.id === id);
    expect(row.delivery).toMatchObject({ state: 'failed', detail: expect.stringMatching(/not sent to Priya Shah .*451/) });
    expect((await command(['list'])).out).toMatch(new RegExp(`${id}[\\s\\S]*delivery: FAILED: .*not sent to Priya Shah`));
  });

  it('sends at the next pass: two messages with the link, the OFFICIAL pack attached', async () => {
    server = await startStaticServer(paths.site, { port: 0, ...panelServeOptions(paths), now: () => clock.now() });
    writeDelivery(good.port, server.url);
    clock.advance(15 * 60_000);
    const result = await runDue(clock.now(), deps());
    expect(result.status === 'ran' && result.runs.map((r) => [r.job, r.status, r.occurrence])).toEqual([[`deliver:${id}`, 'ok', lead]]);
    expect(good.received.map((m) => m.envelopeTo)).toEqual(panel.map((p) => [p.email]));
    const pdf = readFileSync(join(paths.reports, id, 'out', 'pack.pdf'));
    const mail = parseMail(good.received[0]!.raw);
    expect(mail.to).toBe('Priya Shah <priya.shah@panel.example>');
    expect(mail.headers.get('from')).toBe('OPCC performance team <performance@opcc.example>');
    expect(mail.subject).toBe('OFFICIAL: Performance Scrutiny Meeting: Violence Against Women and Girls — pack for 2023-11-08 10:30 GMT');
    expect(mail.text).toContain('Dear Priya Shah,');
    expect(mail.text).toContain('embargoed until 2023-11-08 10:30 GMT');
    const expires = new Date(clock.now().getTime() + 10 * 86_400_000); // linkDays 10 from the pass (09:16:30 after the back-off)
    expect(mail.text).toContain(`until ${formatLondon(expires)}. Please do not forward it.`);
    expect(mail.attachments.map((a) => a.filename)).toEqual([`${id}.pdf`]);
    expect(mail.attachments[0]!.content.equals(pdf)).toBe(true);
    const [record] = readRunLedger(ledgerPath).records.filter((r) => r.job === `deliver:${id}` && r.status === 'ok');
    expect(record!.delivery).toMatchObject({
      attached: true,
      linkExpiresAt: expires.toISOString(),
      recipients: [
        { status: 'ok', attempts: 1 },
        { status: 'ok', attempts: 1 },
      ],
    });
  }, 300_000);

  it('its link opens the embargoed pack, and nothing opens it without one', async () => {
    const mail = parseMail(good.received[1]!.raw);
    const link = /^PDF: +(\S+)$/m.exec(mail.text)![1]!;
    expect(link.startsWith(`${server!.url}packs/${id}.pdf?share=`)).toBe(true);
    expect((await fetch(new URL(`packs/${id}.pdf`, server!.url))).status).toBe(403);
    const first = await fetch(link, { redirect: 'manual' });
    expect(first.status).toBe(303);
    const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
    const pdf = await fetch(new URL(first.headers.get('location')!, link), { headers: { cookie } });
    expect(pdf.status).toBe(200);
    expect(Buffer.from(await pdf.arrayBuffer()).equals(readFileSync(join(paths.reports, id, 'out', 'pack.pdf')))).toBe(true);
    const page = /^Read it: +(\S+)$/m.exec(mail.text)![1]!;
    expect((await fetch(page, { redirect: 'manual' })).status).toBe(303);
    const row = JSON.parse((await command(['list', '--json'])).out).rows.find((r: { id: string }) => r.id === id);
    expect(row.delivery).toMatchObject({ state: 'sent', detail: expect.stringMatching(/^sent to 2 recipients at .*PDF attached/) });
  });

  it('is not sent again by the schedule', async () => {
    clock.advance(15 * 60_000);
    expect(await runDue(clock.now(), deps())).toMatchObject({ status: 'ran', runs: [], waiting: [] });
    expect(good.received).toHaveLength(2);
  });
});

describe('psm meeting send', () => {
  it('--to resends to one recipient by hand, recorded as manual', async () => {
    const n = readRunLedger(ledgerPath).records.length;
    const { code, out } = await command(['send', id, '--to', 'tom reid', '--json']);
    expect(code).toBe(0);
    expect(good.received.at(-1)!.envelopeTo).toEqual(['tom.reid@panel.example']);
    expect(good.received).toHaveLength(3);
    const record = JSON.parse(out) as RunRecord;
    expect(record).toMatchObject({
      job: `deliver:${id}`,
      status: 'ok',
      delivery: { manual: true, recipients: [{ name: 'Tom Reid', status: 'ok' }] },
    });
    expect(readRunLedger(ledgerPath).records.slice(n)).toEqual([record]);
  });

  it('refuses a name that is not a recipient, sending and recording nothing', async () => {
    const n = readRunLedger(ledgerPath).records.length;
    const { code } = await command(['send', id, '--to', 'Ann Cole']);
    expect(code).toBe(2);
    expect(logs.join('')).toMatch(/no recipient "Ann Cole" for meeting 2023-11-08-vawg: its recipients are Priya Shah, Tom Reid/);
    expect(readRunLedger(ledgerPath).records).toHaveLength(n);
    expect(good.received).toHaveLength(3);
  });

  it('reports a server that refuses for good without retrying (exit 1, recorded failed)', async () => {
    const refusing = await startSmtp({ auth, refuse: 550 });
    try {
      writeDelivery(refusing.port, server!.url);
      const { code, out } = await command(['send', id, '--to', 'priya.shah@panel.example']);
      expect(code).toBe(1);
      expect(out).toMatch(/✗ Priya Shah <priya\.shah@panel\.example>: .*550/);
      expect(refusing.rcptSeen).toEqual(['priya.shah@panel.example']); // once: a 5xx is not tried again
      expect(readRunLedger(ledgerPath).records.at(-1)).toMatchObject({ job: `deliver:${id}`, status: 'failed', attempts: 1 });
    } finally {
      await refusing.close();
    }
  });
});

describe('approval', () => {
  const afterRelease = new Date('2023-11-08T11:00:00Z');
  let public_: StaticServer | undefined;
  const file = () => join(paths.reports, id, 'meeting.json');
  const manifest = () => JSON.parse(readFileSync(join(paths.reports, id, 'out', 'manifest.json'), 'utf8'));
  const row = async () => JSON.parse((await command(['list', '--json'])).out).rows.find((r: { id: string }) => r.id === id);
  const pdfStatus = async () => (await fetch(new URL(`packs/${id}.pdf`, public_!.url))).status;

  afterAll(async () => {
    await public_?.close();
  });

  it('holds a pack that requires approval: not sent, not released, and psm meeting list says so', async () => {
    writeFileSync(file(), readFileSync(file(), 'utf8').replace('"leadDays": 7,', '"leadDays": 7,\n  "requiresApproval": true,'));
    public_ = await startStaticServer(paths.site, { port: 0, ...panelServeOptions(paths), now: () => afterRelease });
    expect(await pdfStatus()).toBe(403);
    expect(await (await fetch(new URL(`packs/${id}`, public_.url))).text()).toContain('awaiting approval before its release');
    expect((await row()).approval).toMatchObject({
      state: 'awaiting',
      detail: expect.stringMatching(/requires approval: the pack printed now .* is not approved/),
    });
    const n = readRunLedger(ledgerPath).records.length;
    expect((await command(['send', id])).code).toBe(2);
    expect(readRunLedger(ledgerPath).records).toHaveLength(n);
  });

  it('records who approved which print, in the manifest and the PDF, and then releases it', async () => {
    const printed = manifest().pdf.sha256 as string;
    expect((await command(['approve', id, '--by', 'Chief Executive', '--sha256', 'deadbeef'])).code).toBe(1); // not the print reviewed
    const { code, out } = await command(['approve', id, '--by', 'Chief Executive', '--sha256', printed.slice(0, 12), '--json']);
    expect(code).toBe(0);
    const approval = JSON.parse(out);
    expect(approval).toMatchObject({ meeting: id, by: 'Chief Executive', printedSha256: printed });
    expect(manifest()).toMatchObject({ approval: { by: 'Chief Executive', printedSha256: printed }, pdf: { sha256: approval.sha256 } });
    const bytes = readFileSync(join(paths.reports, id, 'out', 'pack.pdf'));
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    const info = doc.context.lookup(doc.context.trailerInfo.Info) as PDFDict;
    expect((info.get(PDFName.of('PSMApprovedBy')) as PDFHexString).decodeText()).toBe('Chief Executive');
    expect((info.get(PDFName.of('PSMApprovedSha256')) as PDFString).decodeText()).toBe(printed);
    expect(doc.getPageCount()).toBe(manifest().pages);
    expect(readPackState(join(paths.reports, id), id)).toMatchObject({ print: 'printed' });
    const pdf = await fetch(new URL(`packs/${id}.pdf`, public_!.url));
    expect(pdf.status).toBe(503); // released, but the print still says DRAFT: the reprint is due
    expect((await row()).approval).toMatchObject({ state: 'approved', detail: expect.stringMatching(/^by Chief Executive at /) });
  });

  it('needs approving again after the reprint', async () => {
    clock.set(afterRelease);
    appendRun(ledgerPath, ok('ingest', '2023-11-08T03:30:00.000Z'));
    const result = await runDue(clock.now(), deps());
    expect(result.status === 'ran' && result.runs.map((r) => [r.job, r.status])).toEqual([[`reprint:${id}`, 'ok']]);
    expect(manifest().approval).toBeUndefined();
    expect(await row()).toMatchObject({
      status: 'printed',
      detail: expect.stringMatching(/withheld from the public until it is approved/),
      approval: { state: 'awaiting' },
    });
    expect(await pdfStatus()).toBe(403);
    expect((await command(['approve', id, '--by', 'Chief Executive'])).code).toBe(0);
    const pdf = await fetch(new URL(`packs/${id}.pdf`, public_!.url));
    expect(pdf.status).toBe(200);
    expect(Buffer.from(await pdf.arrayBuffer()).equals(readFileSync(join(paths.reports, id, 'out', 'pack.pdf')))).toBe(true);
    expect(await row()).toMatchObject({ status: 'released', approval: { state: 'approved' } });
  }, 300_000);
});
