// dueJobs is pure, so these cases need no files. Instants are worked out by hand from the London
// offset on each date (GMT +0 in winter, BST +1 from the last Sunday of March to that of October).
import { describe, expect, it } from 'vitest';
import { dueJobs, latestNightlyOccurrence, packOccurrence, type Schedule } from '../../pipeline/schedule/due.ts';
import type { RunRecord } from '../../pipeline/schedule/run-ledger.ts';

const at0330 = { hour: 3, minute: 30 };
const d = (s: string) => new Date(s);
const iso = (x: Date) => x.toISOString();
const run = (job: string, occurrence: string, status: 'ok' | 'failed' = 'ok'): RunRecord => ({
  job,
  occurrence,
  startedAt: occurrence,
  finishedAt: occurrence,
  status,
  attempts: 1,
});

describe('latestNightlyOccurrence', () => {
  it('is today once 03:30 has passed, yesterday before', () => {
    expect(iso(latestNightlyOccurrence(d('2023-11-16T12:00:00Z'), at0330))).toBe('2023-11-16T03:30:00.000Z');
    expect(iso(latestNightlyOccurrence(d('2023-11-16T03:30:00Z'), at0330))).toBe('2023-11-16T03:30:00.000Z');
    expect(iso(latestNightlyOccurrence(d('2023-11-16T03:29:59Z'), at0330))).toBe('2023-11-15T03:30:00.000Z');
  });

  it('uses the London date, not the UTC date', () => {
    // 23:30Z on 9 July is 00:30 BST on 10 July: tonight's 03:30 BST (02:30Z on the 10th) is still to
    // come, so the latest is 9 July 03:30 BST = 02:30Z.
    expect(iso(latestNightlyOccurrence(d('2023-07-09T23:30:00Z'), at0330))).toBe('2023-07-09T02:30:00.000Z');
    // 02:29Z on 10 July is 03:29 BST: one minute early.
    expect(iso(latestNightlyOccurrence(d('2023-07-10T02:29:00Z'), at0330))).toBe('2023-07-09T02:30:00.000Z');
  });

  it('steps back across a DST change to the right instant', () => {
    // Monday 27 March 02:00Z (03:00 BST): previous 03:30 was Sunday 26th in BST = 02:30Z.
    expect(iso(latestNightlyOccurrence(d('2023-03-27T02:00:00Z'), at0330))).toBe('2023-03-26T02:30:00.000Z');
    // Sunday 29 October 03:00Z (03:00 GMT): previous 03:30 was Saturday 28th in BST = 02:30Z.
    expect(iso(latestNightlyOccurrence(d('2023-10-29T03:00:00Z'), at0330))).toBe('2023-10-28T02:30:00.000Z');
  });
});

describe('packOccurrence', () => {
  it('keeps the wall-clock time when the lead period crosses a clock change', () => {
    // Meeting 1 Nov 10:00 GMT (10:00Z), 7 days' lead -> 25 Oct 10:00 BST = 09:00Z (not 10:00Z).
    expect(iso(packOccurrence({ meetingId: 'm', startsAt: d('2023-11-01T10:00:00Z'), leadDays: 7 }))).toBe('2023-10-25T09:00:00.000Z');
    // Meeting 4 Apr 10:00 BST (09:00Z), 10 days' lead -> 25 Mar 10:00 GMT = 10:00Z.
    expect(iso(packOccurrence({ meetingId: 'm', startsAt: d('2023-04-04T09:00:00Z'), leadDays: 10 }))).toBe('2023-03-25T10:00:00.000Z');
    // No clock change between: plain 7 x 24 h.
    expect(iso(packOccurrence({ meetingId: 'm', startsAt: d('2023-11-21T10:00:00Z'), leadDays: 7 }))).toBe('2023-11-14T10:00:00.000Z');
  });
});

describe('dueJobs', () => {
  const schedule: Schedule = {
    nightlyAt: at0330,
    meetings: [
      { meetingId: 'psm-2023-12', startsAt: d('2023-12-05T10:00:00Z'), leadDays: 7 }, // pack 28 Nov: future
      { meetingId: 'psm-2023-11b', startsAt: d('2023-11-22T10:00:00Z'), leadDays: 7 }, // pack 15 Nov 10:00Z
      { meetingId: 'psm-2023-11a', startsAt: d('2023-11-21T10:00:00Z'), leadDays: 7 }, // pack 14 Nov 10:00Z
    ],
  };
  const now = d('2023-11-16T12:00:00Z');

  it('lists ingest first, then passed packs by due time, on an empty ledger', () => {
    expect(dueJobs(now, schedule, []).map((j) => [j.job, iso(j.occurrence)])).toEqual([
      ['ingest', '2023-11-16T03:30:00.000Z'],
      ['pack:psm-2023-11a', '2023-11-14T10:00:00.000Z'],
      ['pack:psm-2023-11b', '2023-11-15T10:00:00.000Z'],
    ]);
  });

  it('drops what has an ok run for that occurrence, keeps what only failed', () => {
    const ledger = [
      run('ingest', '2023-11-16T03:30:00.000Z', 'failed'),
      run('pack:psm-2023-11a', '2023-11-14T10:00:00.000Z'),
      run('pack:psm-2023-11b', '2023-11-08T10:00:00.000Z'), // an earlier date for a meeting since moved
    ];
    expect(dueJobs(now, schedule, ledger).map((j) => j.job)).toEqual(['ingest', 'pack:psm-2023-11b']);
    const done = [...ledger, run('ingest', '2023-11-16T03:30:00.000Z'), run('pack:psm-2023-11b', '2023-11-15T10:00:00.000Z')];
    expect(dueJobs(now, schedule, done)).toEqual([]);
  });

  it('collapses missed nights into one ingest, for the latest night', () => {
    // Last ok ingest 13 Nov; nights of 14, 15, 16 missed -> one job, for the 16th.
    const jobs = dueJobs(now, { nightlyAt: at0330, meetings: [] }, [run('ingest', '2023-11-13T03:30:00.000Z')]);
    expect(jobs.map((j) => [j.job, iso(j.occurrence)])).toEqual([['ingest', '2023-11-16T03:30:00.000Z']]);
  });

  it('names the meeting when an entry is invalid', () => {
    const bad = { nightlyAt: at0330, meetings: [{ meetingId: 'psm-x', startsAt: d('nonsense'), leadDays: 7 }] };
    expect(() => dueJobs(now, bad, [])).toThrow('meeting "psm-x" has an invalid pack schedule');
  });
});

describe('a job that keeps failing', () => {
  it('is tried for three failed passes of one occurrence, then waits for a person', () => {
    const schedule: Schedule = {
      nightlyAt: { hour: 3, minute: 30 },
      meetings: [{ meetingId: 'm', startsAt: new Date('2023-11-08T10:30:00Z'), leadDays: 7 }],
    };
    const now = new Date('2023-11-02T12:00:00Z');
    const night = '2023-11-02T03:30:00.000Z'; // 03:30 GMT on the day of `now`
    const pack = '2023-11-01T10:30:00.000Z'; // 7 days before the meeting, same wall-clock time
    const failedTwice = [run('ingest', night), run('pack:m', pack, 'failed'), run('pack:m', pack, 'failed')];
    expect(dueJobs(now, schedule, failedTwice).map((j) => j.job)).toEqual(['pack:m']);
    expect(dueJobs(now, schedule, [...failedTwice, run('pack:m', pack, 'failed')])).toEqual([]);
  });
});
