// The charts and the changes on the real demo site (built with no network, served on localhost,
// driven in headless Chromium): the 999 chart rebased at the annotated contact-management operating
// model, with two sets of limits and trial limits for the new process; every chart's numbers — the
// table under it and its CSV, which must carry the same values `psm metrics` computes; and the
// Overview's movements since the last meeting, "better" or "worse" only when significant.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { roundTo } from '../../dashboards/shared/format.ts';
import { getMetric } from '../../pipeline/metrics/catalogue.ts';
import { overviewData } from '../../pipeline/site/overview-data.ts';
import { workspaceAnnotations } from '../../pipeline/site/series.ts';
import { openReadOnly } from '../../pipeline/warehouse/duckdb.ts';
import { repoRoot } from '../../pipeline/config.ts';
import { seriousViolations } from './axe.ts';
import { servedDemoSite, siteNow } from './site-setup.ts';

const served = servedDemoSite();

const chart999 = '/contact?metric=calls999_answered_10s_pct&grain=month&period=2023-10&area=force';
const spcSection = 'section[aria-labelledby="spc-heading"]';

async function open(path: string, ready = `${spcSection} figure.psm-spc svg`): Promise<Page> {
  const page = await served.browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  await page.goto(new URL(path.replace(/^\//, ''), served.server.url).href, { waitUntil: 'networkidle0' });
  await page.waitForSelector(ready);
  return page;
}

/** Clicks a button that saves a file and returns the file's name and text. */
async function download(page: Page, button: string): Promise<{ file: string; text: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'psm-chart-csv-'));
  try {
    const cdp = await page.createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: dir });
    await page.click(button);
    // Chromium may show the file under its name before its bytes are in (an empty file, or a
    // .crdownload beside it): wait until it is whole.
    const whole = () => {
      const names = readdirSync(dir);
      const csv = names.find((f) => f.endsWith('.csv'));
      return Boolean(csv) && !names.some((f) => f.endsWith('.crdownload')) && statSync(join(dir, csv!)).size > 0;
    };
    const deadline = Date.now() + 10_000;
    while (!whole() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const file = readdirSync(dir).find((f) => f.endsWith('.csv'));
    if (!file) throw new Error('no CSV was saved');
    return { file, text: readFileSync(join(dir, file), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('a rebased control chart', () => {
  it('draws two sets of limits for the 999 series, the new process marked as trial limits', async () => {
    const page = await open(chart999);
    try {
      const fig = `${spcSection} figure.psm-spc`;
      expect(await page.$eval(fig, (f) => [f.getAttribute('data-segments'), f.getAttribute('data-trial')])).toEqual(['2', 'yes']);
      const count = (cls: string) => page.$$eval(`${fig} svg g.${cls} line`, (ls) => ls.length);
      // Upper and lower limit of the settled segment (Nov 2020 – Feb 2023), and of the trial one (Mar – Oct 2023).
      expect(await count('psm-spc-limits')).toBe(2);
      expect(await count('psm-spc-trial-limits')).toBe(2);
      expect(await count('psm-spc-mean')).toBe(2);
      // The two segments' limit lines do not overlap in x: the limits break at the change.
      const spans = await page.$$eval(`${fig} svg g.psm-spc-mean line`, (ls) =>
        ls.map((l) => [Number(l.getAttribute('x1')), Number(l.getAttribute('x2'))]),
      );
      expect(spans[0]![1]).toBeLessThan(spans[1]![0]);
      expect(await page.$eval(`${fig} svg g.psm-spc-trial-label`, (g) => g.textContent)).toBe('Trial limits');
      const caption = await page.$eval(`${fig} figcaption`, (c) => c.textContent ?? '');
      expect(caption).toContain('Limits recalculated from Mar 2023 (New contact-management operating model, 27 Feb 2023)');
      expect(caption).toContain('These are trial limits, from 8 months');
      expect(await page.$eval(`${fig} .psm-legend`, (l) => l.textContent)).toContain(
        'Trial limits (fewer than 12 months since the change)',
      );
      expect(await page.$eval(`${fig} .psm-annotations`, (l) => l.textContent)).toContain(
        'New contact-management operating model — limits recalculated from Mar 2023',
      );
    } finally {
      await page.close();
    }
  });
});

describe("a chart's numbers", () => {
  it('has a table under the chart and a CSV whose values are the ones psm metrics computes', async () => {
    const page = await open(chart999);
    try {
      const details = `${spcSection} details.psm-chart-data`;
      await page.click(`${details} > summary`);
      const rows = await page.$$eval(`${details} tbody tr`, (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
      expect(rows).toHaveLength(36);
      expect(rows.at(-1)).toEqual(['Oct 2023', '90.9%', '86.2%', '79.8%', '92.7%', 'Trial', 'Common cause']);
      const { file, text } = await download(page, `${details} .psm-table-tools button`);
      expect(file).toBe('calls999_answered_10s_pct_month_force.csv');
      const [head, ...lines] = text.trim().split('\r\n');
      expect(head).toBe('Period,Period label,Value,Unit,Mean,Lower process limit,Upper process limit,Limits,Signal');
      const csv = lines.map((l) => l.split(','));
      expect(csv[0]!.slice(0, 2)).toEqual(['2020-11', 'Nov 2020']);
      expect(csv.every((c) => c[3] === '%')).toBe(true);
      expect(csv.filter((c) => c[7] === 'trial').map((c) => c[0])).toEqual([
        '2023-03',
        '2023-04',
        '2023-05',
        '2023-06',
        '2023-07',
        '2023-08',
        '2023-09',
        '2023-10',
      ]);
      const cli = JSON.parse(
        execFileSync(
          process.execPath,
          [
            join(repoRoot, 'bin', 'psm.js'),
            'metrics',
            '--workspace',
            served.site.paths.root,
            '--metric',
            'calls999_answered_10s_pct',
            '--grain',
            'month',
            '--json',
          ],
          {
            encoding: 'utf8',
            maxBuffer: 64 << 20,
          },
        ),
      ) as { values: { period: string; area: string; value: number }[] };
      const computed = new Map(cli.values.filter((v) => v.area === 'force').map((v) => [v.period, v.value]));
      // The panel build publishes values at the page's precision (one place for a percentage).
      for (const c of csv) expect([c[0], Number(c[2])]).toEqual([c[0], roundTo(computed.get(c[0]!)!, 1)]);
      // Another metric redraws the page: the table the reader opened stays open, now with that metric's months.
      const tableBody = `${spcSection} details.psm-chart-data tbody`;
      const before = await page.$eval(tableBody, (c) => c.textContent);
      await page.select('#psm-filter-metric', 'calls999_calls');
      await page.waitForFunction((sel, was) => document.querySelector(sel)?.textContent !== was, {}, tableBody, before);
      expect(await page.$eval(`${spcSection} details.psm-chart-data`, (d) => (d as HTMLDetailsElement).open)).toBe(true);
    } finally {
      await page.close();
    }
  });

  it.each([
    ['/vawg?metric=rasso_positive_outcome_rate_pct&grain=r12&period=2023-10&area=force', `${spcSection} figure.psm-spc svg`, 3], // tiles' sparklines, control chart, funnel plot
    ['/', 'section[aria-labelledby="calendar-heading"] table', 1], // the headline sparklines
    ['/quality', 'section[aria-labelledby="ledger-heading"] table', 1], // the quarantine chart
  ])('keeps %s free of serious or critical accessibility violations with its chart tables open', async (path, ready, tables) => {
    const page = await open(path, ready);
    try {
      await page.$$eval('details.psm-chart-data', (ds) => ds.forEach((d) => ((d as HTMLDetailsElement).open = true)));
      expect(await page.$$eval('details.psm-chart-data[open] table', (ts) => ts.length)).toBe(tables);
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

describe('the Overview: what changed since the last meeting', () => {
  it('calls a movement better or worse only when it is significant, else "no significant change"', async () => {
    const db = await openReadOnly(served.site.paths.warehouse);
    let data: Awaited<ReturnType<typeof overviewData>>;
    try {
      data = await overviewData(db.conn, served.site.paths, workspaceAnnotations(served.site.paths.root), null, {
        audience: 'panel',
        now: new Date(siteNow),
      });
    } finally {
      db.close();
    }
    const movements = data.changes!.movements;
    const section = 'section[aria-labelledby="changes-heading"]';
    const page = await open('/', `${section} table`);
    try {
      const shown = new Map(
        (await page.$$eval(`${section} tbody tr`, (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent!.trim())))).map(
          (r) => [r[0]!, r.at(-1)!],
        ),
      );
      expect(shown.size).toBe(movements.length);
      const words = movements.map((m) => {
        const text = shown.get(m.title)!;
        const verdict = /\((better|worse|no significant change|significant change)\)$/.exec(text)?.[1] ?? null;
        const polarity = getMetric(m.id).polarity;
        if (m.now.value === m.then.value) expect(verdict, m.title).toBeNull();
        else if (m.test === 's') {
          const up = (m.now.value as number) > (m.then.value as number);
          const good = polarity === 'up_is_good' ? up : !up;
          expect(verdict, m.title).toBe(polarity === 'neutral' ? 'significant change' : good ? 'better' : 'worse');
        } else if (m.test === '.') expect(verdict, m.title).toBe('no significant change');
        else expect(verdict, m.title).toBeNull();
        return verdict;
      });
      // On the demo every movement since the September meeting is small (rolling years a month or two
      // apart): before, these were called "better" or "worse"; none is significant. (The significant
      // branch is the tiles' changeVerdict, held by comparisons.test.ts.)
      expect(words.filter((w) => w === 'no significant change').length).toBeGreaterThan(0);
    } finally {
      await page.close();
    }
  });
});
