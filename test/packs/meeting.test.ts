// Meeting folders: the committed demo meetings load and schedule in London time; a broken
// meeting.json or a missing commentary file fails with the file named. Markdown: the subset
// renders, and nothing in it can inject markup into an official paper.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../pipeline/config.ts';
import { markdownToHtml, splitQuestions } from '../../pipeline/packs/markdown.ts';
import {
  expectedFigures,
  isDraft,
  loadMeeting,
  loadMeetings,
  meetingSchedule,
  packPaths,
  readMeetings,
} from '../../pipeline/packs/meeting.ts';

const reports = join(repoRoot, 'reports');

function copyOf(id: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'psm-meeting-'));
  cpSync(join(reports, id), join(dir, id), { recursive: true, filter: (src) => !src.includes('/out') });
  return dir;
}

describe('demo meetings', () => {
  it('both load, and start at their London wall time', () => {
    const ids = loadMeetings(reports).map((m) => m.id);
    expect(ids).toEqual(['2023-09-28-victims', '2023-11-08-vawg']);
    // 8 Nov is GMT (10:30 London = 10:30 UTC); 28 Sep is BST (13:30 London = 12:30 UTC).
    expect(meetingSchedule(reports)).toEqual([
      { meetingId: '2023-09-28-victims', startsAt: new Date('2023-09-28T12:30:00Z'), leadDays: 7 },
      { meetingId: '2023-11-08-vawg', startsAt: new Date('2023-11-08T10:30:00Z'), leadDays: 7 },
    ]);
    expect(packPaths(reports)).toEqual(['/packs/2023-09-28-victims', '/packs/2023-11-08-vawg']);
  });

  it('the VAWG meeting follows the agenda of the real paper and lists its figures', () => {
    const m = loadMeeting(reports, '2023-11-08-vawg');
    expect(m.agenda.map((a) => a.title.split(' ')[0])).toEqual(['Introductions', 'Announcements', 'Announcements', 'The', 'Public']);
    expect(m.protectiveMarking).toBe('OFFICIAL');
    expect(expectedFigures(m)).toContain('tbl-vawg-volumes-year-end');
    expect(expectedFigures(m)).toContain('fig-vawg-volumes-vawg-rape');
    // Released when the meeting opens: a pack printed a week before is a draft.
    expect(isDraft(m, new Date('2023-11-01T10:30:00Z'))).toBe(true);
    expect(isDraft(m, new Date('2023-11-08T10:30:00Z'))).toBe(false);
  });
});

describe('invalid meetings fail with the file named', () => {
  it('reports every schema problem with its path', () => {
    const dir = copyOf('2023-11-08-vawg');
    const file = join(dir, '2023-11-08-vawg', 'meeting.json');
    const m = JSON.parse(
      JSON.stringify(loadMeeting(reports, '2023-11-08-vawg'), (k, v) =>
        ['id', 'dir', 'startsAt', 'releaseInstant'].includes(k) ? undefined : v,
      ),
    );
    writeFileSync(file, JSON.stringify({ ...m, time: '25:00', leadDays: -1, protectiveMarking: 'SECRET', colour: 'blue' }));
    let message = '';
    try {
      loadMeeting(dir, '2023-11-08-vawg');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain(`${file} is not a valid meeting`);
    for (const path of ['time:', 'leadDays:', 'protectiveMarking:', 'colour']) expect(message).toContain(path);
    rmSync(dir, { recursive: true });
  });

  it('names a section whose commentary file is missing', () => {
    const dir = copyOf('2023-11-08-vawg');
    rmSync(join(dir, '2023-11-08-vawg', 'sections', 'rasso.md'));
    expect(() => loadMeeting(dir, '2023-11-08-vawg')).toThrow(/sections\/rasso\.md \(the commentary for "rasso"\) is missing/);
    rmSync(dir, { recursive: true });
  });

  it('rejects a folder name that does not match the date', () => {
    const dir = copyOf('2023-11-08-vawg');
    cpSync(join(dir, '2023-11-08-vawg'), join(dir, '2023-11-09-vawg'), { recursive: true });
    expect(() => loadMeeting(dir, '2023-11-09-vawg')).toThrow(/folder name starts 2023-11-09 but date is 2023-11-08/);
    rmSync(dir, { recursive: true });
  });
});

describe('markdownToHtml', () => {
  it('renders paragraphs, headings, lists, emphasis, code, links and tables', () => {
    const html = markdownToHtml(
      '# Heading\n\nOne line\nwrapped.\n\n- a **bold** item\n- an *italic* one\n\n3. third\n4. fourth\n\n| A | B |\n|---|--:|\n| x | 1 |\n\nSee [the plan](https://example.org/plan) and `code_id`.',
    );
    expect(html).toBe(
      [
        '<h3>Heading</h3>',
        '<p>One line wrapped.</p>',
        '<ul><li>a <strong>bold</strong> item</li><li>an <em>italic</em> one</li></ul>',
        '<ol start="3"><li>third</li><li>fourth</li></ol>',
        '<table class="md-table"><thead><tr><th style="text-align:left">A</th><th style="text-align:right">B</th></tr></thead><tbody><tr><td style="text-align:left">x</td><td style="text-align:right">1</td></tr></tbody></table>',
        '<p>See <a href="https://example.org/plan">the plan</a> and <code>code_id</code>.</p>',
      ].join('\n'),
    );
  });

  it('escapes raw HTML and refuses script links', () => {
    const html = markdownToHtml('<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1))');
    expect(html).not.toMatch(/<script|<img|href="javascript/);
    expect(html).toContain('&lt;script&gt;');
  });

  it('splits questions at level-two headings', () => {
    const qs = splitQuestions('# Public questions\n\n## 1. First?\n\nAnswer one.\n\n## 2. Second?\nAnswer two.\n');
    expect(qs).toEqual([
      { heading: '1. First?', line: 3, body: 'Answer one.' },
      { heading: '2. Second?', line: 7, body: 'Answer two.' },
    ]);
  });
});

describe('a broken meeting among good ones', () => {
  it('is left out of the schedule and the pack pages, with a message naming its file', () => {
    const reports = join(mkdtempSync(join(tmpdir(), 'psm-meetings-')), 'reports');
    cpSync(join(repoRoot, 'reports'), reports, { recursive: true, filter: (src) => !src.includes('/out') });
    writeFileSync(join(reports, '2023-09-28-victims', 'meeting.json'), '{"title": 1}');
    expect(meetingSchedule(reports).map((m) => m.meetingId)).toEqual(['2023-11-08-vawg']);
    expect(packPaths(reports)).toEqual(['/packs/2023-11-08-vawg']);
    const { problems } = readMeetings(reports);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('2023-09-28-victims/meeting.json');
  });
});
