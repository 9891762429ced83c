// The dashboards as a panel member meets them: a real site built (with no network) from the demo
// warehouse, served on localhost and driven in headless Chromium. Every page must load cleanly,
// draw its charts, state their message in words, keep its filters in the URL, pass an axe audit,
// and no built file may contain a record ref.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { overviewData } from '../../pipeline/site/overview-data.ts';
import { qualityData } from '../../pipeline/site/quality-data.ts';
import { themeData } from '../../pipeline/site/theme-data.ts';
import { openReadOnly, queryRows } from '../../pipeline/warehouse/duckdb.ts';
import { findLeakedRefs } from './ref-scan.ts';
import { servedDemoSite } from './site-setup.ts';
import { seriousViolations } from './axe.ts';

const pages = ['/', '/vawg', '/orders', '/contact', '/dvds', '/definitions', '/quality'];

const served = servedDemoSite();

interface Visit {
  page: Page;
  problems: string[];
}

/** Opens a page, recording console errors, page errors, failed and off-machine requests. */
async function visit(path: string, width = 1280): Promise<Visit> {
  const page = await served.browser.newPage();
  await page.setViewport({ width, height: 900 });
  const problems: string[] = [];
  const origin = new URL(served.server.url).origin;
  await page.setRequestInterception(true);
  page.on('request', (req) => {
    const url = req.url();
    if (url.startsWith(origin) || url.startsWith('data:') || url.startsWith('blob:')) void req.continue();
    else {
      problems.push(`off-machine request: ${url}`);
      void req.abort();
    }
  });
  page.on('console', (m) => void (m.type() === 'error' && problems.push(`console: ${m.text()}`)));
  page.on('pageerror', (e) => problems.push(`page error: ${(e as Error).message}`));
  page.on('requestfailed', (r) => problems.push(`failed: ${r.url()}`));
  page.on('response', (r) => void (r.status() >= 400 && problems.push(`${r.status()}: ${r.url()}`)));
  await page.goto(new URL(path.replace(/^\//, ''), served.server.url).href, { waitUntil: 'networkidle0' });
  // The last block of each page: once it is drawn, every cell above it has run.
  await page.waitForSelector(`section[aria-labelledby="${lastSection(path)}"] table`);
  // A cell that throws shows an inline error rather than logging to the console: count those too.
  for (const e of await page.$$eval('.observablehq--error', (els) => els.map((el) => el.textContent ?? '')))
    problems.push(`cell error: ${e}`);
  return { page, problems };
}

function lastSection(path: string): string {
  const p = new URL(path, 'http://x').pathname;
  return p === '/'
    ? 'calendar-heading'
    : p === '/definitions'
      ? 'extracts-heading'
      : p === '/quality'
        ? 'ledger-heading'
        : 'compare-heading';
}

const query = (page: Page) => new URL(page.url()).searchParams;

function textFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? textFiles(p) : /\.(html|js|css|json|csv|txt|svg)$/.test(n) ? [p] : [];
  });
}

describe('the build', () => {
  it("succeeds with no network, every page under 500 KB of data (its time is npm run bench's)", () => {
    if (!served.site.offline)
      console.warn('unshare -n is not available here: the build ran with the network up; the URL scan below still applies');
    expect(served.site.result.pages.map((p) => p.page)).toEqual(expect.arrayContaining(pages));
    for (const p of served.site.result.pages) expect(p.dataBytes, p.page).toBeLessThan(500 * 1024);
  });

  it('references no URL off this machine (XML namespaces aside)', () => {
    const found = new Set<string>();
    for (const f of textFiles(served.site.paths.site)) {
      for (const m of readFileSync(f, 'utf8').matchAll(/(?:https?:)?\/\/[a-z0-9-]+(?:\.[a-z0-9-]+)+[^\s"'`)]*/gi)) {
        if (!/^(https?:)?\/\/www\.w3\.org\//.test(m[0])) found.add(`${m[0]} in ${f.slice(served.site.paths.site.length)}`);
      }
    }
    expect([...found]).toEqual([]);
  });

  it('contains no crime, order, breach, call or request ref anywhere', async () => {
    const { leaks, refs } = await findLeakedRefs(served.site.paths.site, served.site.paths.warehouse);
    expect(refs).toBeGreaterThan(1000);
    expect(leaks).toEqual([]);
  });
});

describe.each(pages)('page %s', (path) => {
  it('reflows on a 390 px phone without sideways scrolling (wide tables scroll in their own box), and Tab goes first to a skip link', async () => {
    const { page, problems } = await visit(path, 390);
    try {
      const { scroll, viewport, unboxed } = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        viewport: document.documentElement.clientWidth,
        // A table wider than the screen must sit in a scroll box a keyboard can reach.
        unboxed: [...document.querySelectorAll('table')].filter(
          (t) =>
            t.getBoundingClientRect().width > document.documentElement.clientWidth &&
            !t.closest('.psm-table-scroll[tabindex="0"][role="region"][aria-label]'),
        ).length,
      }));
      expect(scroll, 'document width').toBeLessThanOrEqual(viewport);
      expect(unboxed, 'wide tables outside a scroll region').toBe(0);
      await page.keyboard.press('Tab');
      expect(
        await page.evaluate(() => [document.activeElement?.textContent, (document.activeElement as HTMLAnchorElement | null)?.hash]),
      ).toEqual(['Skip to the page', '#observablehq-main']);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('loads with no console errors or failed requests, draws its charts and states their message', async () => {
    const { page, problems } = await visit(path);
    try {
      const charts = await page.$$eval('figure.psm-chart svg:not(.psm-icon), svg.psm-spark', (svgs) =>
        svgs.map((s) => s.querySelectorAll('path, rect, circle, line').length),
      );
      if (['/vawg', '/orders', '/contact', '/dvds', '/quality', '/'].includes(path))
        expect(charts.length, 'charts drawn').toBeGreaterThan(0);
      for (const n of charts) expect(n, 'marks in a chart').toBeGreaterThan(0);
      // No chart figure without a drawing in it, and each theme page draws its metric's control chart.
      const figures = await page.$$eval('figure.psm-chart', (fs) => fs.map((f) => f.querySelector('svg:not(.psm-icon)') !== null));
      expect(
        figures.filter((drawn) => !drawn),
        'chart figures with nothing drawn',
      ).toEqual([]);
      if (['/vawg', '/orders', '/contact', '/dvds'].includes(path))
        expect(await page.$$('figure.psm-spc'), 'the control chart').toHaveLength(1);
      const captions = await page.$$eval('figure.psm-chart, figure.psm-table-figure', (figs) =>
        figs.map((f) => f.querySelector('figcaption')?.textContent?.trim() ?? ''),
      );
      for (const c of captions) expect(c.length, 'text alternative').toBeGreaterThan(20);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('has no serious or critical accessibility violations (axe-core)', async () => {
    const { page } = await visit(path);
    try {
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

describe('shareable state', () => {
  it('keeps filters in the URL: a change updates it, a reload restores it, back and forward step through it', async () => {
    const { page, problems } = await visit('/vawg');
    try {
      const q0 = query(page);
      expect(['metric', 'grain', 'period', 'area'].every((k) => q0.get(k))).toBe(true);
      await page.select('#psm-filter-grain', 'fy');
      await page.waitForFunction(() => new URLSearchParams(location.search).get('grain') === 'fy');
      expect(query(page).get('period')).toMatch(/^\d{4}\/\d{2}$/);
      await page.select('#psm-filter-area', 'DC');
      await page.waitForFunction(() => new URLSearchParams(location.search).get('area') === 'DC');
      await page.waitForFunction(() => document.querySelector('.psm-spc figcaption')?.textContent?.includes('Derby City'));
      const shared = page.url();

      await page.reload({ waitUntil: 'networkidle0' });
      await page.waitForSelector('#psm-filter-area');
      expect(page.url()).toBe(shared);
      expect(await page.$eval('#psm-filter-grain', (e) => (e as HTMLSelectElement).value)).toBe('fy');
      expect(await page.$eval('#psm-filter-area', (e) => (e as HTMLSelectElement).value)).toBe('DC');
      await page.waitForFunction(() =>
        [...document.querySelectorAll('.psm-tile-period')].every((t) => /FY .*Derby City/.test(t.textContent ?? '')),
      );

      await page.goBack();
      await page.waitForFunction(() => new URLSearchParams(location.search).get('area') === 'force');
      expect(await page.$eval('#psm-filter-area', (e) => (e as HTMLSelectElement).value)).toBe('force');
      await page.goForward();
      await page.waitForFunction(() => new URLSearchParams(location.search).get('area') === 'DC');
      expect(await page.$eval('#psm-filter-area', (e) => (e as HTMLSelectElement).value)).toBe('DC');

      // Choosing a metric from its tile selects it and says so in the URL and the chart heading.
      // The tiles redraw when the state changes: wait for the forward step to reach them, then click
      // in the page in one go (a held element handle may be replaced mid-click).
      await page.waitForFunction(() =>
        [...document.querySelectorAll('.psm-tile-period')].every((t) => (t.textContent ?? '').includes('Derby City')),
      );
      await page.evaluate(() => (document.querySelector('a.psm-tile[data-metric="vawg_rape"]') as HTMLElement).click());
      await page.waitForFunction(() => new URLSearchParams(location.search).get('metric') === 'vawg_rape');
      await page.waitForFunction(() => document.querySelector('#spc-heading')?.textContent?.startsWith('Rape of women and girls'));
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('opens a shared link exactly, and falls back sensibly from a stale one', async () => {
    const { page } = await visit('/contact?metric=calls999_answered_10s_pct&grain=fy&period=2022/23&area=force');
    try {
      const tile = await page.$eval('a.psm-tile[data-metric="calls999_answered_10s_pct"] .psm-sr', (s) => s.textContent);
      expect(tile).toMatch(/in FY 2022\/23/);
      await page.goto(new URL('contact?grain=fy&period=1999/00&area=ZZ', served.server.url).href, { waitUntil: 'networkidle0' });
      await page.waitForFunction(() => new URLSearchParams(location.search).get('area') === 'force');
      expect(query(page).get('period')).toMatch(/^20\d\d\/\d\d$/);
    } finally {
      await page.close();
    }
  });
});

describe('comparison table', () => {
  it('sorts by a column and downloads the rows it shows as CSV', async () => {
    const { page } = await visit('/vawg?metric=vawg_rape&grain=r12&period=2023-07&area=force');
    const dir = mkdtempSync(join(tmpdir(), 'psm-csv-'));
    try {
      const cdp = await page.createCDPSession();
      await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: dir });
      const section = 'section[aria-labelledby="compare-heading"]';
      await page.click(`${section} thead th:nth-child(2) button`);
      expect(await page.$eval(`${section} thead th:nth-child(2)`, (th) => th.getAttribute('aria-sort'))).toBe('descending');
      const values = await page.$$eval(`${section} tbody td:nth-child(2)`, (tds) =>
        tds.map((td) => Number(td.textContent!.replace(/[^\d.]/g, ''))),
      );
      expect(values).toEqual([...values].sort((a, b) => b - a));
      await page.click(`${section} .psm-table-tools button`);
      const deadline = Date.now() + 10_000;
      while (!readdirSync(dir).some((f) => f.endsWith('.csv')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const file = readdirSync(dir).find((f) => f.endsWith('.csv'));
      expect(file).toBe('vawg_rape_r12_2023-07_by_area.csv');
      const lines = readFileSync(join(dir, file!), 'utf8').trim().split('\r\n');
      expect(lines[0]).toBe('Area,12 months to Jul 2023,95% interval,12 months to Jul 2022,Change');
      // The force's published figures (PSM paper, VAWG table): 1,234 rapes in the year to Jul 2023, 1,219 a
      // year before; the count's 95% Garwood interval 1,166.1 to 1,304.8 (χ² quantiles / 2), rounded as counts are.
      expect(lines).toContain('Force,1234,1166 to 1305,1219,15');
      expect(lines).toHaveLength(1 + 9);
    } finally {
      await page.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('loader data', () => {
  const withDb = async <T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> => {
    const db = await openReadOnly(served.site.paths.warehouse);
    try {
      return await fn(db.conn);
    } finally {
      db.close();
    }
  };

  it('carries the force table of the VAWG paper, year ending July 2023, 2022 and 2021', async () => {
    const data = await withDb((c) => themeData(c, 'vawg', [], null, 'panel'));
    const r12 = data.periods.r12.map((p) => p.id);
    const at = (id: string, period: string) => data.metrics.find((m) => m.id === id)!.values.r12!.force![r12.indexOf(period)];
    const ids = [
      'vawg_violence_with_injury',
      'vawg_violence_without_injury',
      'vawg_stalking_harassment',
      'vawg_rape',
      'vawg_other_sexual_offences',
      'vawg_domestic_abuse',
    ];
    expect(ids.map((id) => at(id, '2023-07'))).toEqual([4766, 3893, 9819, 1234, 1657, 14346]);
    expect(ids.map((id) => at(id, '2022-07'))).toEqual([4601, 4070, 10102, 1219, 1674, 14355]);
    expect(ids.map((id) => at(id, '2021-07'))).toEqual([4424, 3780, 9579, 1037, 1260, 11653]);
  });

  it('hides small numbers below force level in the panel build, and only there', async () => {
    const small = (data: Awaited<ReturnType<typeof themeData>>) =>
      data.metrics
        .filter((m) => m.unit === 'count')
        .flatMap((m) =>
          Object.values(m.values).flatMap((byArea) =>
            Object.entries(byArea)
              .filter(([a]) => a !== 'force')
              .flatMap(([, cells]) => cells.filter((v) => typeof v === 'number' && v >= 1 && v <= 4)),
          ),
        );
    const panel = await withDb((c) => themeData(c, 'orders', [], null, 'panel'));
    expect(panel.audience).toBe('panel');
    expect(small(panel)).toEqual([]);
    expect(JSON.stringify(panel)).toContain('"c"');
    const analyst = await withDb((c) => themeData(c, 'orders', [], null, 'analyst'));
    expect(small(analyst).length).toBeGreaterThan(0);
  });

  it('picks the next meeting by the clock and compares it with the one before', async () => {
    const data = await withDb((c) =>
      overviewData(c, served.site.paths, [], null, { audience: 'panel', now: new Date('2023-10-01T00:00:00Z') }),
    );
    expect(data.next?.id).toBe('2023-11-08-vawg');
    expect(data.next?.isPast).toBe(false);
    expect(data.changes?.since.id).toBe('2023-09-28-victims');
    expect(data.headline.length).toBeGreaterThan(3);
  });

  it('counts quarantined rows without ever carrying their values', async () => {
    const data = await withDb((c) => qualityData(c, null, new Date(), 'panel'));
    const [{ n }] = await withDb((c) => queryRows<{ n: number }>(c, 'SELECT count(*)::INTEGER AS n FROM quarantine'));
    expect(data.quarantine.reduce((s, r) => s + r.rows, 0)).toBe(n);
    expect(data.extracts.reduce((s, e) => s + e.quarantined, 0)).toBe(n);
    expect(Object.keys(data.quarantine[0]!).sort()).toEqual(['extract', 'field', 'files', 'kind', 'rows']);
  });

  it('judges freshness against the build day: the demo data (to 31 Oct 2023) are old by Dec 2026', async () => {
    const late = await withDb((c) => qualityData(c, null, new Date('2026-12-01T12:00:00Z'), 'panel'));
    expect(late.today).toBe('2026-12-01');
    expect(late.extracts.find((e) => e.extract === 'crimes')).toMatchObject({
      last: '2023-10-31',
      label: 'Out of date',
      age: '37 months ago',
    });
    expect(late.extracts.map((e) => e.label)).not.toContain('Up to date');
    for (const f of late.ledger as { sha: string }[]) expect(f.sha).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('the /quality page at 1280 px', () => {
  it('fits the ledger in its column, hash shortened to 12 characters, and dates the data against the build day', async () => {
    const { page } = await visit('/quality');
    try {
      const ledger = 'section[aria-labelledby="ledger-heading"]';
      const fit = await page.$eval(`${ledger} .psm-table-scroll`, (d) => ({ scroll: d.scrollWidth, client: d.clientWidth }));
      expect(fit.scroll).toBeLessThanOrEqual(fit.client);
      const hash = await page.$eval(`${ledger} tbody .psm-code`, (c) => ({ text: c.textContent, title: c.getAttribute('title') }));
      expect(hash.title).toMatch(/^[0-9a-f]{64}$/);
      expect(hash.text).toBe(hash.title!.slice(0, 12));
      // The site is built with PSM_NOW = 1 Nov 2023 (site-setup.ts): the demo data end the day before.
      const fresh = await page.$eval('section[aria-labelledby="fresh-heading"]', (s) => (s as HTMLElement).innerText);
      expect(fresh).toContain('Data to 31 Oct 2023, 1 day ago (site built on 1 Nov 2023).');
    } finally {
      await page.close();
    }
  });
});
