// The two 2023 DST nights, simulated a minute at a time with runDue (real lock and ledger on disk,
// FakeClock). Sunday 26 March: clocks go forward at 01:00Z, so 03:30 BST = 02:30Z. Sunday 29 October:
// clocks go back at 01:00Z, so 03:30 GMT = 03:30Z. The night before each is seeded as done, so any
// run seen is that night's, and the ingest must start at exactly that minute, once.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import cron from 'node-cron';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../pipeline/schedule/clock.ts';
import { LONDON } from '../../pipeline/time/london-time.ts';
import { appendRun, readRunLedger } from '../../pipeline/schedule/run-ledger.ts';
import { nightlyCronExpression, runDue } from '../../pipeline/schedule/scheduler.ts';
import type { RunDeps } from '../../pipeline/schedule/run-deps.ts';

const MINUTE = 60_000;

async function simulateDay(from: string, seededNight: string) {
  const runs = join(mkdtempSync(join(tmpdir(), 'psm-dst-')), 'runs');
  const clock = new FakeClock(from);
  const fired: string[] = [];
  const deps: RunDeps = {
    clock,
    ledgerPath: join(runs, 'runs.jsonl'),
    lockPath: join(runs, 'psm.lock'),
    nightlyAt: { hour: 3, minute: 30 },
    meetings: () => [],
    ingest: async () => void fired.push(clock.now().toISOString()),
    pack: async () => {},
    log: () => {},
  };
  appendRun(deps.ledgerPath, {
    job: 'ingest',
    occurrence: seededNight,
    startedAt: seededNight,
    finishedAt: seededNight,
    status: 'ok',
    attempts: 1,
  });
  for (let i = 0; i < 24 * 60; i++) {
    await runDue(clock.now(), deps);
    clock.advance(MINUTE);
  }
  const records = readRunLedger(deps.ledgerPath).records.slice(1);
  return { fired, occurrences: records.map((r) => r.occurrence) };
}

/** Every minute of the 24 hours from `from` at which the node-cron task would fire. */
function cronMatches(from: string): string[] {
  const task = cron.createTask(nightlyCronExpression({ hour: 3, minute: 30 }), () => {}, { timezone: LONDON });
  const hits: string[] = [];
  const start = new Date(from).getTime();
  for (let i = 0; i < 24 * 60; i++) {
    const t = new Date(start + i * MINUTE);
    if (task.match(t)) hits.push(t.toISOString());
  }
  void task.destroy();
  return hits;
}

describe('nightly 03:30 ingest on the DST nights', () => {
  it('spring forward, Sun 26 Mar 2023: once, at 02:30Z', async () => {
    // Saturday 25 March was still GMT: its 03:30 was 03:30Z.
    const day = await simulateDay('2023-03-25T12:00:00Z', '2023-03-25T03:30:00.000Z');
    expect(day.fired).toEqual(['2023-03-26T02:30:00.000Z']);
    expect(day.occurrences).toEqual(['2023-03-26T02:30:00.000Z']);
  }, 30_000); // 1,440 real lock + ledger passes

  it('fall back, Sun 29 Oct 2023: once, at 03:30Z', async () => {
    // Saturday 28 October was still BST: its 03:30 was 02:30Z.
    const day = await simulateDay('2023-10-28T12:00:00Z', '2023-10-28T02:30:00.000Z');
    expect(day.fired).toEqual(['2023-10-29T03:30:00.000Z']);
    expect(day.occurrences).toEqual(['2023-10-29T03:30:00.000Z']);
  }, 30_000);

  it('the node-cron task startSchedule creates matches the same single minute each night', () => {
    expect(cronMatches('2023-03-25T12:00:00Z')).toEqual(['2023-03-26T02:30:00.000Z']);
    expect(cronMatches('2023-10-28T12:00:00Z')).toEqual(['2023-10-29T03:30:00.000Z']);
  });
});
