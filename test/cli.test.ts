// The `psm` command as a user runs it: a real child process, real files.
import { spawnSync } from 'node:child_process';
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
    for (const c of ['demo-data', 'ingest', 'check', 'status', 'metrics', 'figures', 'build', 'serve', 'pack', 'run', 'schedule', 'start', 'bench']) {
      expect(r.stdout).toMatch(new RegExp(`^  ${c} +\\S.+$`, 'm'));
    }
  });

  it('status --json names every path of the workspace and summarises the ledger', () => {
    const paths = tempWorkspace(['ingest/crimes_gzipped.csv.gz']);
    expect(psm('ingest', '--workspace', paths.root, '--json').status).toBe(0);
    const r = psm('status', '--workspace', paths.root, '--json');
    const s = JSON.parse(r.stdout);
    expect(s.paths).toMatchObject({ inbox: paths.inbox, archive: paths.archive, warehouse: paths.warehouse, site: paths.site, reports: paths.reports });
    expect(s.ledger).toEqual([expect.objectContaining({ extract: 'crimes', files: 1, rows: 2, loaded: 2, quarantined: 0 })]);
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
});
