// What a meeting's out/ folder really holds. A folder copied from another meeting keeps that
// meeting's pack.pdf and manifest.json, and a crash between the renderer's two renames can leave a
// PDF beside the manifest of the print before it; either way the PDF is not this meeting's pack as
// the manifest describes it. Everything that reports or serves a pack (psm meeting list, the
// schedule's reprint, psm serve, psm status) asks here, so none of them takes out/ at its word.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { PackManifest } from '../packs/pack-types.ts';

export interface PackState {
  /**
   * none: nothing printed. printed: this meeting's pack, the PDF its manifest describes.
   * foreign: out/ holds another meeting's pack (a copied folder). unverified: a PDF whose manifest is
   * missing, unreadable or describes another file — never to be taken for a finished pack.
   */
  print: 'none' | 'printed' | 'foreign' | 'unverified';
  /** The manifest of a `printed` pack. */
  manifest: PackManifest | null;
  /** Whether the printed pack carries the DRAFT marking (null when nothing valid is printed). */
  draft: boolean | null;
  /** Why the print is not `printed`, in words. */
  why: string | null;
  /** The last print's failure (out/failed.json), when it is newer than the good print. */
  failed: { at: string; reasons: string[] } | null;
}

const hashes = new Map<string, { key: string; sha256: string }>();

/** SHA-256 of a PDF, remembered while the file is unchanged (the server asks on every request). */
function pdfSha256(path: string): string {
  const st = statSync(path);
  const key = `${st.ino}:${st.size}:${st.mtimeMs}`;
  const known = hashes.get(path);
  if (known?.key === key) return known.sha256;
  const sha256 = createHash('sha256').update(readFileSync(path)).digest('hex');
  hashes.set(path, { key, sha256 });
  return sha256;
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

function lastFailure(out: string, after: string | null): PackState['failed'] {
  const f = readJson(join(out, 'failed.json')) as { at?: unknown; reasons?: unknown } | undefined;
  if (!f || typeof f.at !== 'string') return null;
  if (after && Date.parse(f.at) <= Date.parse(after)) return null; // an old failure, since printed over
  return { at: f.at, reasons: Array.isArray(f.reasons) ? f.reasons.map(String) : [] };
}

/** What reports/<id>/out holds. `verifyPdf` (default true) checks the PDF is the file the manifest hashed. */
export function readPackState(meetingDir: string, meetingId: string, opts: { verifyPdf?: boolean } = {}): PackState {
  const out = join(meetingDir, 'out');
  const pdf = join(out, 'pack.pdf');
  const manifestPath = join(out, 'manifest.json');
  const state = (print: PackState['print'], why: string | null, manifest: PackManifest | null = null): PackState => ({
    print,
    why,
    manifest,
    draft: manifest ? manifest.draft : null,
    failed: lastFailure(out, manifest?.generatedAt ?? null),
  });
  if (!existsSync(pdf)) return state('none', null);
  if (!existsSync(manifestPath)) return state('unverified', 'out/pack.pdf has no manifest.json beside it');
  const m = readJson(manifestPath) as Partial<PackManifest> | undefined;
  if (!m || typeof m !== 'object' || typeof m.meeting !== 'string' || typeof m.draft !== 'boolean' || typeof m.pdf?.sha256 !== 'string') {
    return state('unverified', 'out/manifest.json cannot be read');
  }
  if (m.meeting !== meetingId) {
    return state('foreign', `out/ holds the pack of meeting ${m.meeting}, not of ${meetingId} (copied from another meeting's folder?)`);
  }
  if ((opts.verifyPdf ?? true) && pdfSha256(pdf) !== m.pdf.sha256) {
    return state('unverified', 'out/pack.pdf is not the file out/manifest.json describes (a print cut short?)');
  }
  return state('printed', null, m as PackManifest);
}
