// The `psm` command as a user runs it: a real child process, real files.
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../pipeline/config.ts';
import { fixtures, tempWorkspace } from './helpers.ts';

const psm = (...args: string[]) =>
  spawnSync(process.execPath, [join(repoRoot, 'bin/psm.js'), ...args], { encoding: 'utf8', env: { ...process.env, PSM_WORKSPACE: '' } });

describe('psm CLI', () => {
  it('--help lists every command with one line each', () => {
    const r = psm('--help');
    expect(r.status).toBe(0);
    for (const c of [
      'demo-data',
      'ingest',
      'check',
      'quarantine',
      'status',
      'recover',
      'metrics',
      'explain',
      'figures',
      'build',
      'serve',
      'meeting',
      'share',
      'pack',
      'run',
      'schedule',
      'start',
      'bench',
    ]) {
      expect(r.stdout).toMatch(new RegExp(`^  ${c} +\\S.+$`, 'm'));
    }
  });

  it('status --json names every path of the workspace and summarises the ledger', () => {
    const paths = tempWorkspace(['ingest/crimes_gzipped.csv.gz']);
    expect(psm('ingest', '--workspace', paths.root, '--json').status).toBe(0);
    const r = psm('status', '--workspace', paths.root, '--json');
    const s = JSON.parse(r.stdout);
    expect(s.paths).toMatchObject({
      inbox: paths.inbox,
      archive: paths.archive,
      warehouse: paths.warehouse,
      site: paths.site,
      reports: paths.reports,
    });
    expect(s.ledger).toEqual([expect.objectContaining({ extract: 'crimes', files: 1, rows: 2, loaded: 2, quarantined: 0 })]);
    // The first publish read every block; a file the record does not name would be read whole next.
    expect(Date.parse(s.warehouse.last_full_check)).toBeGreaterThan(Date.now() - 600_000);
    expect(psm('status', '--workspace', paths.root).stdout).toMatch(
      /^Nightly check: each ingest reads the blocks it writes; every block was last read .* UTC, and the first ingest after .* UTC reads them all again \(PSM_FULL_CHECK_DAYS=7\)\.$/m,
    );
    rmSync(paths.checkRecord);
    expect(psm('status', '--workspace', paths.root).stdout).toContain(
      'Nightly check: no record of this file, so the next ingest reads every block of it first.',
    );
  });

  it('ingest --json reports each file; a refused file makes the exit status non-zero', () => {
    const paths = tempWorkspace(['ingest/crimes_utf8_bom_crlf.csv', 'ingest/crimes_wrong_header.csv']);
    const r = psm('ingest', '--workspace', paths.root, '--json');
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout);
    const good = report.files.find((f: { file: string }) => f.file === 'crimes_utf8_bom_crlf.csv');
    expect(good).toMatchObject({ extract: 'crimes', rows: 8, loaded: 3, quarantined: 5, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(good.reasons).toContainEqual({ kind: 'victim_sex is not one of: F, M, U', count: 1 });
    const bad = report.files.find((f: { file: string }) => f.file === 'crimes_wrong_header.csv');
    expect(bad.status).toBe('refused');
    expect(bad.refused).toMatch(/missing column\(s\) recorded_date/);
    expect(r.stderr).toContain('crimes_utf8_bom_crlf.csv'); // progress lines go to stderr
  });

  it('check names the file, line and field of each problem, and loads nothing', () => {
    const paths = tempWorkspace();
    const r = psm('check', join(fixtures, 'ingest/crimes_utf8_bom_crlf.csv'), '--workspace', paths.root);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('8 rows = 3 would load + 5 quarantined');
    expect(r.stdout).toContain('crimes_utf8_bom_crlf.csv:5  recorded_date  recorded_date 31/02/2023 is not a date');
    expect(r.stdout).toContain('crimes_utf8_bom_crlf.csv:9  victim_sex  victim_sex Z is not one of: F, M, U');
  });

  it('ingest prints each file once, with its first problem rows by line; quarantine lists them all', () => {
    const paths = tempWorkspace(['ingest/crimes_utf8_bom_crlf.csv', 'ingest/outcomes_some_unknown.csv']);
    const r = psm('ingest', '--workspace', paths.root);
    expect(r.status).toBe(0);
    const both = r.stdout + r.stderr;
    expect(both.split('✓ crimes_utf8_bom_crlf.csv').length - 1).toBe(1); // once, not in the summary again
    expect(r.stderr).toContain('crimes_utf8_bom_crlf.csv:5  recorded_date  recorded_date 31/02/2023 is not a date');
    expect(r.stderr).toContain('… every row: psm quarantine crimes_utf8_bom_crlf.csv');
    expect(r.stdout).toMatch(/^2 files: 11 rows, 5 loaded, 6 quarantined, 0 refused, 0 unchanged\.$/m);

    const q = psm('quarantine', 'crimes_utf8_bom_crlf.csv', '--workspace', paths.root);
    expect(q.status).toBe(0);
    const lines = q.stdout.trim().split('\n');
    expect(lines).toHaveLength(6); // five bad rows; line 9 has two bad fields
    expect(lines[0]).toBe(
      'crimes_utf8_bom_crlf.csv:5  recorded_date  recorded_date 31/02/2023 is not a date (expected dd/mm/yyyy or yyyy-mm-dd)',
    );
    expect(lines.at(-1)).toBe('crimes_utf8_bom_crlf.csv:9  victim_sex  victim_sex Z is not one of: F, M, U');
    const json = JSON.parse(psm('quarantine', '--workspace', paths.root, '--json', '--limit', '0').stdout);
    // 7 quarantine rows (crimes lines 5, 6, 7, 8 and 9 twice; the outcome on line 4, code 2Z) + 1 warning
    // (the outcome on line 3 points at CR-9999; line 2's CR-0007 arrived with the crimes)
    expect(json.total).toBe(8);
    expect(json.rows.filter((w: { outcome: string }) => w.outcome === 'warning').map((w: { line: number }) => w.line)).toEqual([3]);
    expect(psm('quarantine', 'nope.csv', '--workspace', paths.root).stderr).toContain('not ingested into');
    const mixed = psm('quarantine', 'crimes_utf8_bom_crlf.csv', 'nope.csv', '--workspace', paths.root); // one name mistyped
    expect(mixed.status).toBe(1);
    expect(mixed.stderr).toContain('nope.csv');
  });

  it('check says so when the file is missing or empty', () => {
    const paths = tempWorkspace();
    const missing = psm('check', join(paths.root, 'crimes_nope.csv'), '--workspace', paths.root);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('crimes_nope.csv: no such file');
    const empty = join(paths.root, 'crimes_empty.csv');
    writeFileSync(empty, '\r\n\r\n');
    const r = psm('check', empty, '--workspace', paths.root);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('crimes_empty.csv: refused — the file is empty: it has no header line');
  });
});
