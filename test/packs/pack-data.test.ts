// The pack's data from a real warehouse on disk (the small fixture workspace): every section,
// table and chart of the demo VAWG meeting is computed, nothing record-level leaks into it, and a
// bad figure reference in the analyst's Markdown fails with the file and line to fix.
import { appendFileSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, type WorkspacePaths } from '../../pipeline/config.ts';
import { buildPackData } from '../../pipeline/packs/pack-data.ts';
import { openReadOnly, type Db } from '../../pipeline/warehouse/duckdb.ts';
import { makeFixtureWorkspace } from '../dashboards/fixture-workspace.ts';

const id = '2023-11-08-vawg';
let paths: WorkspacePaths;
let db: Db;

beforeAll(async () => {
  paths = await makeFixtureWorkspace();
  cpSync(join(repoRoot, 'reports', id), join(paths.reports, id), { recursive: true, filter: (s) => !s.includes('/out') });
  db = await openReadOnly(paths.warehouse);
});
afterAll(() => db?.close());

/** A private copy of the meeting to break, so each test starts from the committed files. */
function meetingCopy(name: string): string {
  const copy = `2023-11-08-${name}`;
  cpSync(join(repoRoot, 'reports', id), join(paths.reports, copy), { recursive: true, filter: (s) => !s.includes('/out') });
  return copy;
}

describe('buildPackData', () => {
  it('computes every section, table and chart, with aggregates only', async () => {
    const data = await buildPackData(db.conn, id, { reportsDir: paths.reports, now: new Date('2023-11-01T10:30:00Z') });
    expect(data.sections.map((s) => s.id)).toEqual(['vawg-volumes', 'rasso', 'stalking', 'civil-orders', 'dvds']);
    expect(data.figures).toHaveLength(5 + 15);
    const table = data.sections[0]!.tables[0]!;
    expect(table.columns).toEqual([
      'Year to Jul 2023',
      'Year to Jul 2022',
      'Change from Jul 2022',
      'Year to Jul 2021',
      'Change from Jul 2021',
    ]);
    expect(table.rows).toHaveLength(6);
    const chart = data.sections[0]!.charts[0]!;
    expect(chart.points).toHaveLength(36);
    expect(chart.points.at(-1)!.period).toBe('2023-10');
    expect(chart.description).toMatch(/^Violence with injury against women and girls: /);
    expect(data.questions).toHaveLength(3);
    expect(data.questions[0]!.answerHtml).toMatch(/applied for <span class="pack-live" title="dvpn_applications, cy 2021">\d+<\/span>/);
    expect(data.sources.map((s) => s.extract)).toEqual(['breaches', 'crimes', 'dvds', 'orders', 'outcomes']);
    expect(data.definitions.map((d) => d.id)).toContain('dvpn_breach_rate_pct');
    // Record references in the fixture look like CR-0000001, OR-000001, BR-000001, DV-000001.
    expect(JSON.stringify(data)).not.toMatch(/\b(CR|OR|BR|DV|CL)-\d{6,8}\b/);
  });

  it('names the Markdown file and line of an unknown metric', async () => {
    const copy = meetingCopy('bad-metric');
    const file = join(paths.reports, copy, 'sections', 'rasso.md');
    const lines = readFileSync(file, 'utf8').split('\n').length;
    appendFileSync(file, 'A typo: {{ rasso_positve_outcome_rate_pct r12 2023-06 }}.\n');
    await expect(buildPackData(db.conn, copy, { reportsDir: paths.reports })).rejects.toThrow(
      `reports/${copy}/sections/rasso.md:${lines}: unknown metric "rasso_positve_outcome_rate_pct"`,
    );
  });

  it('names the file and line of a period with no data, and of an unknown area', async () => {
    const copy = meetingCopy('bad-period');
    writeFileSync(join(paths.reports, copy, 'questions.md'), '## 1. Q?\n\nIn 2031 there were {{ dvpn_applications cy 2031 }}.\n');
    await expect(buildPackData(db.conn, copy, { reportsDir: paths.reports })).rejects.toThrow(
      `reports/${copy}/questions.md:3: no value for dvpn_applications in cy 2031`,
    );
    writeFileSync(join(paths.reports, copy, 'questions.md'), '## 1. Q?\n\n{{ dvpn_applications cy 2021 XX }}\n');
    await expect(buildPackData(db.conn, copy, { reportsDir: paths.reports })).rejects.toThrow(
      `reports/${copy}/questions.md:3: unknown area "XX"`,
    );
  });

  it('names meeting.json when a chart asks for a metric the catalogue lacks', async () => {
    const copy = meetingCopy('bad-chart');
    const file = join(paths.reports, copy, 'meeting.json');
    const m = JSON.parse(readFileSync(file, 'utf8'));
    m.date = '2023-11-08';
    m.sections[1].charts.push({ metric: 'rasso_charges' });
    writeFileSync(file, JSON.stringify(m));
    await expect(buildPackData(db.conn, copy, { reportsDir: paths.reports })).rejects.toThrow(
      `${file}: section "rasso" names unknown metric "rasso_charges"`,
    );
  });
});
