// When the schedule sends a pack's email: after its lead-time print, before the meeting, once;
// held while it awaits approval; given up after three failed passes; a hand send counts.
import { describe, expect, it } from 'vitest';
import { sentBefore } from '../../pipeline/schedule/delivery-job.ts';
import { deliveryPlan, dueJobs, type MeetingPackInput } from '../../pipeline/schedule/due.ts';
import type { RunRecord } from '../../pipeline/schedule/run-ledger.ts';

const meeting: MeetingPackInput = { meetingId: '2024-01-10-vawg', startsAt: new Date('2024-01-10T10:30:00Z'), leadDays: 7, deliver: true };
const lead = '2024-01-03T10:30:00.000Z';
const at = (iso: string) => new Date(iso);
const run = (job: string, status: 'ok' | 'failed', extra: Partial<RunRecord> = {}): RunRecord => ({
  job,
  occurrence: lead,
  startedAt: '2024-01-03T11:00:00.000Z',
  finishedAt: '2024-01-03T11:00:00.000Z',
  status,
  attempts: 1,
  ...extra,
});
const printed = run('pack:2024-01-10-vawg', 'ok');
const nightlyAt = { hour: 3, minute: 30 };

describe('deliveryPlan', () => {
  it('is scheduled for the lead time, due once the lead print is done, and done once sent', () => {
    expect(deliveryPlan(at('2024-01-02T12:00:00Z'), meeting, [])).toMatchObject({
      state: 'scheduled',
      job: 'deliver:2024-01-10-vawg',
      occurrence: at(lead),
    });
    expect(deliveryPlan(at('2024-01-03T11:00:00Z'), meeting, [])).toEqual({ state: 'done' }); // not printed yet: the print comes first
    expect(deliveryPlan(at('2024-01-03T11:00:00Z'), meeting, [printed])).toMatchObject({ state: 'due' });
    expect(deliveryPlan(at('2024-01-03T11:00:00Z'), { ...meeting, printedAt: at('2024-01-03T10:45:00Z') }, [])).toMatchObject({
      state: 'due',
    });
    expect(deliveryPlan(at('2024-01-03T12:00:00Z'), meeting, [printed, run('deliver:2024-01-10-vawg', 'ok')])).toEqual({ state: 'done' });
  });

  it('is never due for a meeting without recipients, or once the meeting has started', () => {
    expect(deliveryPlan(at('2024-01-03T11:00:00Z'), { ...meeting, deliver: false }, [printed])).toEqual({ state: 'done' });
    expect(deliveryPlan(at('2024-01-10T10:30:00Z'), meeting, [printed])).toEqual({ state: 'done' });
  });

  it('is held while the print awaits approval, and waits for a person after three failed passes', () => {
    expect(deliveryPlan(at('2024-01-03T11:00:00Z'), { ...meeting, held: 'requires approval' }, [printed])).toMatchObject({
      state: 'held',
      why: 'requires approval',
    });
    const failed = [printed, ...Array(3).fill(run('deliver:2024-01-10-vawg', 'failed', { error: '451 busy' }))];
    expect(deliveryPlan(at('2024-01-03T12:00:00Z'), meeting, failed)).toMatchObject({ state: 'waiting', failures: 3, error: '451 busy' });
  });

  it('comes after the print in dueJobs: the same pass sends it once the print is in the ledger', () => {
    const now = at('2024-01-03T11:00:00Z');
    const ingest: RunRecord = { ...run('ingest', 'ok'), occurrence: '2024-01-03T03:30:00.000Z' };
    expect(dueJobs(now, { nightlyAt, meetings: [meeting] }, [ingest]).map((j) => j.job)).toEqual(['pack:2024-01-10-vawg']);
    expect(dueJobs(now, { nightlyAt, meetings: [meeting] }, [ingest, printed]).map((j) => [j.kind, j.job])).toEqual([
      ['deliver', 'deliver:2024-01-10-vawg'],
    ]);
  });
});

describe('sentBefore', () => {
  it('counts the addresses reached for the occurrence, and by hand since it', () => {
    const recipients = (email: string, status: 'ok' | 'failed') => ({
      sha256: 'x',
      linkExpiresAt: lead,
      attached: false,
      recipients: [{ name: email, email, status, attempts: 1 }],
    });
    const ledger = [
      run('deliver:2024-01-10-vawg', 'failed', {
        delivery: {
          ...recipients('A@x.example', 'ok'),
          recipients: [
            { name: 'A', email: 'A@x.example', status: 'ok', attempts: 1 },
            { name: 'B', email: 'b@x.example', status: 'failed', attempts: 3 },
          ],
        },
      }),
      run('deliver:2024-01-10-vawg', 'ok', {
        occurrence: '2024-01-03T12:00:00.000Z',
        startedAt: '2024-01-03T12:00:00.000Z',
        delivery: { ...recipients('c@x.example', 'ok'), manual: true },
      }),
      run('deliver:2023-12-01-old', 'ok', { delivery: recipients('d@x.example', 'ok') }),
    ];
    expect([...sentBefore(ledger, 'deliver:2024-01-10-vawg', at(lead))].sort()).toEqual(['a@x.example', 'c@x.example']);
  });
});
