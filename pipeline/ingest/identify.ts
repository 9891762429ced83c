// Which extract a file holds (by its name, else by its header) and the order files load in.
import { basename } from 'node:path';
import type { ExtractContract, ExtractName } from '../extracts/contract.ts';
import { contracts, extractNames } from '../extracts/index.ts';
import { existsSync } from 'node:fs';
import type { WorkspacePaths } from '../config.ts';
import { emptyMapping, loadMapping, type ForceMapping } from '../extracts/mapping.ts';
import type { DecodedFile } from './decode.ts';
import { fitHeader } from './validate-sql.ts';

/**
 * Files referenced by others load first, so references resolve within one run. Calls, the bulk of
 * the rows, go first: their marts are then built while the other extracts load (martsAsLoaded).
 */
const loadOrder: ExtractName[] = ['calls', 'crimes', 'outcomes', 'orders', 'breaches', 'dvds'];

/**
 * Files in load order: by extract (loadOrder; a name that names none last), then by name in plain
 * code-unit order, not locale order: `x.csv` must sort before its re-send `x_amended.csv`.
 */
export function inLoadOrder<T extends { name: string }>(files: T[]): T[] {
  const rank = (f: T) => {
    const e = extractFromName(f.name);
    return e ? loadOrder.indexOf(e) : loadOrder.length;
  };
  return [...files].sort((a, b) => rank(a) - rank(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** `calls_101_2022-23.csv.gz` → calls. A file named otherwise is identified by its header. */
export function extractFromName(path: string): ExtractName | undefined {
  const stem = basename(path)
    .toLowerCase()
    .split(/[_\-. ]/)[0];
  return extractNames.find((e) => e === stem);
}

/** The workspace's force mapping (header names and code values), or none. */
export function mappingFor(paths: WorkspacePaths): ForceMapping {
  return existsSync(paths.mapping) ? loadMapping(paths.mapping) : { force: 'unmapped', extracts: {} };
}

export function identify(file: DecodedFile, mapping: ForceMapping): { contract?: ExtractContract; refused?: string } {
  if (file.header.every((h) => h.trim() === '')) {
    return { refused: 'the file is empty: it has no header line (an extract starts with a line naming its columns)' };
  }
  const byName = extractFromName(file.path);
  const candidates = byName ? [byName] : extractNames;
  const fits = candidates.map((e) => ({ e, fit: fitHeader(file.header, contracts[e], mapping.extracts[e] ?? emptyMapping) }));
  const ok = fits.find((f) => !f.fit.missing.length && !f.fit.unexpected.length);
  if (ok) return { contract: contracts[ok.e] };
  if (!byName) return { refused: `its name does not start with an extract (${extractNames.join(', ')}) and its header fits none of them` };
  const { missing, unexpected } = fits[0].fit;
  return {
    refused:
      `the header does not fit the ${byName} contract:` +
      (missing.length ? ` missing column(s) ${missing.join(', ')};` : '') +
      (unexpected.length ? ` unexpected column(s) ${unexpected.map((u) => `"${u}"`).join(', ')}` : '') +
      ' — the whole file was refused (fix the header or the force mapping and send it again)',
  };
}

/** The extracts none of `remaining` can change (none, if one is named for no extract). */
export function extractsDone(remaining: { path: string }[]): Set<ExtractName> {
  const pending = remaining.map((f) => extractFromName(f.path));
  return new Set(pending.includes(undefined) ? [] : extractNames.filter((e) => !pending.includes(e)));
}
