// One bad inbox entry never stops the night: a folder named like an extract, a dangling link, a link
// leading out of the inbox, a named pipe, a spreadsheet, a zip, a workbook under a CSV name and an
// unreadable file are each reported by name with the reason, and the good file beside them loads.
// Real entries on disk, the real CLI in a child process.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../pipeline/config.ts';
import { fixtures, query, tempWorkspace } from '../helpers.ts';

const psm = (...args: string[]) => spawnSync(process.execPath, [join(repoRoot, 'bin/psm.js'), ...args], { encoding: 'utf8' });
const crimes = join(fixtures, 'ingest/inbox/crimes_2023-05.csv');
const isRoot = process.getuid?.() === 0; // root reads a file whatever its mode

describe('inbox entries that are not extracts', () => {
  it('reports each by name and why, and loads the rest', async () => {
    const paths = tempWorkspace(['ingest/inbox/crimes_2023-04.csv']);
    const inbox = paths.inbox;
    mkdirSync(join(inbox, 'crimes_folder.csv')); // EISDIR before
    symlinkSync(join(paths.root, 'gone.csv'), join(inbox, 'crimes_dangling.csv')); // ENOENT before
    // A link out of the inbox to a real extract: never followed (before, it was loaded).
    const outside = join(paths.root, 'elsewhere');
    mkdirSync(outside);
    copyFileSync(crimes, join(outside, 'crimes_2023-05.csv'));
    symlinkSync(join(outside, 'crimes_2023-05.csv'), join(inbox, 'crimes_outside.csv'));
    symlinkSync('crimes_2023-04.csv', join(inbox, 'crimes_alias.csv')); // a link inside the inbox is followed
    writeFileSync(join(inbox, 'crimes_2023-06.xlsx'), 'PK\x03\x04 a workbook');
    writeFileSync(join(inbox, 'calls_2023.csv.zip'), 'PK\x03\x04 a zip');
    writeFileSync(join(inbox, 'crimes_workbook.csv'), 'PK\x03\x04\x14\x00 an xlsx renamed .csv');
    writeFileSync(join(inbox, 'notes.txt'), 'not an extract');
    writeFileSync(join(inbox, '.crimes_upload.csv.part'), 'hidden: an upload in progress, left alone');
    spawnSync('mkfifo', [join(inbox, 'crimes_pipe.csv')]); // opening it would hang a reader for ever
    writeFileSync(join(inbox, 'crimes_locked.csv'), 'crime_ref\n');
    chmodSync(join(inbox, 'crimes_locked.csv'), 0o000);

    const r = psm('ingest', '--workspace', paths.root, '--json');
    expect(r.status, r.stderr).toBe(1); // entries that need a person
    const report = JSON.parse(r.stdout);
    const why = Object.fromEntries(report.skipped.map((s: { file: string; why: string }) => [s.file, s.why]));
    expect(why['crimes_folder.csv']).toMatch(/^a folder, not a file/);
    expect(why['crimes_dangling.csv']).toBe(`a link to ${join(paths.root, 'gone.csv')}, which does not exist`);
    expect(why['crimes_outside.csv']).toMatch(/^a link leading out of the inbox \(to .*elsewhere\/crimes_2023-05\.csv\)/);
    expect(why['crimes_2023-06.xlsx']).toMatch(/^a spreadsheet, not a CSV/);
    expect(why['calls_2023.csv.zip']).toMatch(/^a \.zip archive, which psm does not open/);
    expect(why['notes.txt']).toMatch(/^not an extract/);
    expect(why['crimes_pipe.csv']).toBe('a named pipe, not a regular file');
    if (!isRoot) expect(why['crimes_locked.csv']).toMatch(/permission denied/);
    expect(Object.keys(why).some((f) => f.startsWith('.'))).toBe(false);
    expect(report.totals.skipped).toBe(report.skipped.length);

    const files = Object.fromEntries(report.files.map((f: { file: string }) => [f.file, f]));
    expect(files['crimes_2023-04.csv']).toMatchObject({ status: 'loaded', rows: 6, loaded: 6, quarantined: 0 });
    expect(files['crimes_alias.csv'].status).toBe('unchanged'); // the same bytes, loaded once
    expect(files['crimes_workbook.csv']).toMatchObject({
      status: 'refused',
      refused: expect.stringMatching(/zip archive \(an \.xlsx workbook\?\) under a CSV name/),
    });
    const loaded = await query<{ crime_ref: string }>(paths.warehouse, 'SELECT crime_ref FROM crimes ORDER BY crime_ref');
    expect(loaded.map((c) => c.crime_ref)).toEqual(['CR-0101', 'CR-0102', 'CR-0103', 'CR-0104', 'CR-0105', 'CR-0106']); // nothing from outside
    expect(await query(paths.warehouse, 'SELECT file FROM ledger')).toEqual([{ file: 'crimes_2023-04.csv' }]);

    // The text report names each one too, and the run still published.
    const text = psm('ingest', '--workspace', paths.root);
    expect(text.status).toBe(1);
    for (const name of [
      'crimes_folder.csv',
      'crimes_dangling.csv',
      'crimes_outside.csv',
      'crimes_2023-06.xlsx',
      'calls_2023.csv.zip',
      'crimes_pipe.csv',
    ]) {
      expect(text.stdout).toMatch(new RegExp(`^  not read: ${name.replaceAll('.', '\\.')} — \\S`, 'm'));
    }
    expect(text.stdout).toMatch(/inbox entries not read\.$/m);
  });

  it('reads a file named on the command line through its link, and names a missing one', () => {
    const paths = tempWorkspace();
    const link = join(paths.root, 'crimes_link.csv');
    symlinkSync(crimes, link); // named by the user: followed wherever it leads
    const r = psm('ingest', link, join(paths.root, 'crimes_missing.csv'), '--workspace', paths.root, '--json');
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.files).toMatchObject([{ file: 'crimes_link.csv', status: 'loaded', loaded: 2 }]);
    expect(report.skipped).toEqual([
      { path: join(paths.root, 'crimes_missing.csv'), file: 'crimes_missing.csv', why: 'no such file or folder' },
    ]);
  });
});
