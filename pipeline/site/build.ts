// Builds the dashboards site into the workspace. Framework is run as its own process (its CLI
// loads observablehq.config.ts through tsx and spawns the TypeScript loaders); we add what the CLI
// does not do for us: a fresh loader cache (Framework reuses a cached output even when the
// warehouse changed), an atomic swap of the finished site, the size of each page's data, and one
// warehouse for the whole build: every loader is its own process and used to open psm.duckdb at
// its own moment, so a publish during the build gave pages from two publishes side by side. The
// build pins the published file once (warehouse/pin.ts), hands the pin to every loader as
// PSM_WAREHOUSE, and records the pin's SHA-256 beside the pages (psm-warehouse.json).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { readdir, rename, rm } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { repoRoot, type WorkspacePaths } from '../config.ts';
import { acquireLock, type LockHandle } from '../schedule/lock.ts';
import { missingMessage, damageMessage, WarehouseDamagedError } from '../warehouse/damage.ts';
import { checkWarehouse } from '../warehouse/integrity.ts';
import { PINNED_WAREHOUSE_ENV, pinWarehouse, type PinnedWarehouse } from '../warehouse/pin.ts';
import { seedNpmVersionCache } from './npm-offline.ts';
import { settings } from '../settings.ts';
import { writeBuildRecord } from './build-record.ts';
import { pageWeights, type PageWeight } from './weights.ts';

export const dashboardsRoot = join(repoRoot, 'dashboards');
export const frameworkCache = join(dashboardsRoot, '.observablehq', 'cache');
const buildLockName = 'psm-build.lock';

/** Framework's own command line: psm build and psm preview run it as a child process. */
export const frameworkCli = join(repoRoot, 'node_modules', '@observablehq', 'framework', 'dist', 'bin', 'observable.js');

/** The environment Framework and its loaders run in: this workspace, this audience, this pinned warehouse. */
export function frameworkEnv(paths: WorkspacePaths, audience: 'panel' | 'analyst', pinned: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PSM_WORKSPACE: paths.root,
    PSM_AUDIENCE: audience,
    [PINNED_WAREHOUSE_ENV]: pinned,
    OBSERVABLE_TELEMETRY_DISABLE: 'true',
    // Loaders are run as `tsx file.ts`: make sure the project's tsx is the one found.
    PATH: [join(repoRoot, 'node_modules', '.bin'), process.env.PATH ?? ''].join(delimiter),
    NO_COLOR: '1',
  };
}

export interface BuildResult {
  site: string;
  seconds: number;
  pages: PageWeight[];
  /** Total bytes of every file in the built site. */
  totalBytes: number;
  audience: 'panel' | 'analyst';
  /** The one warehouse every page was built from. */
  warehouse: SiteWarehouse;
}

/** Which warehouse a built site came from: <site>/psm-warehouse.json. */
export interface SiteWarehouse {
  sha256: string;
  bytes: number;
  modifiedAt: string;
}

export const siteWarehousePath = (siteDir: string): string => join(siteDir, 'psm-warehouse.json');

/** The warehouse the site at `siteDir` was built from; null for a site built before this was recorded. */
export function readSiteWarehouse(siteDir: string): SiteWarehouse | null {
  try {
    const v = JSON.parse(readFileSync(siteWarehousePath(siteDir), 'utf8')) as Partial<SiteWarehouse>;
    return typeof v.sha256 === 'string' && typeof v.bytes === 'number' && typeof v.modifiedAt === 'string'
      ? { sha256: v.sha256, bytes: v.bytes, modifiedAt: v.modifiedAt } : null;
  } catch {
    return null;
  }
}

function writeSiteWarehouse(siteDir: string, rec: SiteWarehouse): void {
  const path = siteWarehousePath(siteDir);
  writeFileSync(`${path}.tmp`, JSON.stringify(rec, null, 2) + '\n');
  renameSync(`${path}.tmp`, path);
}

export interface BuildOptions {
  /** Command prefix to run the build under, e.g. ['unshare', '-n'] to prove it needs no network. */
  wrap?: string[];
  /** Where Framework's progress goes; default: our stderr, as every log line does. */
  onOutput?: (chunk: string) => void;
  /**
   * Who the site is for: 'panel' (default; small numbers below force level shown as [c]) or
   * 'analyst' (every value). Default: the PSM_AUDIENCE setting, else panel, since a built site gets shared.
   */
  audience?: 'panel' | 'analyst';
  /** The clock the overview picks the next meeting by, and freshness is judged against (default: the loaders' own). */
  now?: Date;
  /** The caller's pin (psm pack builds from the warehouse it prints from); default: pinned here. */
  pin?: PinnedWarehouse;
}

/**
 * Empties Framework's cache of loader outputs. Bundled node_modules (`_node/`) stay: they are
 * keyed by package version, do not depend on the warehouse, and re-bundling them costs seconds.
 */
export async function clearLoaderCache(): Promise<void> {
  if (!existsSync(frameworkCache)) return;
  for (const entry of await readdir(frameworkCache)) {
    if (entry === '_node' || entry === buildLockName) continue;
    await rm(join(frameworkCache, entry), { recursive: true, force: true });
  }
}

/** A clean loader cache plus the npm version seeds that keep the build off the network. */
export async function prepareCache(): Promise<void> {
  await clearLoaderCache();
  await seedNpmVersionCache(frameworkCache);
}

/**
 * Framework keeps one loader cache per source root, so two builds at once (the scheduler and a
 * manual `psm build`, or two workspaces) would clear each other's cache: they take turns.
 */
async function waitForBuildLock(log: (s: string) => void): Promise<LockHandle> {
  // Inside the (git-ignored) cache folder, which clearLoaderCache leaves it in.
  const path = join(frameworkCache, buildLockName);
  const deadline = Date.now() + 15 * 60_000;
  let told = false;
  const said = new Set<string>();
  // Asked every half second: what to do about a lock that may not clear is said once, not 1,800 times.
  const advise = (line: string) => void (said.has(line) ? undefined : (said.add(line), log(line + '\n')));
  for (;;) {
    const handle = await acquireLock(path, { maxAgeMs: 30 * 60_000, log: advise });
    if (handle) return handle;
    if (!told) log('Another site build is running: waiting for it to finish\n');
    told = true;
    if (Date.now() > deadline) throw new Error(`Gave up waiting for the site build lock ${path}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

export async function buildSite(paths: WorkspacePaths, options: BuildOptions = {}): Promise<BuildResult> {
  if (!options.pin && !existsSync(paths.warehouse)) throw new Error(missingMessage(paths.warehouse));
  // Every block read before we queue for the build lock: a damaged warehouse is said in about a
  // second, not after waiting out another build and then ten loaders failing one by one.
  if (!options.pin) {
    const checked = await checkWarehouse(paths.warehouse);
    if (checked.state === 'damaged') throw damagedWarehouse(paths.warehouse, checked.detail ?? '');
  }
  const sink = options.onOutput ?? ((s: string) => void process.stderr.write(s));
  // Framework warns that it will not clear an output folder outside its working directory; we
  // build into a fresh staging folder ourselves, so the warning is noise.
  const output = (s: string) => void (s.includes('will not be cleared') ? undefined : sink(s));
  const lock = await waitForBuildLock(output);
  // Pinned once the lock is ours, so a build that waited reads the warehouse published meanwhile.
  const pin = options.pin ?? pinWarehouse(paths);
  try {
    return await buildLocked(paths, options, pin, output);
  } finally {
    if (!options.pin) pin.release();
    lock.release();
  }
}

async function buildLocked(paths: WorkspacePaths, options: BuildOptions, pin: PinnedWarehouse, output: (s: string) => void): Promise<BuildResult> {
  const started = performance.now();
  const audience = options.audience ?? settings().audience;
  // A file that will not even open (cut short, not a database) is said once, here, before ten
  // loaders each fail on it inside Framework's output. A damaged block further in fails the loader
  // that reads it, and buildFailure says that plainly too. Opening costs milliseconds.
  const opened = await checkWarehouse(pin.path, { scan: false });
  if (opened.state !== 'ok') throw damagedBuild(pin, opened.detail ?? 'missing');
  await prepareCache();
  // Framework refuses to overwrite files and only clears an output inside its working directory,
  // so it builds into a fresh staging folder that replaces the live site once it is complete:
  // `psm serve` never shows half a site.
  const staging = `${paths.site}.building`;
  await rm(staging, { recursive: true, force: true });
  const command = [...(options.wrap ?? []), process.execPath, frameworkCli, 'build'];
  const env = {
    ...frameworkEnv(paths, audience, pin.path),
    PSM_SITE_OUTPUT: staging,
    ...(options.now ? { PSM_NOW: options.now.toISOString() } : {}),
  };
  void pin.sha256().catch(() => undefined); // hashed while Framework builds; awaited below
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(command[0]!, command.slice(1), { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.setEncoding('utf8').on('data', output);
    child.stderr.setEncoding('utf8').on('data', output);
    child.on('error', reject);
    child.on('close', (c) => resolve(c ?? 1));
  });
  if (code !== 0 || !existsSync(join(staging, 'index.html'))) {
    await rm(staging, { recursive: true, force: true });
    throw await buildFailure(pin, code);
  }
  // The build says who it is for, beside its pages: psm serve, psm pack and psm status read it.
  writeBuildRecord(staging, { audience, builtAt: new Date().toISOString() });
  const warehouse = { sha256: await pin.sha256(), bytes: pin.bytes, modifiedAt: pin.modifiedAt };
  writeSiteWarehouse(staging, warehouse);
  const old = `${paths.site}.previous`;
  await rm(old, { recursive: true, force: true });
  if (existsSync(paths.site)) await rename(paths.site, old);
  await rename(staging, paths.site);
  await rm(old, { recursive: true, force: true });
  const seconds = (performance.now() - started) / 1000;
  const { pages, totalBytes } = await pageWeights(paths.site);
  return { site: paths.site, seconds, pages, totalBytes, audience, warehouse };
}

/** A loader that read a damaged block failed inside Framework's output: say so plainly, once. */
async function buildFailure(pin: PinnedWarehouse, code: number): Promise<Error> {
  const check = await checkWarehouse(pin.path).catch(() => null);
  if (check?.state === 'damaged') return damagedBuild(pin, check.detail ?? '');
  return new Error(`Site build failed (exit ${code}): see the Framework output above`);
}

const damagedWarehouse = (published: string, detail: string) =>
  new WarehouseDamagedError(`${damageMessage(published, detail)} The site was not built.`, published, detail);
const damagedBuild = (pin: PinnedWarehouse, detail: string) => damagedWarehouse(pin.published, detail);
