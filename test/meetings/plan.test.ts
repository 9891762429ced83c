// The pure parts: what the schedule does next for a meeting (the lead-time print, the release-time
// reprint of a DRAFT, an unreadable meeting, a job given up and retried after an edit), the JSON
// reader's positions and messages, and how a meeting is rolled forward to a new date.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../pipeline/config.ts';
import { formatJson, parseJsonSource } from '../../pipeline/meetings/json-source.ts';
import { rollPeriod, rollReleaseAt, rollText } from '../../pipeline/meetings/roll.ts';
import { closest } from '../../pipeline/meetings/suggest.ts';
import { dueJobs, packPlan, waitingJobs, type MeetingPackInput } from '../../pipeline/schedule/due.ts';
import type { RunRecord } from '../../pipeline/schedule/run-ledger.ts';

const run = (job: string, occurrence: string, status: 'ok' | 'failed' = 'ok', finishedAt = occurrence): RunRecord => ({
  job,
  occurrence,
  startedAt: occurrence,
  finishedAt,
  status,
  attempts: 1,
  ...(status === 'failed' ? { error: 'boom' } : {}),
});
// Meeting Wed 29 Nov 2023 10:30 GMT, pack a week before, released when the meeting opens.
const meeting: MeetingPackInput = {
  meetingId: 'm',
  startsAt: new Date('2023-11-29T10:30:00Z'),
  leadDays: 7,
  releaseAt: new Date('2023-11-29T10:30:00Z'),
};
const lead = '2023-11-22T10:30:00.000Z';
const release = '2023-11-29T10:30:00.000Z';
const at0330 = { hour: 3, minute: 30 };

describe('packPlan', () => {
  it('prints at the lead time, then reprints a DRAFT print once the release time has passed', () => {
    expect(packPlan(new Date('2023-11-20T00:00:00Z'), meeting, [])).toMatchObject({ state: 'scheduled', job: 'pack:m', reason: 'lead' });
    expect(packPlan(new Date('2023-11-23T00:00:00Z'), meeting, [])).toMatchObject({ state: 'due', job: 'pack:m' });
    const printed = { ...meeting, printedDraft: true, printedAt: new Date(lead) };
    const ledger = [run('pack:m', lead)];
    expect(packPlan(new Date('2023-11-23T00:00:00Z'), printed, ledger)).toMatchObject({
      state: 'scheduled',
      job: 'reprint:m',
      occurrence: new Date(release),
    });
    expect(
      dueJobs(new Date('2023-11-29T11:00:00Z'), { nightlyAt: at0330, meetings: [printed] }, [
        ...ledger,
        run('ingest', '2023-11-29T03:30:00.000Z'),
      ]),
    ).toEqual([{ kind: 'pack', job: 'reprint:m', meetingId: 'm', occurrence: new Date(release), reason: 'release' }]);
    // Reprinted: the print is no longer a DRAFT, so nothing is left to do.
    expect(packPlan(new Date('2023-11-29T11:00:00Z'), { ...printed, printedDraft: false }, [...ledger, run('reprint:m', release)])).toEqual(
      { state: 'done' },
    );
  });

  it('takes a print made after the lead time (psm pack by hand) as the lead job done', () => {
    expect(
      packPlan(new Date('2023-11-23T00:00:00Z'), { ...meeting, printedDraft: true, printedAt: new Date('2023-11-22T12:00:00Z') }, []),
    ).toMatchObject({ state: 'scheduled', job: 'reprint:m' });
    // ...but not one made before it: the lead print is the one sent out.
    expect(
      packPlan(new Date('2023-11-23T00:00:00Z'), { ...meeting, printedDraft: true, printedAt: new Date('2023-11-01T12:00:00Z') }, []),
    ).toMatchObject({ state: 'due', job: 'pack:m' });
  });

  it('keeps an unreadable meeting due until its day has passed', () => {
    const broken = { meetingId: 'b', startsAt: new Date('2023-11-29T00:00:00Z'), leadDays: 60, unreadable: 'not valid JSON' };
    expect(packPlan(new Date('2023-11-23T00:00:00Z'), broken, [])).toMatchObject({ state: 'due', job: 'pack:b' });
    expect(packPlan(new Date('2023-12-01T00:00:00Z'), broken, [])).toEqual({ state: 'done' });
  });

  it('gives up after three failed passes, and tries again once the meeting changes', () => {
    const now = new Date('2023-11-23T00:00:00Z');
    const failed = [1, 2, 3].map((i) => run('pack:m', lead, 'failed', `2023-11-22T1${i}:00:00.000Z`));
    expect(packPlan(now, meeting, failed)).toMatchObject({ state: 'waiting', failures: 3, error: 'boom' });
    expect(waitingJobs(now, { nightlyAt: at0330, meetings: [meeting] }, failed)).toEqual([
      { state: 'waiting', job: 'pack:m', reason: 'lead', occurrence: new Date(lead), failures: 3, error: 'boom', meetingId: 'm' },
    ]);
    expect(packPlan(now, { ...meeting, changedAt: new Date('2023-11-22T12:30:00Z') }, failed)).toMatchObject({
      state: 'due',
      job: 'pack:m',
    });
  });
});

describe('parseJsonSource', () => {
  it('finds every value and key of a demo meeting where JSON.parse puts it', () => {
    const text = readFileSync(join(repoRoot, 'reports', '2023-11-08-vawg', 'meeting.json'), 'utf8');
    const parsed = parseJsonSource(text);
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(parsed.value).toEqual(JSON.parse(text));
    expect(parsed.valueAt(['sections', 1, 'tables', 0, 'periods', 1])).toEqual({ line: 65, column: 34 });
    expect(text.split('\n')[64]!.slice(33, 42)).toBe('"2022-06"');
    expect(formatJson(parsed.value)).toBe(text.trimEnd()); // the demo files are laid out as formatJson lays them out
  });

  it('words the usual slips with their line and column', () => {
    const cases: [string, string][] = [
      ['{\n  "a": 1,\n  "b": 2,\n}', '3:9 a comma after the last property'],
      ['{\n  "a": 1\n  "b": 2\n}', '3:3 expected "," or "}" after the value of "a": is a comma missing'],
      ['{\n  // note\n  "a": 1\n}', '2:3 comments are not allowed in JSON'],
      ["{ 'a': 1 }", '1:3 expected a property name in double quotes'],
      ['{ "a": [1, 2,] }', '1:13 a comma after the last item'],
      ['{ "a": "x }', '1:8 this string is never closed'],
      ['{ "a": 1 ', '1:10 expected "," or "}" after the value of "a", found the end of the file'],
    ];
    for (const [text, want] of cases) {
      const r = parseJsonSource(text);
      expect(r.ok, text).toBe(false);
      if (!r.ok) expect(`${r.error.line}:${r.error.column} ${r.error.message}`, text).toContain(want);
    }
    const dup = parseJsonSource('{\n  "a": 1,\n  "a": 2\n}');
    expect(dup.ok && dup.duplicates).toEqual([{ path: ['a'], loc: { line: 3, column: 3 } }]);
  });
});

describe('rolling a meeting forward', () => {
  it('keeps each period its distance from dataTo in its own grain', () => {
    // Data to Oct 2023 → data to Jan 2024.
    expect(rollPeriod('r12', '2023-07', '2023-10', '2024-01')).toBe('2023-10');
    expect(rollPeriod('month', '2023-03', '2023-10', '2024-01')).toBe('2023-06');
    expect(rollPeriod('quarter', '2023-Q2', '2023-10', '2024-01')).toBe('2023-Q3');
    expect(rollPeriod('cy', '2023', '2023-10', '2024-01')).toBe('2024');
    expect(rollPeriod('fy', '2022/23', '2023-10', '2024-01')).toBe('2022/23'); // both in 2023/24
    expect(rollPeriod('fy', '2022/23', '2023-10', '2024-04')).toBe('2023/24');
  });

  it('rolls a title naming only its latest month, and marks any other dated text TODO', () => {
    expect(rollText('Crimes, 12 months to July, with the change', 'r12', '2023-07', '2023-10')).toBe(
      'Crimes, 12 months to October, with the change',
    );
    expect(rollText('101 calls by month, April 2022 to March 2023', 'month', '2023-03', '2023-06')).toMatch(/^TODO: check the dates/);
    expect(rollText('2023 covers January to October only.', 'cy', '2023', '2024')).toMatch(/^TODO: /);
    expect(rollText('Orders by financial year', 'fy', '2022/23', '2023/24')).toBe('Orders by financial year');
  });

  it('moves the release with the meeting by whole days, at the same London time', () => {
    expect(rollReleaseAt('2023-11-08T10:30', '2023-11-08', '2024-03-27')).toBe('2024-03-27T10:30');
    expect(rollReleaseAt('2023-11-07T17:00', '2023-11-08', '2024-04-03')).toBe('2024-04-02T17:00');
  });

  it('suggests what a typo most likely meant, and nothing for a word far from all', () => {
    expect(closest('vawg_rapes', ['vawg_rape', 'vawg_domestic_abuse'])).toBe('vawg_rape');
    expect(closest('x', ['id', 'title'])).toBeUndefined();
    expect(closest('spo_grnted', ['spo_granted', 'spo_active'])).toBe('spo_granted');
  });
});
