// What a site build records about itself, beside the pages: <site>/psm-build.json. The build
// writes it (build.ts) into the finished site before it is swapped in, and `psm serve` / `psm start`
// read it to refuse putting an analyst build (every value, small numbers unsuppressed) on a
// network address (share/audience.ts).
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface BuildRecord {
  /** 'panel': small numbers below force level suppressed; 'analyst': every value shown. */
  audience: 'panel' | 'analyst';
  /** When the build finished, ISO 8601. */
  builtAt: string;
}

export const buildRecordPath = (siteDir: string): string => join(siteDir, 'psm-build.json');

function check(rec: unknown, where: string): BuildRecord {
  const r = rec as Partial<BuildRecord> | null;
  if (!r || typeof r !== 'object' || (r.audience !== 'panel' && r.audience !== 'analyst')) {
    throw new Error(`${where}: "audience" must be "panel" or "analyst"`);
  }
  if (typeof r.builtAt !== 'string' || Number.isNaN(Date.parse(r.builtAt))) throw new Error(`${where}: "builtAt" must be an ISO time`);
  return { audience: r.audience, builtAt: r.builtAt };
}

/** Written whole under another name and renamed into place: a reader sees the old record or the new, never half. */
export function writeBuildRecord(siteDir: string, rec: BuildRecord): void {
  const path = buildRecordPath(siteDir);
  const good = check(rec, path);
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, JSON.stringify(good, null, 2) + '\n');
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/**
 * The site's record, or null when it has none (a site built before records were written). A record
 * that is there but unreadable or malformed throws: the caller must not take it for "unknown",
 * since it may be an analyst build's.
 */
export function readBuildRecord(siteDir: string): BuildRecord | null {
  const path = buildRecordPath(siteDir);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${path}: not JSON`);
  }
  return check(parsed, path);
}
