// One pack printed and checked: the built page served on loopback, loaded in print media, its DOM
// checked, printed twice (the second time with the contents page's numbers filled in), stamped
// with metadata, written to a temporary file and read back. Anything wrong throws PackRenderError
// with every reason found, and the caller keeps the previous pack.
import { writeFile } from 'node:fs/promises';
import type { Browser } from 'puppeteer-core';
import type { WorkspacePaths } from '../config.ts';
import type { Meeting } from '../packs/meeting.ts';
import { startStaticServer } from '../site/serve.ts';
import { findBrowser, launchBrowser } from './browser.ts';
import { checkDom, checkPdf, checkText, type Expectations } from './checks.ts';
import { finishPdf, inspectPdf } from './pdf.ts';
import { pageTexts } from './poppler.ts';
import { openPack, printPdf, readDom, type PrintOptions } from './print.ts';

export class PackRenderError extends Error {
  override name = 'PackRenderError';
  constructor(
    readonly meetingId: string,
    readonly reasons: string[],
  ) {
    super(`Pack ${meetingId} failed its checks; the previous pack was kept:\n${reasons.map((r) => `  - ${r}`).join('\n')}`);
  }
}

export interface PrintJob {
  now: Date;
  draft: boolean;
  /** Where the checked PDF is written; the caller renames it over pack.pdf only on success. */
  tmpPdf: string;
  browser?: Browser;
  timeoutMs?: number;
}

export interface Printed {
  bytes: Uint8Array;
  pages: number;
  browser: string;
  textChecked: boolean;
}

/**
 * The renderer's own server: every pack in the built site, embargoed or not, so it listens on
 * loopback under a random path only the browser we drive is given. Any other local process that
 * connects gets 404 and no byte of a pack.
 */
export const startRendererServer = (site: string) => startStaticServer(site, { port: 0, secretPath: true });

const longDate = (d: Date): string =>
  d.toLocaleDateString('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' });

export async function printChecked(paths: WorkspacePaths, m: Meeting, expect: Expectations, job: PrintJob): Promise<Printed> {
  const server = await startRendererServer(paths.site);
  const found = job.browser ? null : await findBrowser();
  const browser = job.browser ?? (await launchBrowser(found!));
  try {
    const print: PrintOptions = {
      url: `${server.url}packs/${encodeURIComponent(m.id)}?asOf=${encodeURIComponent(job.now.toISOString())}`,
      headerTitle: m.shortTitle,
      footerText: `Performance Scrutiny Meeting · ${longDate(m.startsAt)}`,
      marking: m.protectiveMarking,
      draft: job.draft,
      timeoutMs: job.timeoutMs,
    };
    let page;
    try {
      page = await openPack(browser, print);
    } catch (err) {
      throw new PackRenderError(m.id, [(err as Error).message]);
    }
    const domProblems = checkDom(await readDom(page), expect);
    if (domProblems.length) throw new PackRenderError(m.id, domProblems);
    // Contents page numbers: where each section's bookmark points in a first print.
    const ids = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('[data-section]')].map((s) => ({
        id: s.dataset.section!,
        h1: s.querySelector('h1')?.textContent ?? '',
      })),
    );
    const raw = await printPdf(page, print, async (first) => {
      const outline = (await inspectPdf(first)).outline;
      const squash = (s: string) => s.replace(/\s+/g, '');
      return Object.fromEntries(
        ids.flatMap(({ id, h1 }) => {
          const hit = outline.find((o) => squash(o.title) === squash(h1));
          return hit?.page ? [[id, hit.page]] : [];
        }),
      );
    });
    await page.close();
    const bytes = await finishPdf(raw, {
      title: `${m.title} – Performance Scrutiny Meeting, ${longDate(m.startsAt)}`,
      author: 'Office of the Police and Crime Commissioner',
      subject: `Meeting pack, ${longDate(m.startsAt)}: ${m.shortTitle}`, // shortTitle names the meeting already
      keywords: ['Performance Scrutiny Meeting', m.shortTitle, m.protectiveMarking, job.draft ? 'DRAFT' : 'released'],
      creator: 'PSM workspace (psm pack)',
      language: 'en-GB',
      created: job.now,
    });
    await writeFile(job.tmpPdf, bytes);
    const report = await inspectPdf(bytes);
    const texts = await pageTexts(job.tmpPdf);
    const problems = [
      ...checkPdf(report, expect),
      ...checkText(texts, { ...expect, mustRead: [...expect.mustRead, `Page 1 of ${report.pages}`] }),
    ];
    if (problems.length) throw new PackRenderError(m.id, problems);
    return { bytes, pages: report.pages, browser: found?.source ?? 'shared', textChecked: texts !== null };
  } finally {
    if (!job.browser) await browser.close();
    await server.close();
  }
}
