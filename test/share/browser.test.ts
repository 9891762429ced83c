// The hardened server as a browser meets it: the demo site built from the demo warehouse, served
// by the real panel server and opened in headless Chromium. Every dashboard and a pack (reached the
// way a panel member reaches it: a link clicked on another site) must draw with no Content-Security-
// Policy violation at all, while a script injected into the page is refused; and while `psm pack`
// prints, its loopback server gives nothing to a request without the renderer's secret path.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkspacePaths } from '../../pipeline/config.ts';
import { launchBrowser } from '../../pipeline/render/browser.ts';
import { renderPack } from '../../pipeline/render/pack.ts';
import { readOrCreateShareKey } from '../../pipeline/share/key.ts';
import { panelServeOptions } from '../../pipeline/share/serve-options.ts';
import { signShareToken } from '../../pipeline/share/token.ts';
import { buildSite } from '../../pipeline/site/build.ts';
import { startStaticServer, type StaticServer } from '../../pipeline/site/serve.ts';
import { demoPackWorkspace } from '../render/demo-workspace.ts';

const VAWG = '2023-11-08-vawg';
const dashboards = ['/', '/vawg', '/orders', '/contact', '/dvds', '/definitions', '/quality'];

let paths: WorkspacePaths;
let server: StaticServer; // its clock: a week before the VAWG meeting, so its pack is embargoed
let browser: Browser;

beforeAll(async () => {
  paths = demoPackWorkspace();
  if (!existsSync(join(paths.site, 'packs', `${VAWG}.html`))) await buildSite(paths, { onOutput: () => {} });
  server = await startStaticServer(paths.site, { port: 0, ...panelServeOptions(paths), now: () => new Date('2023-11-01T10:30:00Z') });
  browser = await launchBrowser();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  // A few hundred MB of extracts and warehouse: removed unless it is a workspace the developer named.
  if (paths && !process.env.PSM_PACK_WORKSPACE) rmSync(paths.root, { recursive: true, force: true });
});

interface Watched {
  page: Page;
  /** CSP violations as the page itself reports them (securitypolicyviolation events). */
  violations: () => Promise<string[]>;
  problems: string[];
}

/** A new page that records every CSP violation, console error, page error and failed request. */
async function watched(): Promise<Watched> {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  await page.evaluateOnNewDocument(() => {
    const seen: string[] = ((window as unknown as { cspViolations: string[] }).cspViolations = []);
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective}: ${e.blockedURI} ${e.sample}`));
  });
  const problems: string[] = [];
  page.on('console', (m) => void (m.type() === 'error' && problems.push(`console: ${m.text()}`)));
  page.on('pageerror', (e) => problems.push(`page error: ${(e as Error).message}`));
  page.on('requestfailed', (r) => problems.push(`failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('response', (r) => void (r.status() >= 400 && problems.push(`${r.status()}: ${r.url()}`)));
  const violations = () => page.evaluate(() => (window as unknown as { cspViolations?: string[] }).cspViolations ?? []);
  return { page, violations, problems };
}

describe('the dashboards under their Content-Security-Policy', () => {
  it('draw every page with no violation, no error and nothing blocked', async () => {
    for (const path of dashboards) {
      const { page, violations, problems } = await watched();
      const response = await page.goto(new URL(path.slice(1), server.url).href, { waitUntil: 'networkidle0' });
      expect(response?.headers()['content-security-policy'], path).toMatch(/script-src 'self' 'sha256-/);
      expect(await violations(), path).toEqual([]);
      expect(problems, path).toEqual([]);
      const drawn = await page.evaluate(() => ({
        blocks: document.querySelectorAll('main svg, main table').length,
        cellErrors: [...document.querySelectorAll('.observablehq--error')].map((e) => e.textContent),
      }));
      expect(drawn.blocks, path).toBeGreaterThan(0);
      expect(drawn.cellErrors, path).toEqual([]);
      await page.close();
    }
  }, 120_000);

  it('refuse a script injected into a page, and say so (the policy is live)', async () => {
    const { page, violations, problems } = await watched();
    await page.goto(new URL('vawg', server.url).href, { waitUntil: 'networkidle0' });
    const ran = await page.evaluate(async () => {
      const s = document.createElement('script');
      s.textContent = 'window.injected = true';
      document.body.append(s);
      await new Promise((r) => setTimeout(r, 100));
      return (window as unknown as { injected?: boolean }).injected ?? false;
    });
    expect(ran).toBe(false);
    expect((await violations()).join('\n')).toMatch(/^script-src-elem: inline/m);
    expect(problems.join('\n')).toContain('violates the following Content Security Policy directive');
    await page.close();
  });
});

/** A page on another site (localhost is not 127.0.0.1's site) with the link, as a webmail shows it. */
async function emailPage(link: string): Promise<{ url: string; server: Server }> {
  const mail = createServer((_req, res) => res.end(`<!doctype html><p><a id="link" href="${link}">Your pack</a></p>`));
  await new Promise<void>((ok) => mail.listen(0, '127.0.0.1', ok));
  return { url: `http://localhost:${(mail.address() as AddressInfo).port}/`, server: mail };
}

describe('a pack opened from its link', () => {
  it('loses the token from the address bar, and draws with no violation', async () => {
    const token = signShareToken(readOrCreateShareKey(paths.shareKey), VAWG, new Date(Date.now() + 86_400_000));
    const link = new URL(`packs/${VAWG}?share=${token}`, server.url).href;
    const mail = await emailPage(link);
    const { page, violations, problems } = await watched();
    try {
      await page.goto(mail.url);
      const statuses: number[] = [];
      page.on('response', (r) => void (r.url().includes(`/packs/${VAWG}`) && statuses.push(r.status())));
      await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), page.click('#link')]);
      // The link's answer sends the browser on; the clean address, opened by the cookie, is the page.
      expect(statuses.slice(0, 2)).toEqual([303, 200]);
      await page.waitForFunction(
        () => document.documentElement.dataset.packReady === 'true' || document.documentElement.dataset.packError,
        { timeout: 60_000 },
      );
      expect(await page.evaluate(() => document.documentElement.dataset.packError ?? null)).toBeNull();
      expect(page.url()).toBe(new URL(`packs/${VAWG}`, server.url).href);
      expect(await page.evaluate(() => location.href.includes('share='))).toBe(false);
      expect(await page.$$eval('[data-figure]', (f) => f.length)).toBeGreaterThan(10);
      expect(await violations()).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
      mail.server.close();
    }
  }, 120_000);
});

describe('psm pack', () => {
  it('prints through a server that refuses any request without its secret path', async () => {
    const refused: Promise<{ url: string; bare: number[]; body: string; withSecret: number }>[] = [];
    const onTarget = (t: { url(): string }) => {
      const url = t.url();
      if (!url.includes(`/packs/${VAWG}`) || refused.length) return;
      // The pack page is open and printing: the server is up now. Ask it as another process would.
      refused.push(
        (async () => {
          const origin = new URL(url).origin;
          const data = readdirSync(join(paths.site, '_file', 'data', 'packs')).find((f) => f.startsWith(`${VAWG}.`))!;
          const bare = [`/packs/${VAWG}`, `/packs/${VAWG}.html`, `/_file/data/packs/${data}`, '/'].map((p) => fetch(origin + p));
          const replies = await Promise.all(bare);
          const body = (await Promise.all(replies.map((r) => r.text()))).join('');
          return { url, bare: replies.map((r) => r.status), body, withSecret: (await fetch(url)).status };
        })(),
      );
    };
    browser.on('targetchanged', onTarget);
    try {
      const { manifest } = await renderPack(paths, VAWG, { now: new Date('2023-11-01T10:30:00Z'), log: () => {}, build: false, browser });
      expect(manifest.pages).toBeGreaterThan(10);
    } finally {
      browser.off('targetchanged', onTarget);
    }
    expect(refused).toHaveLength(1);
    const seen = await refused[0]!;
    expect(seen.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{32}\/packs\//);
    expect(seen.withSecret).toBe(200); // it was serving the renderer at that moment...
    expect(seen.bare).toEqual([404, 404, 404, 404]); // ...and nobody else
    expect(seen.body).not.toMatch(/commentary|<script|registerFile/);
  }, 180_000);
});
