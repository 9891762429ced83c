// How much data each built page makes a browser download. Framework registers every file a page
// can fetch with `registerFile(name, {path, size, …})` in the page's HTML; summing the files'
// real sizes on disk gives the page's data weight (the target is under 500 KB a page).
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';

export interface PageWeight {
  /** Site path of the page, e.g. `/vawg` or `/packs/2023-11-psm`. */
  page: string;
  dataBytes: number;
  files: { name: string; bytes: number }[];
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(p)));
    else out.push(p);
  }
  return out;
}

/** The files a built page registers (name as written in the page, path relative to the page). */
export function registeredFiles(html: string): { name: string; path: string }[] {
  const found: { name: string; path: string }[] = [];
  for (const m of html.matchAll(/registerFile\("([^"]+)",\s*(\{[^}]*\})\)/g)) {
    const meta = JSON.parse(m[2]!) as { path?: string };
    if (meta.path) found.push({ name: m[1]!, path: meta.path });
  }
  return found;
}

export async function pageWeights(site: string): Promise<{ pages: PageWeight[]; totalBytes: number }> {
  const all = await listFiles(site);
  let totalBytes = 0;
  for (const f of all) totalBytes += (await stat(f)).size;
  const pages: PageWeight[] = [];
  for (const file of all.filter((f) => f.endsWith('.html'))) {
    const html = await readFile(file, 'utf8');
    const files: PageWeight['files'] = [];
    for (const r of registeredFiles(html)) {
      const bytes = (await stat(join(dirname(file), r.path))).size;
      files.push({ name: r.name.replace(/^\.\//, ''), bytes });
    }
    const rel = relative(site, file).split(sep).join('/').replace(/\.html$/, '');
    const page = '/' + (rel === 'index' ? '' : rel.replace(/\/index$/, ''));
    pages.push({ page, dataBytes: files.reduce((s, f) => s + f.bytes, 0), files });
  }
  pages.sort((a, b) => a.page.localeCompare(b.page));
  return { pages, totalBytes };
}
