// Renders one meeting's pack: the built site's pack page, printed by headless Chromium from a
// loopback server, checked, stamped with metadata and written beside a manifest that says exactly
// which data made it. Fail closed: if any check fails the previous pack.pdf stays where it is,
// out/failed.json says why (out/failed.pdf is the rejected print, if
// there was one), and the caller (psm pack, psm run, the scheduler) records a failure.
//
// One warehouse per pack: it is pinned once (warehouse/pin.ts) and the figures checked, the site
// the pack is printed from and the manifest's SHA-256 all come from that pin, so a publish during
// the render cannot put one warehouse's numbers under another's provenance.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'puppeteer-core';
import type { WorkspacePaths } from '../config.ts';
import { catalogue } from '../metrics/catalogue.ts';
import { collectRefs } from '../packs/commentary.ts';
import { expectedFigures, isDraft, loadMeeting, type Meeting } from '../packs/meeting.ts';
import { packDisclosureProblems } from '../packs/pack-disclosure.ts';
import { buildPackData, catalogueVersion, packSources } from '../packs/pack-data.ts';
import { valueKey } from '../packs/prose.ts';
import { computeMetrics } from '../metrics/compute.ts';
import type { PackData, PackManifest, PackSource } from '../packs/pack-types.ts';
import { readBuildRecord } from '../site/build-record.ts';
import { buildSite, dashboardsRoot, readSiteWarehouse } from '../site/build.ts';
import { openReadOnly } from '../warehouse/duckdb.ts';
import { pinWarehouse, type PinnedWarehouse } from '../warehouse/pin.ts';
import type { Expectations } from './checks.ts';
import { PackRenderError, printChecked } from './print-pack.ts';
import { printableHeightPx, printableWidthPx } from './print.ts';

export { PackRenderError };
export type { PackManifest };

export interface RenderOptions {
  /** The render's clock: decides the DRAFT watermark and the generatedAt stamp. */
  now?: Date;
  /** A browser to reuse across packs (psm run prints several); launched and closed here if absent. */
  browser?: Browser;
  timeoutMs?: number;
  log?: (line: string) => void;
  /** Rebuild the site when the pack page is stale (default). false prints the site as it is. */
  build?: boolean;
}

const newestIn = (dir: string): number =>
  readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.name !== 'out')
    .reduce((t, d) => Math.max(t, d.isDirectory() ? newestIn(join(dir, d.name)) : statSync(join(dir, d.name)).mtimeMs), 0);

/** Why the pack page must be rebuilt first (null: it is current): it must exist, be built from the
 * warehouse being printed from (`warehouseSha`, else: be newer than the published one), and be
 * newer than the meeting's own files and the page's code. */
export function packPageIsStale(paths: WorkspacePaths, m: Meeting, warehouseSha?: string): string | null {
  const page = join(paths.site, 'packs', `${m.id}.html`);
  if (!existsSync(page)) return 'the site has no page for this meeting';
  const built = statSync(page).mtimeMs;
  if (warehouseSha !== undefined) {
    if (readSiteWarehouse(paths.site)?.sha256 !== warehouseSha) return 'the site was built from another warehouse';
  } else if (existsSync(paths.warehouse) && built < statSync(paths.warehouse).mtimeMs) return 'the warehouse is newer than the site';
  if (built < newestIn(m.dir)) return "the meeting's files changed since the site was built";
  const code = Math.max(
    ...['packs', 'components']
      .map((d) => join(dashboardsRoot, d))
      .filter(existsSync)
      .map(newestIn),
  );
  return built < code ? "the pack page's code changed since the site was built" : null;
}

/** What the finished pack must contain: derived from meeting.json, not from the page being checked. */
export function expectationsFor(m: Meeting): Expectations {
  const sectionTitles = m.sections.map((s, i) => `${i + 1}. ${s.title}`);
  const outlineTitles = [
    m.title,
    'Agenda',
    'Contents',
    `Report of the ${m.reportBy}`,
    ...sectionTitles,
    'Public questions',
    'Appendix A: Definitions and how to read the charts',
    'Appendix B: The data behind this pack',
  ];
  return {
    sections: ['cover', 'agenda', 'contents', 'report', ...m.sections.map((s) => s.id), 'questions', 'definitions', 'sources'],
    outlineTitles,
    figures: expectedFigures(m),
    pages: m.pages,
    maxFigureHeight: printableHeightPx,
    maxWidth: printableWidthPx,
    mustRead: [...sectionTitles, m.protectiveMarking, 'Public questions'],
  };
}

async function writeAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}

/** Every figure resolved from the warehouse before anything is built: a bad reference fails here,
 * in a second, naming its file and line, rather than inside a site build's output. */
async function preflight(paths: WorkspacePaths, m: Meeting, pin: PinnedWarehouse): Promise<Set<string>> {
  const db = await openReadOnly(pin.path);
  try {
    await buildPackData(db.conn, m.id, { reportsDir: paths.reports, annotationsPath: paths.annotations });
    // What the disclosure rules hide, for the check on the data the page will draw.
    const values = await computeMetrics(db.conn);
    return new Set(values.filter((v) => v.suppressed).map((v) => valueKey(v.metric, v.grain, v.period, v.area)));
  } finally {
    db.close();
  }
}

/** The disclosure check on the pack data as built into the site (what the renderer will serve). */
async function checkBuiltData(paths: WorkspacePaths, m: Meeting, hidden: Set<string>): Promise<void> {
  const dir = join(paths.site, '_file', 'data', 'packs');
  const file = existsSync(dir) ? readdirSync(dir).find((f) => f.startsWith(`${m.id}.`) && f.endsWith('.json')) : undefined;
  if (!file) throw new PackRenderError(m.id, [`the built site has no data file for this meeting in ${dir}`]);
  const problems = packDisclosureProblems(JSON.parse(await readFile(join(dir, file), 'utf8')) as PackData, hidden);
  if (problems.length) throw new PackRenderError(m.id, problems);
}

/** Builds the site when the pack page is stale; returns how long that took (null: no build). */
async function ensureSite(
  paths: WorkspacePaths,
  m: Meeting,
  opts: RenderOptions,
  log: (l: string) => void,
  pin: PinnedWarehouse,
): Promise<number | null> {
  const sha = await pin.sha256();
  if (opts.build === false) {
    // Printed as it is, but never under another warehouse's name in the manifest.
    const from = readSiteWarehouse(paths.site)?.sha256;
    if (from !== undefined && from !== sha)
      throw new PackRenderError(m.id, [
        `the site was built from warehouse ${from.slice(0, 12)}…, not the published ${sha.slice(0, 12)}…: build the site first`,
      ]);
    return null;
  }
  const stale = packPageIsStale(paths, m, sha);
  if (!stale) return null;
  // A rebuild keeps the audience the site was built for, and says which it is: an analyst's site
  // silently turned into a panel one (or the reverse) is how the wrong build gets shared.
  const audience = (existsSync(paths.site) ? readBuildRecord(paths.site)?.audience : undefined) ?? 'panel';
  log(
    `Pack ${m.id}: ${stale}; building the ${audience} site first${audience === 'analyst' ? ' (as it was; the pack itself follows the panel rules)' : ''}`,
  );
  const t = performance.now();
  // Framework's progress is noise next to a pack; it is shown only when the build fails.
  let output = '';
  try {
    await buildSite(paths, { audience, pin, onOutput: (s) => void (output += s) });
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${output.split('\n').slice(-40).join('\n')}`);
  }
  return Math.round(performance.now() - t);
}

export async function renderPack(
  paths: WorkspacePaths,
  meetingId: string,
  opts: RenderOptions = {},
): Promise<{ pdf: string; manifest: PackManifest }> {
  const log = opts.log ?? ((l: string) => void process.stderr.write(l + '\n'));
  // A meeting that cannot be read is the caller's mistake (MeetingError), not a failed pack.
  const m = loadMeeting(paths.reports, meetingId);
  const now = opts.now ?? new Date();
  const outDir = join(m.dir, 'out');
  await mkdir(outDir, { recursive: true });
  const tmpPdf = join(outDir, `pack.pdf.${process.pid}.tmp`);
  let pin: PinnedWarehouse | undefined;
  try {
    pin = pinWarehouse(paths);
    const hidden = await preflight(paths, m, pin);
    const siteBuildMs = await ensureSite(paths, m, opts, log, pin);
    const siteFrom = readSiteWarehouse(paths.site)?.sha256;
    // Another `psm build` may swap the site in at any moment: before printing, and while printing.
    const swapped = () => new PackRenderError(m.id, ['another site build replaced the site while the pack was being made: print it again']);
    if (opts.build !== false && siteFrom !== (await pin.sha256())) throw swapped();
    await checkBuiltData(paths, m, hidden);
    const started = performance.now();
    const draft = isDraft(m, now);
    const printed = await printChecked(paths, m, expectationsFor(m), {
      now,
      draft,
      tmpPdf,
      browser: opts.browser,
      timeoutMs: opts.timeoutMs,
    });
    if (readSiteWarehouse(paths.site)?.sha256 !== siteFrom) throw swapped();
    const manifest = await buildManifest(paths, m, pin, {
      now,
      draft,
      pages: printed.pages,
      renderMs: Math.round(performance.now() - started),
      siteBuildMs,
      pdfBytes: printed.bytes,
      browser: printed.browser,
      textChecked: printed.textChecked,
    });
    const pdfPath = join(outDir, 'pack.pdf');
    await rename(tmpPdf, pdfPath);
    await writeAtomic(join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
    await rm(join(outDir, 'failed.json'), { force: true });
    await rm(join(outDir, 'failed.pdf'), { force: true });
    return { pdf: pdfPath, manifest };
  } catch (err) {
    // The rejected print is kept beside the good pack (never over it) so the analyst can see why.
    if (existsSync(tmpPdf)) await rename(tmpPdf, join(outDir, 'failed.pdf'));
    const reasons = err instanceof PackRenderError ? err.reasons : [(err as Error).message];
    await writeAtomic(join(outDir, 'failed.json'), JSON.stringify({ meeting: m.id, at: now.toISOString(), reasons }, null, 2) + '\n');
    throw err instanceof PackRenderError ? err : new PackRenderError(m.id, reasons);
  } finally {
    pin?.release();
  }
}

interface ManifestInputs {
  now: Date;
  draft: boolean;
  pages: number;
  renderMs: number;
  siteBuildMs: number | null;
  pdfBytes: Uint8Array;
  browser: string;
  textChecked: boolean;
}

async function buildManifest(paths: WorkspacePaths, m: Meeting, pin: PinnedWarehouse, i: ManifestInputs): Promise<PackManifest> {
  const used = new Set([
    ...m.sections.flatMap((s) => [...s.tables.flatMap((t) => t.metrics), ...s.charts.map((c) => c.metric)]),
    ...collectRefs(m, paths.reports).map((r) => r.metric),
  ]);
  const extracts = [...new Set(catalogue.filter((c) => used.has(c.id)).flatMap((c) => c.sources))].sort();
  const db = await openReadOnly(pin.path);
  let sources: PackSource[];
  try {
    sources = await packSources(db.conn, extracts);
  } finally {
    db.close();
  }
  return {
    meeting: m.id,
    title: m.title,
    generatedAt: i.now.toISOString(),
    draft: i.draft,
    pages: i.pages,
    renderMs: i.renderMs,
    siteBuildMs: i.siteBuildMs,
    pdf: {
      path: join('reports', m.id, 'out', 'pack.pdf'),
      sha256: createHash('sha256').update(i.pdfBytes).digest('hex'),
      bytes: i.pdfBytes.byteLength,
    },
    warehouse: { sha256: await pin.sha256(), bytes: pin.bytes, modifiedAt: pin.modifiedAt },
    extracts: sources,
    catalogueVersion: catalogueVersion(),
    browser: i.browser,
    textChecked: i.textChecked,
  };
}

/** The last good manifest of a meeting, if it has one (for `psm status` and the scheduler's report). */
export async function readManifest(reportsDir: string, meetingId: string): Promise<PackManifest | null> {
  const path = join(reportsDir, meetingId, 'out', 'manifest.json');
  return existsSync(path) ? (JSON.parse(await readFile(path, 'utf8')) as PackManifest) : null;
}
