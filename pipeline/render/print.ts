// Printing the pack page with Puppeteer. The page tells us when it is finished (a data attribute
// it sets once every chart is drawn), never a sleep: a sleep is either slow or, on a busy machine,
// too short, and a half-drawn pack must not go to the panel.
import type { Browser, Page } from 'puppeteer-core';
import { escapeHtml } from '../packs/markdown.ts';
import { fontStacks, headerFontFaceCss } from './fonts.ts';

/** A4 with the margins the running header and footer sit in. */
export const pageFormat = { format: 'A4', marginMm: { top: 20, bottom: 18, side: 18 } } as const;
const mmToPx = (mm: number): number => (mm * 96) / 25.4;
/** The printable box in CSS px, so the page lays out and draws charts exactly as they will print. */
export const printableWidthPx = Math.floor(mmToPx(210 - 2 * pageFormat.marginMm.side));
export const printableHeightPx = Math.floor(mmToPx(297 - pageFormat.marginMm.top - pageFormat.marginMm.bottom));

export interface PrintOptions {
  url: string;
  /** Running header, left: the meeting's short title. */
  headerTitle: string;
  /** Footer, left: e.g. "Performance Scrutiny Meeting · 8 November 2023". */
  footerText: string;
  marking: string;
  draft: boolean;
  timeoutMs?: number;
}

export interface DomReport {
  /** The document's width in print layout; wider than the page and Chromium shrinks every page to fit. */
  width: number;
  sections: string[];
  figures: { id: string; kind: string; marks: number; height: number; state: string | null }[];
  errors: string[];
}

export interface PrintResult {
  pdf: Uint8Array;
  dom: DomReport;
  page: Page;
}

// Header and footer live in the page margins; Chromium renders them apart from the page, so they
// carry their own styles and fonts and cannot use the page's CSS. pageNumber/totalPages are filled per page.
function templates(o: PrintOptions): { headerTemplate: string; footerTemplate: string } {
  const faces = `<style>${headerFontFaceCss()}</style>`;
  const box = `font-family: ${fontStacks.sans.replaceAll('"', "'")}; font-size: 7.5pt; color: #333; width: 100%; margin: 0 ${pageFormat.marginMm.side}mm; display: flex; justify-content: space-between; align-items: baseline;`;
  const marking = `<span style="font-weight: bold; letter-spacing: 0.06em;">${escapeHtml(o.marking)}</span>`;
  const draft = o.draft ? `<span style="font-weight: bold; color: #b00020;">DRAFT – not for publication</span>` : '';
  const headerTemplate = `${faces}<div style="${box} border-bottom: 0.4pt solid #999; padding-bottom: 2pt;"><span>${escapeHtml(o.headerTitle)}</span>${draft}${marking}</div>`;
  const footerTemplate = `${faces}<div style="${box}"><span>${escapeHtml(o.footerText)}</span>${marking}<span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`;
  return { headerTemplate, footerTemplate };
}

export function pdfOptions(o: PrintOptions) {
  const m = pageFormat.marginMm;
  return {
    format: pageFormat.format,
    printBackground: true,
    displayHeaderFooter: true,
    ...templates(o),
    margin: { top: `${m.top}mm`, bottom: `${m.bottom}mm`, left: `${m.side}mm`, right: `${m.side}mm` },
    tagged: true,
    outline: true,
    preferCSSPageSize: false,
    timeout: o.timeoutMs ?? 60_000,
  };
}

/** Loads the page in print media at print width and waits for its ready (or error) signal. */
export async function openPack(browser: Browser, o: PrintOptions): Promise<Page> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`page error: ${(e as Error).message}`));
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()} (${r.failure()?.errorText ?? 'unknown'})`));
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  await page.setViewport({ width: printableWidthPx, height: printableHeightPx, deviceScaleFactor: 1 });
  await page.emulateMediaType('print');
  const response = await page.goto(o.url, { waitUntil: 'domcontentloaded', timeout: o.timeoutMs ?? 60_000 });
  if (!response || !response.ok())
    throw new Error(`The pack page ${o.url} answered ${response?.status() ?? 'nothing'}: is the meeting in the built site?`);
  try {
    await page.waitForFunction(() => document.documentElement.dataset.packReady === 'true' || document.documentElement.dataset.packError, {
      timeout: o.timeoutMs ?? 60_000,
      polling: 50,
    });
  } catch {
    throw new Error(`The pack page never signalled it was ready (data-pack-ready)${errors.length ? `: ${errors.join('; ')}` : ''}`);
  }
  const failure = await page.evaluate(() => document.documentElement.dataset.packError ?? null);
  if (failure) throw new Error(`The pack page reported an error: ${failure}`);
  (page as Page & { packErrors?: string[] }).packErrors = errors;
  return page;
}

/** What is on the page: sections, and each figure with how much it drew and how tall it is. */
export async function readDom(page: Page): Promise<DomReport> {
  const dom = await page.evaluate(() => ({
    width: document.documentElement.scrollWidth,
    sections: [...document.querySelectorAll<HTMLElement>('[data-section]')].map((s) => s.dataset.section!),
    figures: [...document.querySelectorAll<HTMLElement>('[data-figure]')].map((f) => ({
      id: f.dataset.figure!,
      kind: f.dataset.kind ?? '',
      // What a reader can see: a chart's points, if its plot (an svg with mark groups) was drawn;
      // a table's body rows. Legend swatches alone do not count as a chart.
      // A chart the disclosure rules hide prints its [c] and the reason instead: that is what it should show.
      marks:
        f.dataset.suppressed === 'true'
          ? 1
          : f.dataset.kind === 'chart'
            ? f.querySelector('svg g')
              ? Number(f.dataset.points ?? 0)
              : 0
            : f.querySelectorAll('tbody tr').length,
      height: f.getBoundingClientRect().height,
      state: f.dataset.state ?? null,
    })),
  }));
  return { ...dom, errors: (page as Page & { packErrors?: string[] }).packErrors ?? [] };
}

/**
 * Prints twice when the page has a contents list: the first print tells us on which page each
 * section starts (from the PDF's own bookmarks), the page writes those numbers into its contents
 * list (whose slots are already sized, so nothing moves), and the second print is the pack.
 */
export async function printPdf(
  page: Page,
  o: PrintOptions,
  sectionPages?: (pdf: Uint8Array) => Promise<Record<string, number>>,
): Promise<Uint8Array> {
  const options = pdfOptions(o);
  const first = await page.pdf(options);
  if (!sectionPages) return first;
  const pages = await sectionPages(first);
  const applied = await page.evaluate((p) => {
    const w = window as unknown as { packSetPageNumbers?: (p: Record<string, number>) => number };
    return w.packSetPageNumbers ? w.packSetPageNumbers(p) : -1;
  }, pages);
  if (applied <= 0) return first;
  return page.pdf(options);
}
