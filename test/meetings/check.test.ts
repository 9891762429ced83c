// psm meeting check on the real ingested demo warehouse: the demo meetings pass; a copy with a dozen
// planted errors across meeting.json, two commentary files and the questions reports every one in
// one pass, each at its line and column, with "did you mean" where a typo is one slip away; a JSON
// syntax error is a line and column, not a character offset; psm pack refuses such a meeting with
// the same report; a folder copied with its out/ is named. No pack is printed here.
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { run as packCommand } from '../../pipeline/commands/pack.ts';
import type { WorkspacePaths } from '../../pipeline/config.ts';
import { checkMeeting, type CheckReport } from '../../pipeline/meetings/check.ts';
import { readDataContext, type DataContext } from '../../pipeline/meetings/data-context.ts';
import { formatProblem } from '../../pipeline/meetings/problems.ts';
import { ingestedDemoWorkspace } from '../helpers.ts';

const vawg = '2023-11-08-vawg';
let paths: WorkspacePaths;
let data: DataContext | null;

/** The 1-based line and column of the first `needle` in `text` (the test works out where each planted error is). */
function locate(text: string, needle: string, from = 0): string {
  const at = text.indexOf(needle, from);
  if (at < 0) throw new Error(`${needle} not in the text`);
  const before = text.slice(0, at).split('\n');
  return `${before.length}:${before.at(-1)!.length + 1}`;
}

const lines = (r: CheckReport) => r.problems.map(formatProblem);

function copyMeeting(to: string): string {
  cpSync(join(paths.reports, vawg), join(paths.reports, to), { recursive: true, filter: (s) => !s.includes('/out') });
  return join(paths.reports, to);
}

beforeAll(async () => {
  paths = ingestedDemoWorkspace('psm-meeting-check-', 'PSM_MEETINGS_WORKSPACE');
  data = await readDataContext(paths);
}, 300_000);

describe('the demo meetings', () => {
  it('pass with no problems against the warehouse they were written for', async () => {
    for (const id of ['2023-09-28-victims', vawg]) {
      const r = await checkMeeting(paths, id, { data });
      expect(lines(r), id).toEqual([]);
      expect(r.ok).toBe(true);
    }
    expect(data?.lastComplete).toBe('2023-10');
  });
});

describe('a meeting with planted errors', () => {
  const id = '2023-11-09-vawg';
  let json: string;
  let rasso: string;
  let report: CheckReport;
  const file = (name: string) => `reports/${id}/${name}`;

  beforeAll(async () => {
    const dir = copyMeeting(id);
    json = readFileSync(join(dir, 'meeting.json'), 'utf8')
      .replace('"date": "2023-11-08"', '"date": "2023-11-09"')
      .replace('"dataTo": "2023-10"', '"dataTo": "2023-12"') // data run to 31 Oct 2023
      .replace('"protectiveMarking": "OFFICIAL"', '"protectiveMarking": "OFFICAL", "leadDay": 7')
      .replace('{ "metric": "vawg_rape" }', '{ "metric": "vawg_rapes" }')
      .replace('"periods": ["2023-06", "2022-06"]', '"periods": ["2023-06", "2018-06"]')
      .replace(
        '"rows": "periods",\n          "change": false,\n          "formats": { "spo_',
        '"rows": "periods", "area": "Derbyshire Dales",\n          "change": false,\n          "formats": { "spo_',
      );
    writeFileSync(join(dir, 'meeting.json'), json);
    rasso = readFileSync(join(dir, 'sections', 'rasso.md'), 'utf8')
      .replace('{{ rasso_positive_outcome_rate_pct r12 2022-06 }}', '{{ rasso_positive_outcom_rate_pct r12 2022-06 }}')
      .replace(
        '{{ rasso_median_days_to_charge r12 2023-08 }}',
        '{{ rasso_median_days_to_charge r12 2025-08 }} and {{ vawg_rape r12 2023-07 DDX }}',
      );
    writeFileSync(join(dir, 'sections', 'rasso.md'), rasso);
    writeFileSync(join(dir, 'sections', 'rassso.md'), 'Stray {{ vawg_rape r12 2023-07 | pct9 }}\n');
    writeFileSync(join(dir, 'sections', 'dvds.md'), '<!-- only a note: nothing to print -->\n');
    writeFileSync(join(dir, 'questions.md'), `${readFileSync(join(dir, 'questions.md'), 'utf8')}\n## 4. Is anyone answering this?\n\n`);
    report = await checkMeeting(paths, id, { data });
  });

  it('reports every problem at once, at its line and column, with did-you-mean', () => {
    const q = readFileSync(join(paths.reports, id, 'questions.md'), 'utf8');
    expect(lines(report)).toEqual(
      expect.arrayContaining([
        `${file('meeting.json')}:${locate(json, '"OFFICAL"')}: error: protectiveMarking: "OFFICAL" is not one of "OFFICIAL", "OFFICIAL-SENSITIVE" (did you mean "OFFICIAL"?)`,
        `${file('meeting.json')}:${locate(json, '"leadDay"')}: error: the top level: unknown key "leadDay" (did you mean "leadDays"?)`,
        expect.stringMatching(
          new RegExp(
            `^${file('meeting.json')}:${locate(json, '"2023-12"')}: error: dataTo 2023-12 is after the data: the warehouse holds 1 Apr 2019 to 31 Oct 2023, so its last complete month is 2023-10`,
          ),
        ),
        `${file('meeting.json')}:${locate(json, '"vawg_rapes"')}: error: unknown metric "vawg_rapes" (did you mean "vawg_rape"?)`,
        `${file('meeting.json')}:${locate(json, '"2018-06"')}: error: table "outcomes": no data for r12 2018-06: it is outside the data (1 Apr 2019 to 31 Oct 2023)`,
        `${file('meeting.json')}:${locate(json, '"Derbyshire Dales"')}: error: section "stalking", table "spo-years", area: unknown area "Derbyshire Dales" (did you mean "DD", Derbyshire Dales?)`,
        `${file('sections/rasso.md')}:${locate(rasso, '{{ rasso_positive_outcom_rate_pct')}: error: unknown metric "rasso_positive_outcom_rate_pct" in {{ rasso_positive_outcom_rate_pct r12 2022-06 }} (did you mean "rasso_positive_outcome_rate_pct"?)`,
        expect.stringMatching(
          new RegExp(
            `^${file('sections/rasso.md')}:${locate(rasso, '{{ rasso_median_days_to_charge r12 2025-08')}: error: no value for rasso_median_days_to_charge in r12 2025-08 .*outside the data`,
          ),
        ),
        `${file('sections/rasso.md')}:${locate(rasso, '{{ vawg_rape r12 2023-07 DDX')}: error: unknown area "DDX" in {{ vawg_rape r12 2023-07 DDX }} (did you mean "DD"?)`,
        expect.stringMatching(
          new RegExp(`^${file('sections/rassso.md')}:1:1: error: matches no section of meeting.json.*sections/rasso.md`),
        ),
        expect.stringMatching(new RegExp(`^${file('sections/rassso.md')}:1:7: error: unknown format "pct9"`)),
        `${file('sections/dvds.md')}:1:1: error: section "dvds" has no commentary yet (only notes, which do not print)`,
        `${file('questions.md')}:${locate(q, '## 4.')}: error: the question "4. Is anyone answering this?" has no answer`,
      ]),
    );
    expect(report.ok).toBe(false);
    expect(report.errors).toBe(13);
  });

  it('is refused by psm pack with the same report, before any site build or browser', async () => {
    let err = '';
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
    let code: number;
    try {
      code = await packCommand([id, '--workspace', paths.root]);
    } finally {
      spy.mockRestore();
    }
    expect(code).toBe(2);
    for (const line of lines(report)) expect(err).toContain(line);
    expect(err).toContain(`${id}: 13 errors, 0 warnings — the pack will not print until the errors are fixed`);
    expect(readdirSync(join(paths.reports, id))).not.toContain('out');
  });

  it('gives a JSON syntax error a line and column, and still checks the commentary', async () => {
    const broken = '2023-11-10-vawg';
    const dir = copyMeeting(broken);
    const text = readFileSync(join(dir, 'meeting.json'), 'utf8')
      .replace('"leadDays": 7,', '"leadDays": 7')
      .replace('"date": "2023-11-08"', '"date": "2023-11-10"');
    writeFileSync(join(dir, 'meeting.json'), text);
    writeFileSync(join(dir, 'sections', 'rasso.md'), 'Typo {{ rasso_recordd r12 2023-06 }}.\n');
    const r = await checkMeeting(paths, broken, { data });
    expect(lines(r)).toEqual([
      `reports/${broken}/meeting.json:${locate(text, '"releaseAt"')}: error: not valid JSON: expected "," or "}" after the value of "leadDays": is a comma missing at the end of the line before?`,
      `reports/${broken}/sections/rasso.md:1:6: error: unknown metric "rasso_recordd" in {{ rasso_recordd r12 2023-06 }} (did you mean "rasso_recorded"?)`,
    ]);
  });

  it("names a folder copied with the other meeting's out/, which is then not its pack", async () => {
    const copied = '2023-11-11-vawg';
    const dir = copyMeeting(copied);
    writeFileSync(
      join(dir, 'meeting.json'),
      readFileSync(join(dir, 'meeting.json'), 'utf8').replace('"date": "2023-11-08"', '"date": "2023-11-11"'),
    );
    mkdirSync(join(dir, 'out'));
    writeFileSync(join(dir, 'out', 'pack.pdf'), '%PDF-1.7 the VAWG pack\n');
    writeFileSync(
      join(dir, 'out', 'manifest.json'),
      JSON.stringify({ meeting: vawg, draft: false, generatedAt: '2023-11-08T10:30:00Z', pdf: { sha256: 'x' } }),
    );
    const r = await checkMeeting(paths, copied, { data });
    expect(lines(r)).toEqual([
      `reports/${copied}/out/manifest.json:1:1: warning: out/ holds the pack of meeting ${vawg}, not of ${copied} (copied from another meeting's folder?): it is not served or reported as printed; the next print replaces it (or delete reports/${copied}/out/)`,
    ]);
    expect(r.ok).toBe(true); // printing it is what replaces the stray pack
  });
});
