// Finding a Chromium to drive. Police networks and CI often cannot download a browser, so the
// search goes from the most explicit to the most self-contained: $PSM_CHROME; a Chrome Puppeteer
// installed; a system Chrome/Chromium/Edge; and, on Linux, the Chromium shipped inside the
// @sparticuz/chromium npm package, which works on a fresh machine with only npm.
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { settings } from '../settings.ts';

export interface FoundBrowser {
  executablePath: string;
  source: 'PSM_CHROME' | 'puppeteer-cache' | 'system' | '@sparticuz/chromium';
  /** Extra launch arguments this browser needs. */
  args: string[];
}

/** Flags for headless use here: no sandbox as root, and no background calls to Google's hosts. */
export const baseArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--font-render-hinting=none',
];

const systemPaths = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/usr/bin/microsoft-edge',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
];

function puppeteerCache(): string | undefined {
  const root = settings().puppeteerCache ?? join(homedir(), '.cache', 'puppeteer');
  for (const product of ['chrome', 'chrome-headless-shell']) {
    const dir = join(root, product);
    if (!existsSync(dir)) continue;
    for (const version of readdirSync(dir).sort().reverse()) {
      for (const rel of ['chrome-linux64/chrome', 'chrome-headless-shell-linux64/chrome-headless-shell']) {
        const p = join(dir, version, rel);
        if (existsSync(p)) return p;
      }
    }
  }
  return undefined;
}

async function bundledChromium(): Promise<FoundBrowser> {
  const chromium = (await import('@sparticuz/chromium')).default;
  const executablePath = await chromium.executablePath();
  return {
    executablePath,
    source: '@sparticuz/chromium',
    args: [...chromium.args.filter((a) => !a.startsWith('--single-process')), ...baseArgs],
  };
}

/** Every browser this machine offers, first-found first: the tests print with each of them. */
export async function findBrowsers(): Promise<FoundBrowser[]> {
  const found = [await findBrowser()];
  if (process.platform === 'linux' && found[0]!.source !== '@sparticuz/chromium') found.push(await bundledChromium());
  return found;
}

export async function findBrowser(): Promise<FoundBrowser> {
  const explicit = settings().chrome;
  if (explicit) {
    if (!existsSync(explicit)) throw new Error(`PSM_CHROME is set to ${explicit}, but no file is there`);
    return { executablePath: explicit, source: 'PSM_CHROME', args: baseArgs };
  }
  const cached = puppeteerCache();
  if (cached) return { executablePath: cached, source: 'puppeteer-cache', args: baseArgs };
  const system = systemPaths.find((p) => existsSync(p));
  if (system) return { executablePath: system, source: 'system', args: baseArgs };
  if (process.platform === 'linux') {
    try {
      return await bundledChromium();
    } catch (err) {
      throw new Error(`No browser found, and the bundled @sparticuz/chromium could not start: ${(err as Error).message}`);
    }
  }
  throw new Error(
    'No Chrome, Chromium or Edge found. Install one, or set PSM_CHROME to its executable path ' + '(e.g. PSM_CHROME=/usr/bin/chromium).',
  );
}

/**
 * Launches a found browser headless, driven over a pipe: no DevTools port is opened, so no other
 * local process can drive it while it holds an embargoed pack.
 */
export async function launchBrowser(found?: FoundBrowser): Promise<Browser> {
  const b = found ?? (await findBrowser());
  return puppeteer.launch({ executablePath: b.executablePath, args: b.args, headless: true, pipe: true });
}
