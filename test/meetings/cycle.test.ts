// The analyst's cycle on a copy of the ingested demo workspace, with real files, the real
// warehouse, a real site build and real Chromium (two prints in all): psm meeting new from a demo
// meeting; its pack printed at the lead time marked DRAFT; after the release time the public gets
// no DRAFT PDF, and the schedule reprints it without the marking; then the failure paths of the
// unattended run — a meeting that cannot be read and one that fails its check are failed steps in
// runs/runs.jsonl and make `psm run` exit 1, also once they have given up; a folder copied with
// the other meeting's out/ is neither served nor reported as printed.
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { WorkspacePaths } from '../../pipeline/config.ts';
import { cycleDeps } from '../../pipeline/cycle.ts';
import { run as meetingCommand } from '../../pipeline/commands/meeting.ts';
import { run as runCommand } from '../../pipeline/commands/run.ts';
import { meetingCalendar } from '../../pipeline/meetings/calendar.ts';
import { checkMeeting } from '../../pipeline/meetings/check.ts';
import { readPackState } from '../../pipeline/meetings/pack-state.ts';
import { pageTexts } from '../../pipeline/render/poppler.ts';
import { FakeClock } from '../../pipeline/schedule/clock.ts';
import { appendRun, readRunLedger, type RunRecord } from '../../pipeline/schedule/run-ledger.ts';
import { runDue } from '../../pipeline/schedule/scheduler.ts';
import { panelServeOptions } from '../../pipeline/share/serve-options.ts';
import { startStaticServer, type StaticServer } from '../../pipeline/site/serve.ts';
import { ingestedDemoWorkspace, okRun } from '../helpers.ts';

const id = '2023-11-29-vawg'; // Wed 29 Nov 2023 10:30 GMT, like the demo VAWG meeting of 8 Nov
const nightly = { hour: 3, minute: 30 };
let paths: WorkspacePaths;
let ledgerPath: string;
let server: StaticServer | undefined;
const logs: string[] = [];

const ok = okRun;
/** The ledger's records since `n` records in. */
const ledgerFrom = (n: number) => readRunLedger(ledgerPath).records.slice(n);

/** Runs a command module as the CLI would, returning its exit code and what it wrote to stdout. */
async function command(run: (argv: string[]) => Promise<number>, argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  const quiet = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => (logs.push(String(s)), true));
  try {
    return { code: await run([...argv, '--workspace', paths.root]), out };
  } finally {
    spy.mockRestore();
    quiet.mockRestore();
  }
}

beforeAll(() => {
  paths = ingestedDemoWorkspace('psm-meeting-cycle-', 'PSM_MEETINGS_WORKSPACE');
  ledgerPath = join(paths.runs, 'runs.jsonl');
  // The demo meetings' packs went out long ago: their lead-time jobs are in the ledger as done.
  appendRun(ledgerPath, ok('pack:2023-09-28-victims', '2023-09-21T12:30:00.000Z'));
  appendRun(ledgerPath, ok('pack:2023-11-08-vawg', '2023-11-01T10:30:00.000Z'));
}, 300_000);

afterAll(async () => {
  await server?.close();
});

describe('psm meeting new', () => {
  it('makes the folder from a demo meeting: date from the id, release rolled, dataTo from the data, lists from the defaults, no out/', async () => {
    writeFileSync(
      join(paths.root, 'meeting-defaults.json'),
      JSON.stringify({ distribution: ['Police and Crime Commissioner', 'Panel secretary'], contact: 'OPCC data team' }),
    );
    const { code, out } = await command(meetingCommand, ['new', id, '--like', '2023-11-08-vawg', '--json']);
    expect(code).toBe(0);
    const m = JSON.parse(readFileSync(join(paths.reports, id, 'meeting.json'), 'utf8'));
    expect(m).toMatchObject({
      date: '2023-11-29',
      time: '10:30',
      releaseAt: '2023-11-29T10:30',
      leadDays: 7,
      dataTo: '2023-10',
      contact: 'OPCC data team',
    });
    expect(m.distribution).toEqual(['Police and Crime Commissioner', 'Panel secretary']); // not the old meeting's list
    expect(existsSync(join(paths.reports, id, 'out'))).toBe(false);
    const rasso = readFileSync(join(paths.reports, id, 'sections', 'rasso.md'), 'utf8');
    expect(rasso).toMatch(/^<!--/);
    expect(rasso).toMatch(/\{\{ rasso_recorded r12 2023-06 \}\} +→ 3,411/); // today's value beside each reference
    expect(rasso).toContain('{{ change rasso_recorded r12 2023-10 vs 2022-10 | updown1 }}');
    // What is left to do: the commentary of each of the five sections.
    const check = JSON.parse(out).check;
    expect(check.problems.map((p: { message: string }) => p.message)).toEqual(
      Array(5).fill(expect.stringMatching(/has no commentary yet/)),
    );
    // A second time is refused: it never writes over a meeting.
    expect((await command(meetingCommand, ['new', id, '--like', '2023-11-08-vawg'])).code).toBe(2);
  });

  it('passes its check once the commentary is written from the references it lists', async () => {
    for (const f of readdirSync(join(paths.reports, id, 'sections'))) {
      const file = join(paths.reports, id, 'sections', f);
      const ref = /\{\{ [^}]*r12 2023-10 \}\}/.exec(readFileSync(file, 'utf8'))![0];
      writeFileSync(file, `${readFileSync(file, 'utf8')}In the 12 months to October 2023 the figure was ${ref}.\n`);
    }
    const r = await checkMeeting(paths, id);
    expect(r.problems).toEqual([]);
  });
});

describe('release: the pack in public is never the DRAFT print', () => {
  const clock = new FakeClock('2023-11-23T09:00:00Z'); // the day after the lead time (22 Nov 10:30)
  const deps = () => cycleDeps(paths, { clock, log: (l) => logs.push(l), retry: { attempts: 1, baseDelayMs: 0, factor: 1 } });
  const afterRelease = new Date('2023-11-29T10:45:00Z');
  let before: number;

  it('prints at the lead time marked DRAFT, and the server withholds that PDF from the public after the release', async () => {
    appendRun(ledgerPath, ok('ingest', '2023-11-23T03:30:00.000Z')); // tonight's ingest done: this pass is the pack's
    before = readRunLedger(ledgerPath).records.length;
    const result = await runDue(clock.now(), deps());
    expect(result.status === 'ran' && result.runs.map((r) => [r.job, r.status, r.error])).toEqual([[`pack:${id}`, 'ok', undefined]]);
    const state = readPackState(join(paths.reports, id), id);
    expect(state).toMatchObject({ print: 'printed', draft: true });

    server = await startStaticServer(paths.site, { port: 0, ...panelServeOptions(paths), now: () => afterRelease });
    const pdf = await fetch(new URL(`packs/${id}.pdf`, server.url));
    expect(pdf.status).toBe(503);
    expect(await pdf.text()).toContain('being printed without its DRAFT marking');
    expect((await fetch(new URL(`packs/${id}`, server.url))).status).toBe(200); // the web page is public

    const row = meetingCalendar(paths, afterRelease, nightly).rows.find((r) => r.id === id)!;
    expect(row).toMatchObject({ status: 'printed', detail: expect.stringMatching(/withheld from the public until it is reprinted/) });
    expect(row.next?.action).toMatch(/^reprint the pack without its DRAFT marking at the next pass/);
  }, 300_000);

  it('reprints it without DRAFT once the release time has passed, and then serves it', async () => {
    clock.set(afterRelease);
    appendRun(ledgerPath, ok('ingest', '2023-11-29T03:30:00.000Z'));
    const result = await runDue(clock.now(), deps());
    expect(result.status === 'ran' && result.runs.map((r) => [r.job, r.status, r.occurrence])).toEqual([
      [`reprint:${id}`, 'ok', '2023-11-29T10:30:00.000Z'],
    ]);
    const state = readPackState(join(paths.reports, id), id);
    expect(state).toMatchObject({ print: 'printed', draft: false });
    const pdfPath = join(paths.reports, id, 'out', 'pack.pdf');
    const text = (await pageTexts(pdfPath))!.join('\n');
    expect(text).not.toContain('DRAFT');
    expect(text).toContain('Police and Crime Commissioner'); // the distribution from the defaults
    const pdf = await fetch(new URL(`packs/${id}.pdf`, server!.url));
    expect(pdf.status).toBe(200);
    expect(Buffer.from(await pdf.arrayBuffer()).equals(readFileSync(pdfPath))).toBe(true);
    // Nothing more to do for it.
    expect(await runDue(clock.now(), deps())).toMatchObject({ status: 'ran', runs: [], waiting: [] });
    expect(meetingCalendar(paths, afterRelease, nightly).rows.find((r) => r.id === id)).toMatchObject({ status: 'released', next: null });
    expect(ledgerFrom(before).map((r) => r.job)).toEqual([`pack:${id}`, 'ingest', `reprint:${id}`]);
  }, 300_000);
});

describe('an unattended run fails loudly', () => {
  // Two meetings a few days from the real clock (psm run reads it): their packs are due now.
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const broken = `${day(3)}-broken`;
  const late = `${day(4)}-late`;

  it('a meeting that cannot be read, and one that fails its check, are failed steps and psm run exits 1', async () => {
    cpSync(join(paths.reports, id), join(paths.reports, broken), { recursive: true, filter: (s) => !s.includes('/out') });
    writeFileSync(join(paths.reports, broken, 'meeting.json'), '{\n  "title": "Half a meeting",\n  "date": "x"\n  "time": "10:30"\n');
    cpSync(join(paths.reports, id), join(paths.reports, late), { recursive: true, filter: (s) => !s.includes('/out') });
    const lateJson = readFileSync(join(paths.reports, late, 'meeting.json'), 'utf8')
      .replace('"date": "2023-11-29"', `"date": "${late.slice(0, 10)}"`)
      .replace('"dataTo": "2023-10"', '"dataTo": "2024-02"');
    writeFileSync(join(paths.reports, late, 'meeting.json'), lateJson);
    const n = readRunLedger(ledgerPath).records.length;

    const { code, out } = await command(runCommand, []);
    expect(code).toBe(1);
    const failed = ledgerFrom(n).filter((r) => r.status === 'failed');
    expect(failed.map((r) => [r.job, r.attempts])).toEqual([
      [`pack:${broken}`, 1],
      [`pack:${late}`, 1],
    ]); // no retry: a check does not cure itself
    expect(failed[0]!.error).toContain(
      `reports/${broken}/meeting.json:4:3: error: not valid JSON: expected "," or "}" after the value of "date"`,
    );
    expect(failed[1]!.error).toMatch(new RegExp(`reports/${late}/meeting.json:\\d+:\\d+: error: dataTo 2024-02 is after the data`));
    expect(out).toContain(`✗ pack:${broken}`);
    const rows = meetingCalendar(paths, new Date(), nightly).rows;
    expect(rows.find((r) => r.id === broken)).toMatchObject({ status: 'failed', detail: expect.stringMatching(/^cannot be read/) });
    expect(rows.find((r) => r.id === late)).toMatchObject({
      status: 'failed',
      detail: expect.stringMatching(/dataTo 2024-02 is after the data/),
    });
    rmSync(join(paths.reports, late), { recursive: true });
  }, 300_000);

  it('still exits 1 once the job has given up, and tries again when the meeting is edited', async () => {
    const [last] = ledgerFrom(0).filter((r) => r.job === `pack:${broken}`);
    for (let i = 0; i < 2; i++) appendRun(ledgerPath, { ...last!, finishedAt: new Date().toISOString() }); // three failed passes in all
    const n = readRunLedger(ledgerPath).records.length;
    const gaveUp = await command(runCommand, ['--json']);
    expect(gaveUp.code).toBe(1);
    expect(ledgerFrom(n).map((r) => r.job)).not.toContain(`pack:${broken}`); // not tried again by itself...
    expect(JSON.parse(gaveUp.out).waiting).toEqual([expect.objectContaining({ job: `pack:${broken}`, failures: 3 })]); // ...and still reported
    await new Promise((r) => setTimeout(r, 50));
    const now = new Date();
    utimesSync(join(paths.reports, broken, 'meeting.json'), now, now); // the analyst edits it (and it is still broken)
    const m = readRunLedger(ledgerPath).records.length;
    expect((await command(runCommand, [])).code).toBe(1);
    expect(
      ledgerFrom(m)
        .filter((r) => r.job === `pack:${broken}`)
        .map((r) => r.status),
    ).toEqual(['failed']);
    rmSync(join(paths.reports, broken), { recursive: true });
  }, 300_000);
});

describe("a folder copied with another meeting's out/", () => {
  it('is neither served nor reported as printed', async () => {
    const copy = '2099-01-07-vawg'; // far ahead: nothing of it is due
    cpSync(join(paths.reports, id), join(paths.reports, copy), { recursive: true });
    const file = join(paths.reports, copy, 'meeting.json');
    writeFileSync(
      file,
      readFileSync(file, 'utf8')
        .replace('"date": "2023-11-29"', '"date": "2099-01-07"')
        .replace('"releaseAt": "2023-11-29T10:30"', '"releaseAt": "2099-01-07T10:30"'),
    );
    expect(readPackState(join(paths.reports, copy), copy)).toMatchObject({ print: 'foreign', draft: null });
    const row = meetingCalendar(paths, new Date('2099-02-01T00:00:00Z'), nightly).rows.find((r) => r.id === copy)!;
    expect(row).toMatchObject({ status: 'draft', pdf: null, detail: expect.stringContaining(`out/ holds the pack of meeting ${id}`) });
    const late = await startStaticServer(paths.site, { port: 0, ...panelServeOptions(paths), now: () => new Date('2099-02-01T00:00:00Z') });
    try {
      expect((await fetch(new URL(`packs/${copy}.pdf`, late.url))).status).toBe(404);
      expect((await fetch(new URL(`packs/${id}.pdf`, late.url))).status).toBe(200);
    } finally {
      await late.close();
    }
  });
});
