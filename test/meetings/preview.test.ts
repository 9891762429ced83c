// psm preview as the analyst uses it: the real CLI serves the meeting's pack page on loopback, a
// real Chromium opens it, and an edit to a commentary file shows on the open page without a build.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, type WorkspacePaths } from '../../pipeline/config.ts';
import { launchBrowser } from '../../pipeline/render/browser.ts';
import { ingestedDemoWorkspace, startPreview } from '../helpers.ts';

const meeting = '2023-11-08-vawg';
let paths: WorkspacePaths;
let browser: Browser;
let child: ChildProcess;
let url: string;

beforeAll(async () => {
  paths = ingestedDemoWorkspace('psm-preview-');
  browser = await launchBrowser();
  ({ child, url } = await startPreview(paths.root, meeting));
}, 300_000);

afterAll(async () => {
  await browser?.close();
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  rmSync(paths.root, { recursive: true, force: true });
});

describe('psm preview', () => {
  it('serves the pack page on loopback with no share link, and shows a commentary edit on the open page', async () => {
    expect(new URL(url).hostname).toBe('127.0.0.1');
    const page = await browser.newPage();
    try {
      // Not networkidle: the preview keeps a socket open to push updates.
      await page.goto(url, { waitUntil: 'domcontentloaded' });
      await page.waitForFunction(
        () => document.documentElement.dataset.packReady === 'true' || document.documentElement.dataset.packError,
        { timeout: 120_000 },
      );
      expect(await page.evaluate(() => document.documentElement.dataset.packError ?? null)).toBeNull();
      expect(await page.evaluate(() => document.body.innerText)).toContain('Domestic Violence Protection Notices');
      const marker = `Preview check ${Date.now()}: the analyst's sentence.`;
      appendFileSync(join(paths.reports, meeting, 'sections', 'civil-orders.md'), `\n${marker}\n`);
      await page.waitForFunction((m) => document.body.innerText.includes(m), { timeout: 60_000 }, marker);
    } finally {
      await page.close();
    }
  }, 240_000);

  it('refuses a meeting that does not exist, naming it, and leaves no private root behind', () => {
    const r = spawnSync(process.execPath, [join(repoRoot, 'bin/psm.js'), 'preview', '2099-01-01-none', '--workspace', paths.root], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^psm preview: .*2099-01-01-none/m);
    expect(existsSync(join(repoRoot, '.preview', String(r.pid)))).toBe(false);
  });
});
