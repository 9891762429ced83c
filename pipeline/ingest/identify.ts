// Which extract a file holds (by its name, else by its header) and the order files load in.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { WorkspacePaths } from '../config.ts';
import type { ExtractContract, ExtractName } from '../extracts/contract.ts';
import { contracts, extractNames } from '../extracts/index.ts';
import { emptyMapping, type ForceMapping } from '../extracts/mapping.ts';
import type { DecodedFile } from './decode.ts';
import { fitHeader } from './validate-sql.ts';

/**
 * Files referenced by others load first, so references resolve within one run. Calls, the bulk of
 * the rows, go first: their marts are then built while the other extracts load (martsAsLoaded).
 */
const loadOrder: ExtractName[] = ['calls', 'crimes', 'outcomes', 'orders', 'breaches', 'dvds'];
const isExtractFile = (name: string) => /\.csv(\.gz)?$/i.test(name);

/** The files named (or found in the folders named), in load order; default: the inbox. */
export function resolveFiles(paths: WorkspacePaths, inputs: string[]): string[] {
  const found: string[] = [];
  for (const input of inputs.length ? inputs : [paths.inbox]) {
    if (!existsSync(input)) throw new Error(`${input}: no such file or folder`);
    if (statSync(input).isDirectory()) {
      for (const f of readdirSync(input)) if (isExtractFile(f)) found.push(join(input, f));
    } else found.push(input);
  }
  const rank = (f: string) => {
    const e = extractFromName(f);
    return e ? loadOrder.indexOf(e) : loadOrder.length;
  };
  // Plain code-unit order, not locale order: `x.csv` must sort before its re-send `x_amended.csv`.
  return found.sort((a, b) => rank(a) - rank(b) || (basename(a) < basename(b) ? -1 : basename(a) > basename(b) ? 1 : 0));
}

/** `calls_101_2022-23.csv.gz` → calls. A file named otherwise is identified by its header. */
export function extractFromName(path: string): ExtractName | undefined {
  const stem = basename(path).toLowerCase().split(/[_\-. ]/)[0];
  return extractNames.find((e) => e === stem);
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
    refused: `the header does not fit the ${byName} contract:` +
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
