// The printed PDF, after Chromium: document metadata set with pdf-lib, and a reading of what a
// screen-reader user and the fail-closed checks depend on (tags, outline, pages, a text layer).
// Read from the file itself, so the checks hold whichever tools (poppler or not) are installed.
import { inflateSync } from 'node:zlib';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRawStream, PDFRef, PDFString, type PDFObject } from 'pdf-lib';

export interface PdfMetadata {
  title: string;
  author: string;
  subject: string;
  keywords: string[];
  creator: string;
  language: string;
  created: Date;
}

/** Sets title (shown in the window bar), author, subject, language and dates on Chromium's output. */
export async function finishPdf(bytes: Uint8Array, meta: PdfMetadata): Promise<Uint8Array> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  doc.setAuthor(meta.author);
  doc.setSubject(meta.subject);
  doc.setKeywords(meta.keywords);
  doc.setCreator(meta.creator);
  doc.setProducer('Chromium (Skia/PDF) via Puppeteer; metadata by pdf-lib');
  doc.setLanguage(meta.language);
  doc.setCreationDate(meta.created);
  doc.setModificationDate(meta.created);
  // Object streams would hide the structure tree from older PDF/UA checkers; size barely changes.
  return doc.save({ useObjectStreams: false });
}

export interface OutlineEntry {
  title: string;
  level: number;
  /** 1-based page the bookmark jumps to; null when the destination is not a page. */
  page: number | null;
}

export interface PdfReport {
  pages: number;
  /** /MarkInfo /Marked true and a /StructTreeRoot: the PDF is tagged. */
  tagged: boolean;
  outline: OutlineEntry[];
  language: string | null;
  title: string | null;
  author: string | null;
  /** Pages whose content streams show text (BT … Tj/TJ): real text, not pictures of text. */
  pagesWithText: number;
  /** Every figure and table in the structure tree, with the pages its content is drawn on. */
  blocks: { role: 'Figure' | 'Table'; label: string; pages: number[] }[];
  /** Every font the PDF draws with: its PostScript name (subset prefix removed) and whether the
   * file carries it. A Type 3 font (glyphs drawn as pictures) is listed by its subtype. */
  fonts: { name: string; embedded: boolean }[];
}

const text = (o: PDFObject | undefined): string | null => (o instanceof PDFString || o instanceof PDFHexString ? o.decodeText() : null);

function readOutline(doc: PDFDocument): OutlineEntry[] {
  const pageIndex = new Map<string, number>(doc.getPages().map((p, i) => [p.ref.toString(), i + 1]));
  const root = doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict);
  const out: OutlineEntry[] = [];
  const walk = (first: PDFObject | undefined, level: number) => {
    let ref = first;
    // Guard against a malformed cyclic list: an outline can never have more items than objects.
    for (let guard = 0; ref instanceof PDFRef && guard < 10_000; guard++) {
      const item = doc.context.lookup(ref, PDFDict);
      const dest = item.lookupMaybe(PDFName.of('Dest'), PDFArray);
      const target = dest?.get(0);
      out.push({
        title: text(item.lookup(PDFName.of('Title'))) ?? '',
        level,
        page: target instanceof PDFRef ? (pageIndex.get(target.toString()) ?? null) : null,
      });
      walk(item.get(PDFName.of('First')), level + 1);
      ref = item.get(PDFName.of('Next'));
    }
  };
  if (root) walk(root.get(PDFName.of('First')), 1);
  return out;
}

function contentBytes(stream: PDFObject | undefined, doc: PDFDocument): Buffer[] {
  const s = stream instanceof PDFRef ? doc.context.lookup(stream) : stream;
  if (s instanceof PDFArray) return s.asArray().flatMap((x) => contentBytes(x, doc));
  if (!(s instanceof PDFRawStream)) return [];
  const filter = s.dict.get(PDFName.of('Filter'));
  const raw = Buffer.from(s.contents);
  return [filter?.toString() === '/FlateDecode' ? inflateSync(raw) : raw];
}

/**
 * Figures and tables from the tag tree. Each tagged element records the page of every piece of
 * content it owns (/Pg on the element or its marked-content references), so a figure listed on
 * two pages was split by a page break: the layout check reads the PDF, not the page's CSS.
 */
function readBlocks(doc: PDFDocument): PdfReport['blocks'] {
  const pageIndex = new Map<string, number>(doc.getPages().map((p, i) => [p.ref.toString(), i + 1]));
  const root = doc.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  const blocks: PdfReport['blocks'] = [];
  const seen = new Set<PDFObject>();
  const walk = (o: PDFObject | undefined, pg: number | undefined): Set<number> => {
    const pages = new Set<number>();
    const obj = o instanceof PDFRef ? doc.context.lookup(o) : o;
    if (!obj || seen.has(obj)) return pages;
    if (obj instanceof PDFNumber) {
      if (pg) pages.add(pg);
      return pages;
    }
    if (obj instanceof PDFArray) {
      for (const x of obj.asArray()) for (const p of walk(x, pg)) pages.add(p);
      return pages;
    }
    if (!(obj instanceof PDFDict)) return pages;
    seen.add(obj);
    const ownPg = obj.get(PDFName.of('Pg'));
    const here = ownPg instanceof PDFRef ? pageIndex.get(ownPg.toString()) : pg;
    if (obj.get(PDFName.of('Type'))?.toString() === '/MCR') {
      if (here) pages.add(here);
      return pages;
    }
    const role = obj.get(PDFName.of('S'))?.toString().slice(1);
    const kids = walk(obj.get(PDFName.of('K')), here);
    if (role === 'Figure' || role === 'Table') {
      const alt = text(obj.lookup(PDFName.of('Alt')));
      blocks.push({
        role,
        label: alt ?? `${role} ${blocks.filter((b) => b.role === role).length + 1}`,
        pages: [...kids].sort((a, b) => a - b),
      });
    }
    return kids;
  };
  if (root) walk(root.get(PDFName.of('K')), undefined);
  return blocks;
}

function readFonts(doc: PDFDocument): PdfReport['fonts'] {
  const name = (d: PDFDict | undefined): string =>
    d
      ?.get(PDFName.of('FontName'))
      ?.toString()
      .slice(1)
      .replace(/^[A-Z]{6}\+/, '') ?? '';
  const dicts = doc.context.enumerateIndirectObjects().flatMap(([ref, o]) => (o instanceof PDFDict ? [[ref, o] as const] : []));
  // Skia draws a style it must synthesise (a slant or weight no face has) as Type 3 pictures of glyphs.
  const type3 = dicts.filter(
    ([, d]) => d.get(PDFName.of('Type'))?.toString() === '/Font' && d.get(PDFName.of('Subtype'))?.toString() === '/Type3',
  );
  const type3Descriptors = new Set(type3.map(([, d]) => d.get(PDFName.of('FontDescriptor'))?.toString()));
  const fonts: PdfReport['fonts'] = type3.map(([, d]) => ({
    name: `Type3 (${name(d.lookupMaybe(PDFName.of('FontDescriptor'), PDFDict)) || 'unnamed'})`,
    embedded: true,
  }));
  for (const [ref, d] of dicts) {
    if (d.get(PDFName.of('Type'))?.toString() !== '/FontDescriptor' || type3Descriptors.has(ref.toString())) continue;
    fonts.push({ name: name(d), embedded: ['FontFile', 'FontFile2', 'FontFile3'].some((k) => d.has(PDFName.of(k))) });
  }
  return fonts;
}

export async function inspectPdf(bytes: Uint8Array): Promise<PdfReport> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const mark = doc.catalog.lookupMaybe(PDFName.of('MarkInfo'), PDFDict);
  const tagged = mark?.get(PDFName.of('Marked'))?.toString() === 'true' && doc.catalog.has(PDFName.of('StructTreeRoot'));
  let pagesWithText = 0;
  for (const page of doc.getPages()) {
    const ops = contentBytes(page.node.get(PDFName.of('Contents')), doc)
      .map((b) => b.toString('latin1'))
      .join('\n');
    if (/\bBT\b[\s\S]*?(Tj|TJ)[\s\S]*?\bET\b/.test(ops)) pagesWithText++;
  }
  return {
    pages: doc.getPageCount(),
    tagged,
    outline: readOutline(doc),
    language: text(doc.catalog.get(PDFName.of('Lang'))),
    title: doc.getTitle() ?? null,
    author: doc.getAuthor() ?? null,
    pagesWithText,
    blocks: readBlocks(doc),
    fonts: readFonts(doc),
  };
}

export interface ApprovalStamp {
  by: string;
  at: Date;
  /** SHA-256 of the print as it was approved (before this stamp). */
  printedSha256: string;
}

/**
 * Writes an approval into the document information: PSMApprovedBy, PSMApprovedAt and
 * PSMApprovedSha256 entries (read with `pdfinfo -custom`), and a keyword saying the same.
 * Nothing on the pages changes.
 */
export async function stampApproval(bytes: Uint8Array, a: ApprovalStamp): Promise<Uint8Array> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const words = (doc.getKeywords() ?? '').split(/\s+/).filter(Boolean);
  doc.setKeywords([...words, `approved-by:${a.by.replace(/\s+/g, '_')}`]);
  doc.setModificationDate(a.at);
  const info = doc.context.lookup(doc.context.trailerInfo.Info);
  if (info instanceof PDFDict) {
    info.set(PDFName.of('PSMApprovedBy'), PDFHexString.fromText(a.by));
    info.set(PDFName.of('PSMApprovedAt'), PDFString.of(a.at.toISOString()));
    info.set(PDFName.of('PSMApprovedSha256'), PDFString.of(a.printedSha256));
  }
  return doc.save({ useObjectStreams: false });
}
