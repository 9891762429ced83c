// What needs a person about the meetings, where people look: psm status and the Overview page say
// each failed pack and each printed pack that data received since has overtaken.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../pipeline/config.ts';
import { staleAlerts, type ArrivedFile } from '../../pipeline/meetings/attention.ts';
import type { MeetingEntry } from '../../pipeline/meetings/entries.ts';
import { tempWorkspace } from '../helpers.ts';

/** A meeting on 8 Nov 2023 with data to Sep 2023, its pack printed on 1 Nov from two files. */
const entry = (over: { startsAt?: string } = {}): MeetingEntry => ({
  id: '2023-11-08-vawg',
  problem: null,
  input: null,
  delivery: null,
  held: null,
  meeting: { dataTo: '2023-09', startsAt: new Date(over.startsAt ?? '2023-11-08T10:00:00Z') } as MeetingEntry['meeting'],
  pack: {
    print: 'printed',
    draft: true,
    why: null,
    failed: null,
    manifest: {
      generatedAt: '2023-11-01T03:40:00Z',
      extracts: [
        { sha256: 'a', extract: 'crimes' },
        { sha256: 'b', extract: 'crimes' },
      ],
    } as never,
  },
});
const file = (sha256: string, receivedAt: string, periodStart: string | null, extract = 'crimes'): ArrivedFile => ({
  file: `${extract}_${sha256}.csv`,
  extract,
  sha256,
  receivedAt,
  periodStart,
});
const now = new Date('2023-11-03T12:00:00Z');

describe('a pack older than its data', () => {
  it('is one printed before a file with data in its period arrived, while the meeting is ahead', () => {
    const files = [
      file('a', '2023-10-01T03:30:00Z', '2023-04-01'),
      file('b', '2023-10-02T03:30:00Z', '2023-09-01'),
      file('c', '2023-11-02T03:30:00Z', '2023-09-01'),
    ];
    const [alert, ...rest] = staleAlerts([entry()], files, now);
    expect(rest).toEqual([]);
    expect(alert).toEqual({
      meeting: '2023-11-08-vawg',
      kind: 'stale',
      detail:
        'printed 2023-11-01 03:40 UTC, before 1 file(s) with data to 2023-09 arrived (crimes_c.csv): psm pack 2023-11-08-vawg prints it again',
    });
  });

  it('is not one whose later files hold only months after its data or another extract, nor one whose meeting has been held', () => {
    const later = [file('c', '2023-11-02T03:30:00Z', '2023-10-01')];
    expect(staleAlerts([entry()], later, now)).toEqual([]);
    expect(staleAlerts([entry()], [file('d', '2023-11-02T03:30:00Z', '2023-09-01', 'calls999')], now)).toEqual([]); // not a figure of it
    const inPeriod = [file('c', '2023-11-02T03:30:00Z', '2023-09-30')];
    expect(staleAlerts([entry()], inPeriod, now)).toHaveLength(1);
    expect(staleAlerts([entry({ startsAt: '2023-11-02T10:00:00Z' })], inPeriod, now)).toEqual([]);
  });
});

describe('psm status', () => {
  it('ends with each meeting that needs a person, and lists them in --json', () => {
    const paths = tempWorkspace(['ingest/crimes_utf8_bom_crlf.csv']);
    try {
      const psm = (...args: string[]) =>
        spawnSync(process.execPath, [join(repoRoot, 'bin/psm.js'), ...args, '--workspace', paths.root], {
          encoding: 'utf8',
          timeout: 120_000,
        });
      expect(psm('ingest').status).toBe(0);
      mkdirSync(join(paths.reports, '2099-01-14-broken'), { recursive: true });
      writeFileSync(join(paths.reports, '2099-01-14-broken', 'meeting.json'), '{ "title": "Broken", ');
      const text = psm('status');
      expect(text.status, text.stderr).toBe(0);
      const last = text.stdout.trim().split('\n').at(-1)!;
      expect(last).toMatch(/^FAILED: meeting 2099-01-14-broken: cannot be read: .*psm meeting check 2099-01-14-broken/);
      expect(last.split('psm meeting check').length - 1, 'what to run, said once').toBe(1);
      const json = JSON.parse(psm('status', '--json').stdout);
      expect(json.meeting_alerts).toEqual([
        { meeting: '2099-01-14-broken', kind: 'failed', detail: expect.stringContaining('cannot be read') },
      ]);
    } finally {
      rmSync(paths.root, { recursive: true, force: true });
    }
  });
});
