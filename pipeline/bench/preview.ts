// The bench's psm preview row: how long after the analyst saves a commentary file the open pack page
// shows the new text. The preview is started as `psm preview` starts it (site/preview.ts), the page
// opened in headless Chromium, and a sentence appended to a commentary file `edits` times; each
// figure runs from the write to the moment the sentence is in the page's text. Target: under 3 s
// on the demo (issue 13). The first load, which computes the meeting's figures, is shown apart.
import { createServer } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkspacePaths } from '../config.ts';
import { loadMeeting } from '../packs/meeting.ts';
import { launchBrowser } from '../render/browser.ts';
import { startPreview } from '../site/preview.ts';

export interface PreviewMeasure {
  meeting: string;
  /** Opening the page until the pack is drawn (the loader computes the figures once). */
  firstLoadS: number;
  /** Each edit, save to visible. */
  editsS: number[];
  medianS: number;
}

/** A port nobody listens on now (Framework's preview wants a number, not 0). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const secondsSince = (t0: number) => (performance.now() - t0) / 1000;

export async function benchPreview(paths: WorkspacePaths, meetingId: string, edits = 3): Promise<PreviewMeasure> {
  const m = loadMeeting(paths.reports, meetingId);
  const file = join(m.dir, 'sections', `${m.sections.at(-1)!.id}.md`);
  const original = readFileSync(file, 'utf8');
  const preview = await startPreview(paths, meetingId, { port: await freePort(), host: '127.0.0.1', log: () => {} });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    const t0 = performance.now();
    await page.goto(preview.url, { waitUntil: 'domcontentloaded' }); // not networkidle: the preview keeps a socket open
    await page.waitForFunction(() => document.documentElement.dataset.packReady === 'true' || document.documentElement.dataset.packError, {
      timeout: 180_000,
    });
    const error = await page.evaluate(() => document.documentElement.dataset.packError ?? null);
    if (error) throw new Error(`psm preview bench: ${error}`);
    const firstLoadS = secondsSince(t0);
    const editsS: number[] = [];
    for (let i = 1; i <= edits; i++) {
      await new Promise((resolve) => setTimeout(resolve, 1_000)); // as a person saves: not mid-update
      const marker = `Bench edit ${i} at ${Date.now()}.`;
      const saved = performance.now();
      writeFileSync(file, `${original}\n${marker}\n`);
      await page.waitForFunction((s) => document.body.innerText.includes(s), { timeout: 120_000, polling: 50 }, marker);
      editsS.push(secondsSince(saved));
    }
    const sorted = [...editsS].sort((a, b) => a - b);
    return { meeting: meetingId, firstLoadS, editsS, medianS: sorted[Math.floor((sorted.length - 1) / 2)]! };
  } finally {
    writeFileSync(file, original);
    await browser.close();
    await preview.close();
  }
}

/** The bench's line for it. */
export function describePreviewBench(p: PreviewMeasure): string {
  const s = (x: number) => x.toFixed(1);
  return `psm preview (${p.meeting}): a commentary edit visible on the open page in ${s(p.medianS)} s (median of ${p.editsS.map(s).join(', ')}; target < 3 s); first load ${s(p.firstLoadS)} s.`;
}
