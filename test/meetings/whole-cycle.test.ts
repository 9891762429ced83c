// The analyst's whole cycle, in the order they do it, on a copy of the ingested demo workspace with
// real components only (DuckDB files, the real CLI, Framework's preview server, headless Chromium,
// an SMTP server started here): `psm meeting new` from the previous meeting; `psm meeting check`
// with four planted errors in three files, all reported in one pass at file:line:column, then
// fixed; `psm preview` showing a commentary edit on the open page; `psm pack`; the schedule holding
// the email until `psm meeting approve`; delivery to the SMTP server, the message read back and its
// link followed to the pack; and after the release time the schedule's reprint without DRAFT,
// approved again and served to the public. Each step's failure paths have their own tests
// (check.test.ts, preview.test.ts, delivery.test.ts, cycle.test.ts, stale-run.test.ts).
import type { ChildProcess } from 'node:child_process';
import { appendFileSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as meetingCommand } from '../../pipeline/commands/meeting.ts';
import { run as packCommand } from '../../pipeline/commands/pack.ts';
import type { WorkspacePaths } from '../../pipeline/config.ts';
import { cycleDeps } from '../../pipeline/cycle.ts';
import { readPackState } from '../../pipeline/meetings/pack-state.ts';
import { launchBrowser } from '../../pipeline/render/browser.ts';
import { pageTexts } from '../../pipeline/render/poppler.ts';
import { FakeClock } from '../../pipeline/schedule/clock.ts';
import { appendRun } from '../../pipeline/schedule/run-ledger.ts';
import { runDue } from '../../pipeline/schedule/scheduler.ts';
import { panelServeOptions } from '../../pipeline/share/serve-options.ts';
import { startStaticServer, type StaticServer } from '../../pipeline/site/serve.ts';
import { parseMail, startSmtp, type TestSmtp } from '../delivery/smtp.ts';
import { ingestedDemoWorkspace, okRun, runCli, startPreview as startPreviewOf } from '../helpers.ts';

const id = '2023-11-29-vawg'; // Wed 29 Nov 2023 10:30 GMT: printed at the lead time, 22 Nov 10:30
const panel = [
  { name: 'Priya Shah', email: 'priya.shah@panel.example' },
  { name: 'Tom Reid', email: 'tom.reid@panel.example' },
];
const clock = new FakeClock('2023-11-23T09:00:00Z'); // the day after the lead time
let paths: WorkspacePaths;
let smtp: TestSmtp;
let server: StaticServer | undefined;
let preview: ChildProcess | undefined;
const dir = () => join(paths.reports, id);
const deps = () => cycleDeps(paths, { clock, log: () => {}, retry: { attempts: 1, baseDelayMs: 0, factor: 1 } });

const psm = (run: (argv: string[]) => Promise<number>, ...argv: string[]) => runCli(run, paths.root, argv);

/** The 1-based line:column of `needle` in a file of the meeting. */
function at(file: string, needle: string): string {
  const text = readFileSync(join(dir(), file), 'utf8');
  const before = text.slice(0, text.indexOf(needle)).split('\n');
  return `${before.length}:${before.at(-1)!.length + 1}`;
}

beforeAll(async () => {
  paths = ingestedDemoWorkspace('psm-whole-cycle-');
  const ledger = join(paths.runs, 'runs.jsonl');
  appendRun(ledger, okRun('pack:2023-09-28-victims', '2023-09-21T12:30:00.000Z')); // the demo's packs went out long ago
  appendRun(ledger, okRun('pack:2023-11-08-vawg', '2023-11-01T10:30:00.000Z'));
  appendRun(ledger, okRun('ingest', '2023-11-23T03:30:00.000Z')); // and tonight's ingest is done
  smtp = await startSmtp();
}, 300_000);

afterAll(async () => {
  await stopPreview();
  await server?.close();
  await smtp?.close();
});

async function newMeeting(): Promise<void> {
  writeFileSync(
    join(paths.root, 'meeting-defaults.json'),
    JSON.stringify({ distribution: ['Police and Crime Commissioner', 'Panel secretary'], contact: 'OPCC data team' }),
  );
  const made = await psm(meetingCommand, 'new', id, '--like', '2023-11-08-vawg');
  expect(made.code).toBe(0);
  expect(made.out).toContain(`section "rasso" has no commentary yet`);
  expect(readdirSync(dir())).toEqual(['meeting.json', 'questions.md', 'sections']); // no out/
  // The analyst's one edit to meeting.json: this pack is approved before it goes out.
  const file = join(dir(), 'meeting.json');
  writeFileSync(file, readFileSync(file, 'utf8').replace('"leadDays": 7,', '"leadDays": 7,\n  "requiresApproval": true,'));
}

/** Commentary for every section from the references its file lists, with `typos` applied to it. */
function writeCommentary(typos: (section: string, text: string) => string): void {
  for (const f of readdirSync(join(dir(), 'sections')).filter((f) => !f.startsWith('rassso'))) {
    const file = join(dir(), 'sections', f);
    const notes = readFileSync(file, 'utf8').replace(/(-->\n)[\s\S]*$/, '$1');
    const ref = /\{\{ [^}]*r12 2023-10 \}\}/.exec(notes)![0];
    writeFileSync(file, `${notes}\n${typos(f, `In the 12 months to October 2023 the figure was ${ref}.`)}\n`);
  }
}

async function checkWithPlantedErrors(): Promise<void> {
  writeCommentary((f, text) =>
    f === 'rasso.md'
      ? `${text} Recorded: {{ rasso_recordd r12 2023-10 }}; in 2025 {{ rasso_recorded r12 2025-08 }}.`
      : f === 'stalking.md'
        ? `${text} As a share: {{ spo_active r12 2023-10 | pct9 }}.`
        : text,
  );
  writeFileSync(join(dir(), 'sections', 'rassso.md'), 'A stray file.\n');
  const { code, out } = await psm(meetingCommand, 'check', id);
  expect(code).toBe(1);
  const where = (file: string, needle: string) => `reports/${id}/${file}:${at(file, needle)}: error:`;
  expect(out).toContain(`${where('sections/rasso.md', '{{ rasso_recordd')} unknown metric "rasso_recordd"`);
  expect(out).toContain('(did you mean "rasso_recorded"?)');
  expect(out).toMatch(
    new RegExp(`${where('sections/rasso.md', '{{ rasso_recorded r12 2025-08')} no value for rasso_recorded in r12 2025-08`),
  );
  expect(out).toContain(`${where('sections/stalking.md', '{{ spo_active r12 2023-10 | pct9')} unknown format "pct9"`);
  expect(out).toContain(`reports/${id}/sections/rassso.md:1:1: error: matches no section of meeting.json`);
  expect(out).toContain(`${id}: 4 errors, 0 warnings — the pack will not print until the errors are fixed`);
  // Fixed: every section has its commentary, and the stray file goes.
  writeCommentary((_, text) => text);
  rmSync(join(dir(), 'sections', 'rassso.md'));
  const fixed = await psm(meetingCommand, 'check', id);
  expect(fixed.out).toContain(`${id}: no problems`);
  expect(fixed.code).toBe(0);
}

async function startPreview(): Promise<string> {
  const started = await startPreviewOf(paths.root, id);
  preview = started.child;
  return started.url;
}

async function stopPreview(): Promise<void> {
  const child = preview;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function previewShowsAnEdit(): Promise<void> {
  const url = await startPreview();
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.goto(url, { waitUntil: 'domcontentloaded' }); // not networkidle: the preview keeps a socket open
    const drawn = () => document.documentElement.dataset.packReady === 'true' || document.documentElement.dataset.packError;
    await page.waitForFunction(drawn, { timeout: 120_000 });
    expect(await page.evaluate(() => document.documentElement.dataset.packError ?? null)).toBeNull();
    expect(await page.evaluate(() => document.body.innerText)).toContain('In the 12 months to October 2023 the figure was');
    const marker = `The analyst's new sentence, ${Date.now()}.`;
    appendFileSync(join(dir(), 'sections', 'civil-orders.md'), `\n${marker}\n`);
    await page.waitForFunction((m) => document.body.innerText.includes(m), { timeout: 60_000 }, marker);
  } finally {
    await browser.close();
    await stopPreview();
  }
}

function writeDelivery(baseUrl: string): void {
  const config = {
    smtp: { host: '127.0.0.1', port: smtp.port, security: 'none' },
    from: { name: 'OPCC performance team', email: 'performance@opcc.example' },
    baseUrl,
    lists: { panel },
    defaultLists: ['panel'],
  };
  writeFileSync(paths.delivery, JSON.stringify(config, null, 2));
}

async function printApproveDeliver(): Promise<void> {
  const printed = await psm(packCommand, id, '--at', clock.now().toISOString()); // builds the site first
  expect(printed.code, printed.out).toBe(0);
  expect(readPackState(dir(), id)).toMatchObject({ print: 'printed', draft: true });
  server = await startStaticServer(paths.site, { port: 0, ...panelServeOptions(paths), now: () => clock.now() });
  writeDelivery(server.url);
  const held = await runDue(clock.now(), deps());
  expect(held).toMatchObject({ status: 'ran', runs: [], held: [{ job: `deliver:${id}` }] });
  expect(smtp.received).toEqual([]);

  expect((await psm(meetingCommand, 'approve', id, '--by', 'Chief Executive')).code).toBe(0);
  clock.advance(15 * 60_000);
  const sent = await runDue(clock.now(), deps());
  expect(sent.status === 'ran' && sent.runs.map((r) => [r.job, r.status])).toEqual([[`deliver:${id}`, 'ok']]);
  expect(smtp.received.map((m) => m.envelopeTo)).toEqual(panel.map((p) => [p.email]));
  const mail = parseMail(smtp.received[0]!.raw);
  expect(mail.to).toBe('Priya Shah <priya.shah@panel.example>');
  const link = /^PDF: +(\S+)$/m.exec(mail.text)![1]!;
  const first = await fetch(link, { redirect: 'manual' });
  expect(first.status).toBe(303);
  const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
  const pdf = await fetch(new URL(first.headers.get('location')!, link), { headers: { cookie } });
  expect(pdf.status).toBe(200);
  expect(Buffer.from(await pdf.arrayBuffer()).equals(readFileSync(join(dir(), 'out', 'pack.pdf')))).toBe(true);
}

async function releaseReprinted(): Promise<void> {
  clock.set('2023-11-29T10:45:00Z');
  appendRun(join(paths.runs, 'runs.jsonl'), okRun('ingest', '2023-11-29T03:30:00.000Z'));
  const publicPdf = () => fetch(new URL(`packs/${id}.pdf`, server!.url));
  expect((await publicPdf()).status).toBe(503); // released, but the print says DRAFT: never served
  const reprint = await runDue(clock.now(), deps());
  expect(reprint.status === 'ran' && reprint.runs.map((r) => [r.job, r.status])).toEqual([[`reprint:${id}`, 'ok']]);
  expect(readPackState(dir(), id)).toMatchObject({ print: 'printed', draft: false });
  expect((await publicPdf()).status).toBe(403); // a reprint needs approving again
  expect((await psm(meetingCommand, 'approve', id, '--by', 'Chief Executive')).code).toBe(0);
  const pdf = await publicPdf();
  expect(pdf.status).toBe(200);
  const file = join(dir(), 'out', 'pack.pdf');
  expect(Buffer.from(await pdf.arrayBuffer()).equals(readFileSync(file))).toBe(true);
  const text = (await pageTexts(file))!.join('\n');
  expect(text).not.toContain('DRAFT');
  expect(text).toContain("The analyst's new sentence"); // the edit made in the preview is in the pack
  const list = JSON.parse((await psm(meetingCommand, 'list', '--json')).out).rows.find((r: { id: string }) => r.id === id);
  expect(list).toMatchObject({ status: 'released', approval: { state: 'approved' }, delivery: { state: 'sent' } });
}

describe('the meeting cycle', () => {
  it('new → check → preview → print → approve → deliver → release', async () => {
    await newMeeting();
    await checkWithPlantedErrors();
    await previewShowsAnEdit();
    await printApproveDeliver();
    await releaseReprinted();
  }, 600_000);
});
