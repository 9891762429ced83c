// The ledger on disk, in a temp dir: a crash mid-append leaves a torn last line, which the reader
// skips and the next append terminates, so the records either side survive.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendRun, readRunLedger, type RunRecord } from '../../pipeline/schedule/run-ledger.ts';
import { dueJobs } from '../../pipeline/schedule/due.ts';
import { okRun } from '../helpers.ts';

const rec = okRun;

function ledgerPath(): string {
  return join(mkdtempSync(join(tmpdir(), 'psm-ledger-')), 'runs', 'runs.jsonl');
}

describe('run ledger', () => {
  it('reads a missing file as empty and round-trips appended records', () => {
    const path = ledgerPath();
    expect(readRunLedger(path)).toEqual({ records: [], skippedLines: [] });
    const failed: RunRecord = { ...rec('ingest', '2023-11-16T03:30:00.000Z'), status: 'failed', attempts: 4, error: 'boom' };
    appendRun(path, rec('ingest', '2023-11-15T03:30:00.000Z'));
    appendRun(path, failed);
    expect(readRunLedger(path).records).toEqual([rec('ingest', '2023-11-15T03:30:00.000Z'), failed]);
    expect(readFileSync(path, 'utf8').split('\n')).toHaveLength(3); // two lines + the final newline
  });

  it('tolerates a torn last line, and the next append does not merge into it', () => {
    const path = ledgerPath();
    appendRun(path, rec('ingest', '2023-11-14T03:30:00.000Z'));
    appendRun(path, rec('pack:psm-2023-11', '2023-11-14T10:00:00.000Z'));
    // A crash during the third write: half a line, no newline.
    writeFileSync(path, readFileSync(path, 'utf8') + '{"job":"ingest","occurrence":"2023-11-15T03:3', { flag: 'w' });

    const torn = readRunLedger(path);
    expect(torn.records.map((r) => r.job)).toEqual(['ingest', 'pack:psm-2023-11']);
    expect(torn.skippedLines).toEqual([3]);
    // The torn run has no ok line, so its job is due again (at-least-once, never silently lost).
    const due = dueJobs(new Date('2023-11-15T12:00:00Z'), { nightlyAt: { hour: 3, minute: 30 }, meetings: [] }, torn.records);
    expect(due.map((j) => j.occurrence.toISOString())).toEqual(['2023-11-15T03:30:00.000Z']);

    appendRun(path, rec('ingest', '2023-11-15T03:30:00.000Z'));
    const after = readRunLedger(path);
    expect(after.records.map((r) => r.occurrence)).toEqual([
      '2023-11-14T03:30:00.000Z',
      '2023-11-14T10:00:00.000Z',
      '2023-11-15T03:30:00.000Z',
    ]);
    expect(after.skippedLines).toEqual([3]); // the fragment stays, on its own line, as history
  });

  it('skips a line that is JSON but not a record', () => {
    const path = ledgerPath();
    appendRun(path, rec('ingest', '2023-11-14T03:30:00.000Z'));
    writeFileSync(path, '{"job":"ingest"}\n', { flag: 'a' });
    expect(readRunLedger(path)).toMatchObject({ skippedLines: [2] });
  });

  it('refuses to write an invalid record', () => {
    expect(() => appendRun(ledgerPath(), { ...rec('ingest', 'yesterday'), attempts: 1 })).toThrow();
  });
});
