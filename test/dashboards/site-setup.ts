// One real site for the dashboard tests: the demo force's extracts generated and ingested into a
// fresh workspace (as a user would: through the CLI), then built once under `unshare -n` where the
// machine allows it, so the same build that the browser tests drive also proves it needs no network.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import type { WorkspacePaths } from '../../pipeline/config.ts';
import { buildSite, type BuildResult } from '../../pipeline/site/build.ts';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser } from '../../pipeline/render/browser.ts';
import { startStaticServer, type StaticServer } from '../../pipeline/site/serve.ts';
import { ingestedDemoWorkspace } from '../helpers.ts';

/** True when this process may create a network namespace with no interfaces but loopback. */
export function canUnshareNetwork(): boolean {
  return spawnSync('unshare', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
}

/** The demo workspace: PSM_DASH_WORKSPACE names an already-ingested one (to iterate quickly). */
export const demoWorkspace = (): WorkspacePaths => ingestedDemoWorkspace('psm-dash-demo-', 'PSM_DASH_WORKSPACE');

export interface BuiltSite {
  paths: WorkspacePaths;
  result: BuildResult;
  offline: boolean;
  log: string;
  /** Removes the workspace if this run created it (a few hundred MB of extracts and warehouse). */
  dispose(): void;
}

/** The clock the overview judges "next meeting" by: before the demo's November 2023 meeting. */
export const siteNow = '2023-11-01T12:00:00Z';

export async function buildDemoSite(): Promise<BuiltSite> {
  const paths = demoWorkspace();
  const ours = !process.env.PSM_DASH_WORKSPACE;
  const dispose = () => void (ours && rmSync(paths.root, { recursive: true, force: true }));
  const offline = canUnshareNetwork();
  let log = '';
  try {
    const result = await buildSite(paths, {
      wrap: offline ? ['unshare', '-n'] : [],
      now: new Date(siteNow),
      onOutput: (s) => void (log += s),
    });
    return { paths, result, offline, log, dispose };
  } catch (err) {
    dispose();
    throw err;
  }
}

export interface ServedSite {
  site: BuiltSite;
  server: StaticServer;
  browser: Browser;
}

/** For a test file: the demo site built, served on localhost and a browser launched before its tests, all closed after. */
export function servedDemoSite(): ServedSite {
  const served = {} as ServedSite;
  beforeAll(async () => {
    served.site = await buildDemoSite();
    served.server = await startStaticServer(served.site.paths.site, { port: 0 });
    served.browser = await launchBrowser();
  }, 600_000);
  afterAll(async () => {
    await served.browser?.close();
    await served.server?.close();
    served.site?.dispose();
  });
  return served;
}
