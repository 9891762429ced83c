// psm meeting check says, as warnings, what would make a meeting's email fail: a list delivery.json
// lacks, or a delivery.json that is not valid — at their lines, and the pack still prints.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, workspacePaths } from '../../pipeline/config.ts';
import { checkMeeting } from '../../pipeline/meetings/check.ts';
import { formatProblem } from '../../pipeline/meetings/problems.ts';

const id = '2023-11-08-vawg';
const paths = workspacePaths(mkdtempSync(join(tmpdir(), 'psm-delivery-check-')));
cpSync(join(repoRoot, 'reports', id), join(paths.reports, id), { recursive: true, filter: (s) => !s.includes('/out') });
const file = join(paths.reports, id, 'meeting.json');
writeFileSync(file, readFileSync(file, 'utf8').replace('"leadDays": 7,', '"leadDays": 7,\n  "recipients": ["panel", "board"],'));
const delivery = {
  smtp: { host: '127.0.0.1', port: 2525, security: 'none' },
  from: { name: 'OPCC', email: 'performance@opcc.example' },
  baseUrl: 'http://127.0.0.1:3000/',
  lists: { panel: [{ name: 'Priya Shah', email: 'priya.shah@panel.example' }] },
};
const deliveryProblems = async () =>
  (await checkMeeting(paths, id, { data: null })).problems.filter((p) => /delivery|recipients/.test(p.message + p.file)).map(formatProblem);

describe('psm meeting check: delivery', () => {
  it('warns, at the list in meeting.json, of a list delivery.json lacks', async () => {
    expect(await deliveryProblems()).toEqual([
      `reports/${id}/meeting.json:20:3: warning: recipients names lists, but there is no delivery.json: the pack will not be emailed`,
    ]);
    writeFileSync(paths.delivery, JSON.stringify(delivery, null, 2));
    expect(await deliveryProblems()).toEqual([
      `reports/${id}/meeting.json:20:27: warning: recipients: no list "board" in delivery.json (it has panel): the pack's email will fail`,
    ]);
  });

  it('warns, at its line, of a delivery.json that is not valid', async () => {
    writeFileSync(paths.delivery, JSON.stringify({ ...delivery, smtp: { ...delivery.smtp, host: 'smtp.example' } }, null, 2));
    const [problem] = await deliveryProblems();
    expect(problem).toMatch(
      /^delivery\.json:5:17: warning: smtp\.security: "none" sends the links in clear text.*no pack is emailed until it is fixed$/,
    );
    expect((await checkMeeting(paths, id, { data: null })).ok).toBe(true); // the pack still prints
  });
});
