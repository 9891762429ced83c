// psm preview: one meeting's pack page served live on loopback while the analyst writes it. No
// share link (it is their own machine) and no site rebuild: Framework's preview server runs the
// pack's data loader on demand, and an edit to meeting.json, a commentary file or questions.md
// reruns it and updates the open page in a second or two.
//
// Framework keeps its loader cache inside its source root, and psm build clears and fills that
// cache (for whatever workspace it builds). So the preview gets a private root of its own, made of
// links to dashboards/ — pages and components are read through the links, and the loaders, run by
// their real paths, import pipeline/ as usual — with one file of its own: a stub of the pack's data
// loader that runs the real one. An edit touches that stub, and Framework, which reruns a loader
// newer than its cached output, reruns it: the repository's files are never touched. The stub has
// the loader keep the meeting's computed figures in the private root (packs/metric-cache.ts), so a
// rerun for an edit to the prose reads them back instead of recomputing them.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, symlinkSync, utimesSync, watch, writeFileSync, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot, type WorkspacePaths } from '../config.ts';
import { loadMeeting } from '../packs/meeting.ts';
import { isLoopbackHost } from '../share/audience.ts';
import { pinWarehouse } from '../warehouse/pin.ts';
import { dashboardsRoot, frameworkCli, frameworkEnv } from './build.ts';

export interface Preview {
  /** The pack page's address. */
  url: string;
  /** Stops the server and the watcher and removes the private root. */
  close(): Promise<void>;
}

export interface PreviewOptions {
  port: number;
  host: string;
  /** Told each time an edit is picked up. */
  log: (line: string) => void;
}

const packLoader = join('data', 'packs', '[meeting].json.ts');

/** A source root of links to dashboards/, with the pack loader as a stub of its own. */
function privateRoot(dir: string): string {
  const root = join(dir, 'dashboards');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(root, 'data', 'packs'), { recursive: true });
  const link = (rel: string) => symlinkSync(join(dashboardsRoot, rel), join(root, rel));
  for (const name of readdirSync(dashboardsRoot)) if (name !== '.observablehq' && name !== 'data') link(name);
  for (const name of readdirSync(join(dashboardsRoot, 'data'))) if (name !== 'packs') link(join('data', name));
  for (const name of readdirSync(join(dashboardsRoot, 'data', 'packs'))) if (name !== '[meeting].json.ts') link(join('data', 'packs', name));
  const stub = [
    "// psm preview's stub: runs the pack loader (touched on each edit so Framework reruns it), keeping",
    '// the computed figures between runs so an edit to the prose does not recompute them.',
    `process.argv.push(${JSON.stringify(`--metric-cache=${join(dir, 'metrics')}`)});`,
    `await import(${JSON.stringify(pathToFileURL(join(dashboardsRoot, packLoader)).href)});`,
  ];
  writeFileSync(join(root, packLoader), stub.join('\n') + '\n');
  return root;
}

/** Waits for Framework to print the address it serves on. */
function served(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let said = '';
    const read = (chunk: string) => {
      said += chunk;
      const url = said.match(/https?:\/\/[^\s]+\//)?.[0];
      if (url) resolve(url);
    };
    child.stdout!.setEncoding('utf8').on('data', read);
    child.stderr!.setEncoding('utf8').on('data', read);
    child.on('exit', (code) => reject(new Error(`the preview server stopped (exit ${code}): ${said.trim().split('\n').slice(-5).join(' / ')}`)));
  });
}

/** Serves `meetingId`'s pack page live; throws for a meeting that cannot be read or a non-loopback host. */
export async function startPreview(paths: WorkspacePaths, meetingId: string, opts: PreviewOptions): Promise<Preview> {
  if (!isLoopbackHost(opts.host)) throw new Error(`psm preview serves on a loopback address only (the pack is not released): not ${opts.host}`);
  const meeting = loadMeeting(paths.reports, meetingId);
  const pin = pinWarehouse(paths);
  // Inside the repository, so Framework finds node_modules above it (as it does for dashboards/).
  const dir = join(repoRoot, '.preview', String(process.pid));
  const root = privateRoot(dir);
  const child = spawn(process.execPath, [frameworkCli, 'preview', '--root', root, '--host', opts.host, '--port', String(opts.port), '--no-open'], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: frameworkEnv(paths, 'panel', pin.path),
  });
  let watcher: FSWatcher | undefined;
  const close = async () => {
    watcher?.close();
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
    pin.release();
  };
  try {
    const base = await served(child);
    let timer: NodeJS.Timeout | undefined;
    watcher = watch(meeting.dir, { recursive: true }, (_event, file) => {
      if (!file || String(file).startsWith('out')) return; // the pack's own prints are not edits
      clearTimeout(timer);
      timer = setTimeout(() => {
        const now = new Date();
        utimesSync(join(root, packLoader), now, now);
        opts.log(`${String(file)} changed: the page updates`);
      }, 100);
    });
    return { url: new URL(`packs/${meeting.id}`, base).href, close };
  } catch (err) {
    await close();
    throw err;
  }
}
