// A re-send that omits records: the later file wins per key, the keys it lacks are kept, and the
// report and the ledger say how many. Real files on disk, the real ingest and the real CLI.
// The fixtures (test/fixtures/ingest/inbox/), by hand:
//   crimes_2023-04.csv          CR-0101..0105 recorded 1-5 Apr 2023, CR-0106 on 20 Apr
//   crimes_2023-04_amended.csv  CR-0101 (area corrected), 0102, 0103 and a new CR-0107 of 7 Apr:
//                               its period is 1-7 Apr, so it lacks CR-0104 and CR-0105 (CR-0106 is after it)
//   crimes_2023-04_other.csv    CR-0501, 0502 in April too, but no key of the others: a file of its own, not a re-send
//   crimes_2023-05.csv          May: no overlap with anything
import { spawnSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../pipeline/config.ts';
import { checkFile, ingest } from '../../pipeline/ingest/index.ts';
import { fixtures, query, tempWorkspace } from '../helpers.ts';

const dir = 'ingest/inbox';
const psm = (...args: string[]) => spawnSync(process.execPath, [join(repoRoot, 'bin/psm.js'), ...args], { encoding: 'utf8' });

describe('a re-send that lacks records', () => {
  it('keeps the records it lacks, and the report and the ledger count them', async () => {
    const paths = tempWorkspace(
      ['crimes_2023-04.csv', 'crimes_2023-04_amended.csv', 'crimes_2023-04_other.csv', 'crimes_2023-05.csv'].map((f) => `${dir}/${f}`),
    );
    const report = await ingest(paths, [], { now: new Date('2024-01-15T12:00:00Z'), settleMs: 0 });
    const byName = Object.fromEntries(report.files.map((f) => [f.file, f]));
    const base = byName['crimes_2023-04.csv']!;
    expect(byName['crimes_2023-04_amended.csv']).toMatchObject({
      status: 'loaded',
      rows: 4,
      loaded: 4,
      quarantined: 0,
      supersedes: 3,
      lacks: 2,
      resends: [{ file: 'crimes_2023-04.csv', sha256: base.sha256, lacks: 2 }],
    });
    // A file of the same period with none of the re-sent keys is not a re-send; nor is a later month.
    expect(byName['crimes_2023-04_other.csv']).toMatchObject({ supersedes: 0, lacks: 0, resends: [] });
    expect(byName['crimes_2023-05.csv']).toMatchObject({ supersedes: 0, lacks: 0, resends: [] });
    for (const f of report.files) expect(f.loaded + f.quarantined, f.file).toBe(f.rows);

    // Kept: the lacked records and the one after the re-send's period; the corrected area won.
    const crimes = await query<{ crime_ref: string; area: string; file: string }>(
      paths.warehouse,
      `SELECT crime_ref, area, l.file
      FROM crimes c JOIN ledger l ON l.sha256 = c.source_sha256 WHERE crime_ref LIKE 'CR-01%' ORDER BY crime_ref`,
    );
    expect(crimes).toEqual([
      { crime_ref: 'CR-0101', area: 'CH', file: 'crimes_2023-04_amended.csv' },
      { crime_ref: 'CR-0102', area: 'CH', file: 'crimes_2023-04_amended.csv' },
      { crime_ref: 'CR-0103', area: 'DC', file: 'crimes_2023-04_amended.csv' },
      { crime_ref: 'CR-0104', area: 'AV', file: 'crimes_2023-04.csv' },
      { crime_ref: 'CR-0105', area: 'HP', file: 'crimes_2023-04.csv' },
      { crime_ref: 'CR-0106', area: 'DC', file: 'crimes_2023-04.csv' },
      { crime_ref: 'CR-0107', area: 'DC', file: 'crimes_2023-04_amended.csv' },
    ]);
    const ledger = await query<{ file: string; superseded: number; supersedes: number; lacks: number; resends: string }>(
      paths.warehouse,
      `SELECT file, superseded, supersedes, lacks, array_to_string(resends, ',') AS resends FROM ledger ORDER BY file`,
    );
    expect(ledger).toEqual([
      { file: 'crimes_2023-04.csv', superseded: 3, supersedes: 0, lacks: 0, resends: '' },
      { file: 'crimes_2023-04_amended.csv', superseded: 0, supersedes: 3, lacks: 2, resends: base.sha256 },
      { file: 'crimes_2023-04_other.csv', superseded: 0, supersedes: 0, lacks: 0, resends: '' },
      { file: 'crimes_2023-05.csv', superseded: 0, supersedes: 0, lacks: 0, resends: '' },
    ]);
  });

  it('says so in psm check before the re-send is loaded, and in the text and JSON reports of psm ingest', async () => {
    const paths = tempWorkspace([`${dir}/crimes_2023-04.csv`]);
    expect(psm('ingest', '--workspace', paths.root).status).toBe(0);
    const amended = join(fixtures, dir, 'crimes_2023-04_amended.csv');
    const check = psm('check', amended, '--workspace', paths.root);
    expect(check.status).toBe(0);
    expect(check.stdout).toContain('lacks 2 records of crimes_2023-04.csv dated within its period: they would be kept');
    expect(await checkFile(paths, amended)).toMatchObject({ status: 'checked', supersedes: 3, lacks: 2 });

    copyFileSync(amended, join(paths.inbox, 'crimes_2023-04_amended.csv'));
    const text = psm('ingest', '--workspace', paths.root);
    expect(text.status).toBe(0);
    const said =
      'lacks 2 records of crimes_2023-04.csv dated within its period: they were kept (a re-send replaces the records it has and removes none)';
    expect(text.stderr).toContain(`    ${said}`); // under the file's own paragraph
    expect(text.stdout).toContain(`  re-send crimes_2023-04_amended.csv ${said}`); // and again in the summary: it needs a person
    const again = tempWorkspace([`${dir}/crimes_2023-04.csv`, `${dir}/crimes_2023-04_amended.csv`]);
    const json = JSON.parse(psm('ingest', '--workspace', again.root, '--json').stdout);
    expect(json.files.find((f: { file: string }) => f.file === 'crimes_2023-04_amended.csv')).toMatchObject({
      lacks: 2,
      resends: [{ file: 'crimes_2023-04.csv', lacks: 2 }],
    });
  });
});
