// `psm ingest --recheck FILE`: a file the ledger has (or one refused) read again, e.g. after the
// force mapping was fixed, replacing what it loaded before — in its place in the load order, so a
// later file still wins. Real files, the real CLI and the real ingest.
import { spawnSync } from 'node:child_process';
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../pipeline/config.ts';
import { checkFile, ingest } from '../../pipeline/ingest/index.ts';
import { fixtures, query, tempWorkspace } from '../helpers.ts';

const dir = join(fixtures, 'ingest/inbox');
const psm = (...args: string[]) => spawnSync(process.execPath, [join(repoRoot, 'bin/psm.js'), ...args], { encoding: 'utf8' });
const json = (r: ReturnType<typeof psm>) => JSON.parse(r.stdout);

describe('psm ingest --recheck', () => {
  it('reads a mis-mapped file again once the mapping is fixed, replacing its earlier load', async () => {
    // Before the fix ControlWorks 101 maps to nothing: the two ControlWorks legs are quarantined.
    const paths = tempWorkspace(['ingest/inbox/calls_queue_names.csv'], 'ingest/inbox/mapping-before.json');
    const first = json(psm('ingest', '--workspace', paths.root, '--json')).files[0];
    expect(first).toMatchObject({ status: 'loaded', rows: 5, loaded: 3, quarantined: 2 });
    copyFileSync(join(dir, 'mapping-after.json'), paths.mapping);
    // The bug: the same bytes are recognised by hash, so a plain ingest cannot read them again.
    expect(json(psm('ingest', '--workspace', paths.root, '--json')).files[0].status).toBe('unchanged');
    // --recheck alone reads only what it names: a new file in the inbox waits for the next run.
    copyFileSync(join(dir, 'crimes_2023-05.csv'), join(paths.inbox, 'crimes_2023-05.csv'));

    const r = psm('ingest', '--workspace', paths.root, '--json', '--recheck', join(paths.inbox, 'calls_queue_names.csv'));
    expect(r.status, r.stderr).toBe(0);
    const again = json(r);
    expect(again.files).toHaveLength(1);
    expect(again.files[0]).toMatchObject({
      status: 'loaded',
      sha256: first.sha256,
      rows: 5,
      loaded: 5,
      quarantined: 0,
      rechecked: { receivedAt: expect.any(String), loaded: 3, quarantined: 2, warnings: 0 },
    });
    const ledger = await query<{ file: string; loaded: number; quarantined: number; same: boolean; rechecked: boolean }>(
      paths.warehouse,
      `SELECT file, loaded, quarantined, received_at < rechecked_at AS rechecked, true AS same FROM ledger`,
    );
    expect(ledger).toEqual([{ file: 'calls_queue_names.csv', loaded: 5, quarantined: 0, rechecked: true, same: true }]);
    expect(await query(paths.warehouse, 'SELECT count(*)::INTEGER AS n FROM quarantine')).toEqual([{ n: 0 }]);
    const legs = await query(paths.warehouse, 'SELECT queue, count(*)::INTEGER AS n FROM calls GROUP BY queue ORDER BY queue');
    expect(legs).toEqual([
      { queue: '101-cw', n: 2 },
      { queue: '101-triage', n: 2 },
      { queue: '999', n: 1 },
    ]);
    const text = psm('ingest', '--workspace', paths.root, '--recheck', 'calls_queue_names.csv'); // by its ledger name: from the archive
    expect(text.status).toBe(0);
    expect(text.stderr).toMatch(/read again \(--recheck\): replaces its load of \d{4}-\d\d-\d\d, which had 5 loaded \+ 0 quarantined/);
  });

  it('loads a file that was refused, once the mapping fits it', async () => {
    const paths = tempWorkspace(['ingest/inbox/crimes_force_format.csv'], 'ingest/inbox/mapping-before.json');
    const refused = psm('ingest', '--workspace', paths.root, '--json');
    expect(refused.status).toBe(1);
    expect(json(refused).files[0]).toMatchObject({ status: 'refused', refused: expect.stringContaining('missing column(s) crime_ref') });
    copyFileSync(join(dir, 'mapping-after.json'), paths.mapping);
    const r = psm('ingest', '--workspace', paths.root, '--json', '--recheck', join(paths.inbox, 'crimes_force_format.csv'));
    expect(r.status, r.stderr).toBe(0);
    const f = json(r).files[0];
    expect(f).toMatchObject({ status: 'loaded', rows: 3, loaded: 3, quarantined: 0 });
    expect(f.rechecked).toBeUndefined(); // nothing loaded before to replace
    expect(await query(paths.warehouse, `SELECT crime_ref, area FROM crimes ORDER BY crime_ref`)).toEqual([
      { crime_ref: 'CR-0301', area: 'DC' },
      { crime_ref: 'CR-0302', area: 'DC' },
      { crime_ref: 'CR-0303', area: 'CH' },
    ]);
  });

  it('keeps a re-read file in its place: the re-send received after it still wins, and still lacks what it lacked', async () => {
    const paths = tempWorkspace(['ingest/inbox/crimes_2023-04.csv']);
    await ingest(paths, [], { now: new Date('2024-01-15T03:30:00Z'), settleMs: 0 });
    copyFileSync(join(dir, 'crimes_2023-04_amended.csv'), join(paths.inbox, 'crimes_2023-04_amended.csv'));
    await ingest(paths, [], { now: new Date('2024-01-16T03:30:00Z'), settleMs: 0 });
    rmSync(join(paths.inbox, 'crimes_2023-04.csv')); // gone from the inbox: read again from the archive, by name

    const base = await ingest(paths, [], { now: new Date('2024-01-17T03:30:00Z'), recheck: ['crimes_2023-04.csv'], settleMs: 0 });
    expect(base.files.map((f) => [f.file, f.status])).toEqual([['crimes_2023-04.csv', 'loaded']]);
    expect(base.files[0]).toMatchObject({ rows: 6, loaded: 6, quarantined: 0, supersedes: 0, rechecked: { loaded: 6 } });
    const rows = async () =>
      query<{ crime_ref: string; area: string; file: string }>(
        paths.warehouse,
        `SELECT crime_ref, area, l.file
      FROM crimes c JOIN ledger l ON l.sha256 = c.source_sha256 WHERE crime_ref LIKE 'CR-01%' ORDER BY crime_ref`,
      );
    const expected = [
      ['CR-0101', 'CH', 'crimes_2023-04_amended.csv'],
      ['CR-0102', 'CH', 'crimes_2023-04_amended.csv'],
      ['CR-0103', 'DC', 'crimes_2023-04_amended.csv'],
      ['CR-0104', 'AV', 'crimes_2023-04.csv'],
      ['CR-0105', 'HP', 'crimes_2023-04.csv'],
      ['CR-0106', 'DC', 'crimes_2023-04.csv'],
      ['CR-0107', 'DC', 'crimes_2023-04_amended.csv'],
    ].map(([crime_ref, area, file]) => ({ crime_ref, area, file }));
    expect(await rows()).toEqual(expected); // one row per key; CR-0101 still the amended one
    const ledger = async () =>
      query<{ file: string; received: string; rechecked: string | null; superseded: number; supersedes: number; lacks: number }>(
        paths.warehouse,
        `SELECT file, received_at::VARCHAR AS received, rechecked_at::VARCHAR AS rechecked, superseded, supersedes, lacks FROM ledger ORDER BY file`,
      );
    expect(await ledger()).toEqual([
      {
        file: 'crimes_2023-04.csv',
        received: '2024-01-15 03:30:00',
        rechecked: '2024-01-17 03:30:00',
        superseded: 3,
        supersedes: 0,
        lacks: 0,
      },
      { file: 'crimes_2023-04_amended.csv', received: '2024-01-16 03:30:00', rechecked: null, superseded: 0, supersedes: 3, lacks: 2 },
    ]);

    // The re-send read again: it replaces nothing new, but remembers the file it re-sends.
    const amended = await ingest(paths, [], {
      now: new Date('2024-01-18T03:30:00Z'),
      recheck: [join(paths.inbox, 'crimes_2023-04_amended.csv')],
      settleMs: 0,
    });
    expect(amended.files[0]).toMatchObject({
      status: 'loaded',
      loaded: 4,
      supersedes: 0,
      lacks: 2,
      resends: [{ file: 'crimes_2023-04.csv', lacks: 2 }],
    });
    expect(await rows()).toEqual(expected);
    expect((await ledger())[1]).toMatchObject({ supersedes: 3, lacks: 2, rechecked: '2024-01-18 03:30:00' });
    // psm check --again shows the same without loading.
    expect(await checkFile(paths, join(paths.inbox, 'crimes_2023-04_amended.csv'), { again: true })).toMatchObject({
      status: 'checked',
      loaded: 4,
      lacks: 2,
    });
    expect((await checkFile(paths, join(paths.inbox, 'crimes_2023-04_amended.csv'))).status).toBe('unchanged');
  });

  it('names what it cannot re-check, and exits 1', () => {
    const paths = tempWorkspace(['ingest/inbox/crimes_2023-05.csv']);
    expect(psm('ingest', '--workspace', paths.root).status).toBe(0);
    const r = psm('ingest', '--workspace', paths.root, '--recheck', 'crimes_nope.csv');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('not read: crimes_nope.csv — no such file, and no file in the ledger has that name or sha256');
  });
});
