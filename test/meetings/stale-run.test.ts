// A pack older than its data fails the unattended run, with real files: a meeting three days from
// the real clock (psm run reads it) is printed by `psm run`; an amended crimes file with data in its
// period then arrives, and the next `psm run` ingests it, records a failed stale:<id> step in
// runs/runs.jsonl naming the file, and exits 1 — as does every run after it (one ledger line for
// the print, not one a pass) until `psm pack` prints the pack again.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WorkspacePaths } from '../../pipeline/config.ts';
import { run as packCommand } from '../../pipeline/commands/pack.ts';
import { run as runCommand } from '../../pipeline/commands/run.ts';
import { appendRun, readRunLedger } from '../../pipeline/schedule/run-ledger.ts';
import { ingestedDemoWorkspace, okRun, runCli } from '../helpers.ts';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const id = `${day(3)}-vawg`;
let paths: WorkspacePaths;
let ledgerPath: string;

const command = (run: (argv: string[]) => Promise<number>, argv: string[]) => runCli(run, paths.root, argv);

const ledgerFrom = (n: number) => readRunLedger(ledgerPath).records.slice(n);

beforeAll(() => {
  paths = ingestedDemoWorkspace('psm-stale-run-');
  ledgerPath = join(paths.runs, 'runs.jsonl');
  appendRun(ledgerPath, okRun('pack:2023-09-28-victims', '2023-09-21T12:30:00.000Z')); // the demo's packs went out long ago
  appendRun(ledgerPath, okRun('pack:2023-11-08-vawg', '2023-11-01T10:30:00.000Z'));
  const from = join(paths.reports, '2023-11-08-vawg');
  cpSync(from, join(paths.reports, id), { recursive: true, filter: (s) => !s.includes('/out') });
  const file = join(paths.reports, id, 'meeting.json');
  writeFileSync(file, readFileSync(file, 'utf8').replaceAll('2023-11-08', id.slice(0, 10)));
}, 300_000);

describe('a pack older than its data', () => {
  it('is not a failure while no data has arrived since the print', async () => {
    const { code, out } = await command(runCommand, []);
    expect(code, out).toBe(0);
    expect(ledgerFrom(0).find((r) => r.job === `pack:${id}`)).toMatchObject({ status: 'ok' });
    expect(ledgerFrom(0).filter((r) => r.job.startsWith('stale:'))).toEqual([]);
  }, 300_000);

  it('is a failed step once a file with data in its period arrives, and psm run exits 1 until it is printed again', async () => {
    // Ten rows of the current year re-sent, amended: they replace the rows the pack was printed from.
    const rows = readFileSync(join(paths.inbox, 'crimes_2023-24.csv'), 'utf8').split('\n');
    const amended = [rows[0], ...rows.slice(1, 11).map((l) => l.replace(/,N$/, ',Y'))].join('\n') + '\n';
    writeFileSync(join(paths.inbox, 'crimes_2023-24_amended.csv'), amended);
    const n = readRunLedger(ledgerPath).records.length;
    const first = await command(runCommand, []);
    expect(first.code).toBe(1);
    const stale = ledgerFrom(n).filter((r) => r.job === `stale:${id}`);
    expect(stale).toEqual([expect.objectContaining({ status: 'failed', attempts: 1 })]);
    expect(stale[0]!.error).toMatch(/^printed .* UTC, before 1 file\(s\) with data to 2023-10 arrived \(crimes_2023-24_amended\.csv\)/);
    expect(stale[0]!.error).toContain(`psm pack ${id} prints it again`);
    expect(ledgerFrom(n).find((r) => r.job === 'ingest')).toMatchObject({ status: 'ok' });
    expect(first.out).toContain(`✗ stale:${id}`);

    const m = readRunLedger(ledgerPath).records.length;
    const again = await command(runCommand, []);
    expect(again.code).toBe(1);
    expect(again.out).toContain(`✗ stale:${id}: still older than its data`);
    expect(ledgerFrom(m).filter((r) => r.job.startsWith('stale:'))).toEqual([]); // one line per print, not one per pass

    expect((await command(packCommand, [id])).code).toBe(0);
    const after = await command(runCommand, []);
    expect(after.code, after.out).toBe(0);
    expect(after.out).not.toContain('stale:');
  }, 600_000);
});
