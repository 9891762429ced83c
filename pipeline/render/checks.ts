// Fail-closed checks on a printed pack. Each returns the reasons it is not fit to send; an empty
// list is the only way a pack replaces the last good one. They read the page as Chromium laid it
// out and the PDF as written, so a silent failure in either (a chart that drew nothing, a section
// lost to a script error, a text layer missing) stops the pack instead of reaching the panel.
import { embeddedFontNames } from './fonts.ts';
import type { DomReport } from './print.ts';
import type { PdfReport } from './pdf.ts';

export interface Expectations {
  /** data-section ids in reading order. */
  sections: string[];
  /** Titles the outline must list (one bookmark per section). */
  outlineTitles: string[];
  /** data-figure ids that must be drawn. */
  figures: string[];
  pages: { min: number; max: number };
  /** Printable box in CSS px: a figure taller than a page cannot be kept whole, and content wider
   * than the page makes Chromium scale every page down. */
  maxFigureHeight: number;
  maxWidth: number;
  /** Text that must be in the PDF's text layer (when pdftotext is there to read it). */
  mustRead: string[];
}

// Chromium joins a heading's wrapped lines without a space in its bookmarks: compare without spaces.
const squash = (s: string): string => s.replace(/\s+/g, '').toLowerCase();

export function checkDom(dom: DomReport, e: Expectations): string[] {
  const problems: string[] = [];
  if (dom.width > e.maxWidth + 1)
    problems.push(`the page is ${dom.width} px wide, more than the printable ${e.maxWidth} px: it would print shrunk`);
  const present = new Set(dom.sections);
  for (const s of e.sections) if (!present.has(s)) problems.push(`section "${s}" is missing from the page`);
  const figures = new Map(dom.figures.map((f) => [f.id, f]));
  for (const id of e.figures) {
    const f = figures.get(id);
    if (!f) problems.push(`figure ${id} is missing from the page`);
    else if (f.marks === 0) problems.push(`figure ${id} shows nothing (no plotted points or table rows)`);
  }
  for (const f of dom.figures) {
    if (f.height > e.maxFigureHeight)
      problems.push(`figure ${f.id} is ${Math.round(f.height)} px tall, more than a page (${e.maxFigureHeight} px): it would split`);
  }
  for (const err of dom.errors) problems.push(`while loading: ${err}`);
  return problems;
}

export function checkPdf(pdf: PdfReport, e: Expectations): string[] {
  const problems: string[] = [];
  if (!pdf.tagged) problems.push('the PDF is not tagged (no /MarkInfo /Marked true and /StructTreeRoot)');
  if (pdf.pages < e.pages.min || pdf.pages > e.pages.max)
    problems.push(`${pdf.pages} pages, outside the expected ${e.pages.min}–${e.pages.max}`);
  const outline = pdf.outline.map((o) => squash(o.title));
  for (const t of e.outlineTitles) if (!outline.some((o) => o === squash(t))) problems.push(`the outline has no bookmark "${t}"`);
  if (pdf.pagesWithText < pdf.pages) problems.push(`${pdf.pages - pdf.pagesWithText} page(s) have no text layer`);
  // A face the pack did not bring breaks lines and pages as that machine's fonts would.
  const bundled = new Set<string>(embeddedFontNames);
  for (const f of pdf.fonts) {
    if (!bundled.has(f.name)) problems.push(`the PDF draws with ${f.name}, a font the pack does not bundle`);
    else if (!f.embedded) problems.push(`the font ${f.name} is not embedded in the PDF`);
  }
  for (const b of pdf.blocks) {
    if (b.pages.length > 1) problems.push(`${b.role.toLowerCase()} "${b.label}" is split across pages ${b.pages.join(', ')}`);
  }
  return problems;
}

/** With poppler: the text a reader or search gets back must contain what the page printed. */
export function checkText(pages: string[] | null, e: Expectations): string[] {
  if (pages === null) return [];
  // Where pdftotext breaks lines depends on the layout; spacing is not what is being checked.
  const all = squash(pages.join(' '));
  const problems = e.mustRead.filter((t) => !all.includes(squash(t))).map((t) => `the text layer does not contain "${t}"`);
  const blank = pages.map((p, i) => (p.trim() ? 0 : i + 1)).filter(Boolean);
  if (blank.length) problems.push(`page(s) ${blank.join(', ')} have no extractable text`);
  return problems;
}
