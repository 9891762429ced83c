// runDue and startSchedule with the real lock, ledger and London-time code on disk in a temp dir and
// a FakeClock; only the two job executors are fakes that record their calls.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../pipeline/schedule/clock.ts';
import type { MeetingPackInput } from '../../pipeline/schedule/due.ts';
import { appendRun, readRunLedger, type RunRecord } from '../../pipeline/schedule/run-ledger.ts';
import { runDue, startSchedule } from '../../pipeline/schedule/scheduler.ts';
import type { RunDeps } from '../../pipeline/schedule/run-deps.ts';
import { okRun } from '../helpers.ts';

const ok = okRun;

function workspace(clock: FakeClock, meetings: MeetingPackInput[] = []) {
  const runs = join(mkdtempSync(join(tmpdir(), 'psm-schedule-')), 'runs');
  const calls: string[] = [];
  const logs: string[] = [];
  const deps: RunDeps = {
    clock,
    ledgerPath: join(runs, 'runs.jsonl'),
    lockPath: join(runs, 'psm.lock'),
    nightlyAt: { hour: 3, minute: 30 },
    meetings: () => meetings,
    ingest: async () => void calls.push(`ingest@${clock.now().toISOString()}`),
    pack: async (id) => void calls.push(`pack ${id}@${clock.now().toISOString()}`),
    log: (l) => logs.push(l),
  };
  return { deps, calls, logs, ledger: () => readRunLedger(deps.ledgerPath).records };
}

describe('catch-up after downtime', () => {
  // Machine off from Mon 13 Nov 2023 10:00Z to Thu 16 Nov 12:00Z (GMT, so London = UTC).
  const meetings: MeetingPackInput[] = [
    { meetingId: 'psm-2023-10', startsAt: new Date('2023-10-17T09:00:00Z'), leadDays: 7 }, // pack 10 Oct 09:00Z, done
    { meetingId: 'psm-2023-11', startsAt: new Date('2023-11-21T10:00:00Z'), leadDays: 7 }, // pack 14 Nov 10:00Z, missed
    { meetingId: 'psm-2023-12', startsAt: new Date('2023-12-05T10:00:00Z'), leadDays: 7 }, // pack 28 Nov, not yet
  ];

  it('runs one ingest for the three missed nights and the pack whose lead time passed', async () => {
    const clock = new FakeClock('2023-11-16T12:00:00Z');
    const w = workspace(clock, meetings);
    appendRun(w.deps.ledgerPath, ok('ingest', '2023-11-13T03:30:00.000Z'));
    appendRun(w.deps.ledgerPath, ok('pack:psm-2023-10', '2023-10-10T09:00:00.000Z'));

    const result = await runDue(clock.now(), w.deps);
    expect(result.status).toBe('ran');
    expect(w.calls).toEqual(['ingest@2023-11-16T12:00:00.000Z', 'pack psm-2023-11@2023-11-16T12:00:00.000Z']);
    expect(w.ledger().slice(2)).toEqual([
      {
        job: 'ingest',
        occurrence: '2023-11-16T03:30:00.000Z',
        startedAt: '2023-11-16T12:00:00.000Z',
        finishedAt: '2023-11-16T12:00:00.000Z',
        status: 'ok',
        attempts: 1,
      },
      {
        job: 'pack:psm-2023-11',
        occurrence: '2023-11-14T10:00:00.000Z',
        startedAt: '2023-11-16T12:00:00.000Z',
        finishedAt: '2023-11-16T12:00:00.000Z',
        status: 'ok',
        attempts: 1,
      },
    ]);

    // A second pass at the same moment (e.g. the 15-minute poll) finds nothing to do.
    expect(await runDue(clock.now(), w.deps)).toEqual({ status: 'ran', runs: [], warnings: [], waiting: [] });
    expect(w.calls).toHaveLength(2);
  });

  it('startSchedule catches up at once on start, then stops cleanly', async () => {
    const clock = new FakeClock('2023-11-16T12:00:00Z');
    const w = workspace(clock, meetings);
    appendRun(w.deps.ledgerPath, ok('ingest', '2023-11-13T03:30:00.000Z'));
    appendRun(w.deps.ledgerPath, ok('pack:psm-2023-10', '2023-10-10T09:00:00.000Z'));
    const results: string[] = [];
    const handle = startSchedule({ ...w.deps, onResult: (r) => results.push(r.status) });
    await handle.idle();
    await handle.stop();
    expect(results[0]).toBe('ran');
    expect(w.calls).toEqual(['ingest@2023-11-16T12:00:00.000Z', 'pack psm-2023-11@2023-11-16T12:00:00.000Z']);
  });

  it('psm run can force an ingest the nightly run already did, without using up the next night', async () => {
    const clock = new FakeClock('2023-11-16T14:00:00Z');
    const w = workspace(clock);
    appendRun(w.deps.ledgerPath, ok('ingest', '2023-11-16T03:30:00.000Z'));
    const result = await runDue(clock.now(), w.deps, { forceIngest: true });
    expect(result.status === 'ran' && result.runs.map((r) => [r.job, r.occurrence])).toEqual([['ingest', '2023-11-16T14:00:00.000Z']]);
    clock.set('2023-11-17T03:30:00Z');
    await runDue(clock.now(), w.deps);
    expect(w.calls).toEqual(['ingest@2023-11-16T14:00:00.000Z', 'ingest@2023-11-17T03:30:00.000Z']);
  });

  it('keeps the ingest running when the meeting list cannot be read', async () => {
    const clock = new FakeClock('2023-11-16T12:00:00Z');
    const w = workspace(clock);
    const result = await runDue(clock.now(), {
      ...w.deps,
      meetings: () => {
        throw new Error('reports/ unreadable');
      },
    });
    expect(w.calls).toEqual(['ingest@2023-11-16T12:00:00.000Z']);
    expect(result).toMatchObject({ status: 'ran', warnings: ['could not list meetings, no packs this pass: reports/ unreadable'] });
  });
});

describe('torn ledger', () => {
  it('runs on past a torn last line, says so, and still honours the records before it', async () => {
    const clock = new FakeClock('2023-11-16T12:00:00Z');
    const w = workspace(clock);
    appendRun(w.deps.ledgerPath, ok('ingest', '2023-11-16T03:30:00.000Z'));
    writeFileSync(w.deps.ledgerPath, '{"job":"pack:psm-2023-11","occ', { flag: 'a' }); // crash mid-write
    const result = await runDue(clock.now(), w.deps);
    expect(w.calls).toEqual([]); // tonight's ingest is on line 1, intact
    expect(result).toEqual({
      status: 'ran',
      runs: [],
      warnings: [`run ledger ${w.deps.ledgerPath}: skipped unreadable line(s) 2 (torn by a crash)`],
      waiting: [],
    });
  });
});

describe('retry', () => {
  it('retries a failing job after 1 s, 2 s, 4 s, then records it failed; it stays due', async () => {
    const clock = new FakeClock('2023-11-16T03:30:00Z');
    const w = workspace(clock);
    let tries = 0;
    const deps: RunDeps = {
      ...w.deps,
      retry: { attempts: 4, baseDelayMs: 1000, factor: 2 },
      ingest: async () => {
        tries++;
        throw new Error('inbox share not mounted');
      },
    };
    const result = await runDue(clock.now(), deps);
    expect(tries).toBe(4);
    expect(clock.sleeps).toEqual([1000, 2000, 4000]);
    const failed = {
      job: 'ingest',
      occurrence: '2023-11-16T03:30:00.000Z',
      startedAt: '2023-11-16T03:30:00.000Z',
      finishedAt: '2023-11-16T03:30:07.000Z', // 1 + 2 + 4 s of backoff
      status: 'failed',
      attempts: 4,
      error: 'inbox share not mounted',
    };
    expect(result).toEqual({ status: 'ran', runs: [failed], warnings: [], waiting: [] });
    expect(w.ledger()).toEqual([failed]);
    expect(w.logs).toContain('schedule: ingest attempt 3 failed: inbox share not mounted; retrying in 4 s');

    // Fixed by the next 15-minute poll: runs again for the same night, and succeeds.
    clock.advance(15 * 60_000);
    await runDue(clock.now(), w.deps);
    expect(w.ledger().map((r) => [r.occurrence, r.status])).toEqual([
      ['2023-11-16T03:30:00.000Z', 'failed'],
      ['2023-11-16T03:30:00.000Z', 'ok'],
    ]);
  });

  it('records ok with the attempt count when a retry succeeds', async () => {
    const clock = new FakeClock('2023-11-16T12:00:00Z');
    const w = workspace(clock, [{ meetingId: 'psm-2023-11', startsAt: new Date('2023-11-21T10:00:00Z'), leadDays: 7 }]);
    appendRun(w.deps.ledgerPath, ok('ingest', '2023-11-16T03:30:00.000Z'));
    let tries = 0;
    const result = await runDue(clock.now(), {
      ...w.deps,
      retry: { attempts: 4, baseDelayMs: 1000, factor: 2 },
      pack: async () => {
        if (++tries < 3) throw new Error('browser did not start');
      },
    });
    expect(clock.sleeps).toEqual([1000, 2000]);
    expect(result).toMatchObject({
      status: 'ran',
      runs: [{ job: 'pack:psm-2023-11', status: 'ok', attempts: 3, finishedAt: '2023-11-16T12:00:03.000Z' }],
    });
  });
});
