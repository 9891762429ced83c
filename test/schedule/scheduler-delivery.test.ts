// runDue with deliveries: the email goes in the same pass as the lead-time print, a held one is
// reported (and not sent) every pass until approved, a later pass skips who was reached.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../pipeline/schedule/clock.ts';
import type { MeetingPackInput } from '../../pipeline/schedule/due.ts';
import { appendRun, readRunLedger, type DeliveryResult, type RunRecord } from '../../pipeline/schedule/run-ledger.ts';
import { runDue } from '../../pipeline/schedule/scheduler.ts';
import type { RunDeps } from '../../pipeline/schedule/run-deps.ts';
import { okRun } from '../helpers.ts';

const ok = okRun;
const lead = '2023-11-14T10:00:00.000Z';

function workspace(clock: FakeClock, meeting: MeetingPackInput, failFor = new Set<string>()) {
  const runs = join(mkdtempSync(join(tmpdir(), 'psm-schedule-delivery-')), 'runs');
  const calls: string[] = [];
  const logs: string[] = [];
  let current = meeting;
  const deps: RunDeps = {
    clock,
    ledgerPath: join(runs, 'runs.jsonl'),
    lockPath: join(runs, 'psm.lock'),
    nightlyAt: { hour: 3, minute: 30 },
    meetings: () => [current],
    ingest: async () => void calls.push('ingest'),
    pack: async (id) => {
      calls.push(`pack ${id}`);
      current = { ...current, printedAt: clock.now(), printedDraft: true };
    },
    deliver: async (id, { skip }): Promise<DeliveryResult> => {
      const to = ['a@x.example', 'b@x.example'].filter((e) => !skip.has(e));
      calls.push(`deliver ${id} to ${to.join(' ')}`);
      const recipients = to.map((email) =>
        failFor.has(email)
          ? { name: email, email, status: 'failed' as const, attempts: 3, error: '451 busy' }
          : { name: email, email, status: 'ok' as const, attempts: 1 },
      );
      return { sha256: 'ab', linkExpiresAt: lead, attached: false, recipients };
    },
    log: (l) => logs.push(l),
  };
  return { deps, calls, logs, ledger: () => readRunLedger(deps.ledgerPath).records, set: (m: MeetingPackInput) => void (current = m) };
}

const meeting: MeetingPackInput = { meetingId: 'psm-2023-11', startsAt: new Date('2023-11-21T10:00:00Z'), leadDays: 7, deliver: true };

describe('runDue with deliveries', () => {
  it('sends in the same pass as the lead-time print, then once a failed recipient is reached, only to them', async () => {
    const clock = new FakeClock('2023-11-14T10:05:00Z');
    const busy = new Set(['b@x.example']);
    const w = workspace(clock, meeting, busy);
    appendRun(w.deps.ledgerPath, ok('ingest', '2023-11-14T03:30:00.000Z'));
    const first = await runDue(clock.now(), w.deps);
    expect(first.status === 'ran' && first.runs.map((r) => [r.job, r.status])).toEqual([
      ['pack:psm-2023-11', 'ok'],
      ['deliver:psm-2023-11', 'failed'],
    ]);
    expect(w.ledger().at(-1)).toMatchObject({
      occurrence: lead,
      error: 'not sent to b@x.example <b@x.example> after 3 attempt(s): 451 busy',
      attempts: 3,
    });
    busy.clear();
    clock.advance(15 * 60_000);
    const second = await runDue(clock.now(), w.deps);
    expect(second.status === 'ran' && second.runs.map((r) => [r.job, r.status])).toEqual([['deliver:psm-2023-11', 'ok']]);
    expect(w.calls).toEqual(['pack psm-2023-11', 'deliver psm-2023-11 to a@x.example b@x.example', 'deliver psm-2023-11 to b@x.example']);
  });

  it('holds a print that awaits approval, says so every pass, and sends once it is approved', async () => {
    const clock = new FakeClock('2023-11-14T11:00:00Z');
    const held = { ...meeting, printedAt: new Date('2023-11-14T10:01:00Z'), held: 'meeting psm-2023-11 requires approval' };
    const w = workspace(clock, held);
    appendRun(w.deps.ledgerPath, ok('ingest', '2023-11-14T03:30:00.000Z'));
    const result = await runDue(clock.now(), w.deps);
    expect(result).toMatchObject({
      status: 'ran',
      runs: [],
      held: [{ job: 'deliver:psm-2023-11', meetingId: 'psm-2023-11', why: 'meeting psm-2023-11 requires approval' }],
    });
    expect(w.logs).toContain('schedule: deliver:psm-2023-11 held: meeting psm-2023-11 requires approval');
    w.set({ ...held, held: undefined });
    const after = await runDue(clock.now(), w.deps);
    expect(after.status === 'ran' && after.runs.map((r) => r.job)).toEqual(['deliver:psm-2023-11']);
    expect(after).not.toHaveProperty('held');
  });
});
