// What is in the inbox (or the folders and files named): the files to read, and every other entry
// reported by name with the reason it was not read. One bad entry never stops a night: a folder
// called x.csv, a dangling link, a spreadsheet, a file nobody may read are each a line of the
// report, and the run goes on with the rest.
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readlinkSync,
  readSync,
  realpathSync,
  statSync,
  type BigIntStats,
  type Stats,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { basename, join, sep } from 'node:path';
import type { SkippedEntry } from './report.ts';

/** An entry to read: `path` as found or named, `source` what is opened (where a link leads). */
export interface Candidate {
  path: string;
  /** The file's name in reports, the ledger and the quarantine (the ledger's, for an archived copy). */
  name: string;
  source: string;
  /** `psm ingest --recheck`: read again though the ledger has it. */
  recheck?: boolean;
}

/** What a look at a file sees: any write in between changes size or modification time. */
export interface Look {
  dev: bigint;
  ino: bigint;
  size: bigint;
  mtimeNs: bigint;
  /** When the look was taken (ms since the epoch). */
  at: number;
}

export interface InboxFile extends Candidate {
  sha256: string;
  look: Look;
  /** The first bytes, to tell a workbook named .csv from a CSV. */
  magic: Buffer;
}

/** Opened with these only: no following a link swapped in since the scan, no hanging on a pipe. */
export const openFlags = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

const errorText = (err: unknown) => {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'EACCES' || e.code === 'EPERM') return 'it cannot be read: permission denied (psm runs as a user who may not read it)';
  return `it cannot be read: ${e.code ?? ''} ${e.message}`.replace(/\s+/g, ' ');
};

/** The inbox's files (or those of the folders and files named), and the entries that are not read. */
export function scanInputs(inputs: string[], inbox: string): { candidates: Candidate[]; skipped: SkippedEntry[] } {
  const candidates: Candidate[] = [];
  const skipped: SkippedEntry[] = [];
  const take = (c: Candidate | SkippedEntry) => void ('why' in c ? skipped.push(c) : candidates.push(c));
  for (const input of inputs.length ? inputs : [inbox]) {
    let stats: Stats | undefined;
    try {
      stats = statSync(input);
    } catch (err) {
      take(skip(input, (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : errorText(err)));
      continue;
    }
    if (stats.isDirectory()) folderEntries(input).forEach(take);
    else take(classify(input)); // a file named on the command line is read where it leads
  }
  return { candidates, skipped };
}

const skip = (path: string, why: string): SkippedEntry => ({ path, file: basename(path), why });

/**
 * A folder's entries. Hidden ones are left alone without a word: editors, sync tools and uploaders
 * keep their work in progress there (the usual way to drop a file safely is to write `.name.csv`
 * and rename it when done). A link is followed only to a file inside the folder.
 */
function folderEntries(dir: string): (Candidate | SkippedEntry)[] {
  let real: string;
  let names: string[];
  try {
    real = realpathSync(dir);
    names = readdirSync(dir).sort();
  } catch (err) {
    return [skip(dir, errorText(err))];
  }
  return names.filter((n) => !n.startsWith('.')).map((n) => classify(join(dir, n), real));
}

/** One entry: a regular CSV file to read, or the reason it is not read. `within`: the folder a link must stay in. */
function classify(path: string, within?: string): Candidate | SkippedEntry {
  let source = path;
  try {
    if (lstatSync(path).isSymbolicLink()) {
      const target = resolveLink(path);
      if (typeof target !== 'string') return target;
      if (within && target !== within && !target.startsWith(within + sep)) {
        return skip(path, `a link leading out of the inbox (to ${target}): psm reads only files inside it — copy the file in instead`);
      }
      source = target;
    }
    const s = statSync(source);
    if (s.isDirectory()) return skip(path, 'a folder, not a file: psm reads the files directly in the inbox, not in folders within it');
    if (!s.isFile()) return skip(path, `${kindOf(s)}, not a regular file`);
  } catch (err) {
    return skip(path, errorText(err));
  }
  const notCsv = notAnExtract(basename(path));
  return notCsv ? skip(path, notCsv) : { path, name: basename(path), source };
}

function resolveLink(path: string): string | SkippedEntry {
  try {
    return realpathSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return skip(path, `a link to ${readlinkSync(path)}, which does not exist`);
    if (code === 'ELOOP') return skip(path, 'a link that leads round in a loop');
    return skip(path, errorText(err));
  }
}

const kindOf = (s: Stats) =>
  s.isFIFO() ? 'a named pipe' : s.isSocket() ? 'a socket' : s.isCharacterDevice() || s.isBlockDevice() ? 'a device' : 'not a file';

/** Why a name is not an extract psm reads (.csv, .csv.gz), in words that say what to do instead. */
export function notAnExtract(name: string): string | undefined {
  const lower = name.toLowerCase();
  if (/\.csv(\.gz)?$/.test(lower)) return undefined;
  if (/\.(xlsx|xlsm|xlsb|xls|ods|numbers)$/.test(lower)) {
    return 'a spreadsheet, not a CSV: psm reads .csv and .csv.gz files — save it as "CSV UTF-8" and drop that in the inbox';
  }
  const packed = /\.(zip|7z|rar|tar|tgz|bz2|xz|zst|gz)$/.exec(lower);
  if (packed)
    return `a .${packed[1]} archive, which psm does not open: psm reads .csv and .csv.gz files — take the CSV out (or gzip it) into the inbox`;
  return 'not an extract: psm reads .csv and .csv.gz files';
}

/** A workbook or zip archive under a CSV name: what it really is, from its first bytes. */
export function notText(magic: Buffer): string | undefined {
  if (magic.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1')))
    return 'it is a zip archive (an .xlsx workbook?) under a CSV name: save it as "CSV UTF-8" and send that';
  if (magic.subarray(0, 8).equals(Buffer.from('d0cf11e0a1b11ae1', 'hex')))
    return 'it is an old Excel (.xls) workbook under a CSV name: save it as "CSV UTF-8" and send that';
  return undefined;
}

export const lookOf = (s: BigIntStats): Look => ({ dev: s.dev, ino: s.ino, size: s.size, mtimeNs: s.mtimeNs, at: Date.now() });

/** How a second look differs from the first ('' when it does not): the file is still being written, or was replaced. */
export function change(first: Look, second: Look): string {
  const apart = `${Math.max(0, second.at - first.at).toLocaleString('en-GB')} ms apart`;
  if (first.dev !== second.dev || first.ino !== second.ino) return `it was replaced by another file between two looks ${apart}`;
  if (first.size !== second.size) {
    return `it is still being written: its size went from ${first.size.toLocaleString('en-GB')} to ${second.size.toLocaleString('en-GB')} bytes between two looks ${apart}`;
  }
  if (first.mtimeNs !== second.mtimeNs) return `it is still being written: it was modified between two looks ${apart}`;
  return '';
}

const scratch = Buffer.allocUnsafe(1 << 20);

/**
 * Hashes a candidate to recognise a file already ingested, before anything is copied. The file is
 * looked at before and after: a file that changes while it is hashed is still being written and is
 * left for the next run.
 */
export function recognise(c: Candidate): InboxFile | SkippedEntry | { deferred: string } {
  let fd: number;
  try {
    fd = openSync(c.source, openFlags);
  } catch (err) {
    return skip(
      c.path,
      (err as NodeJS.ErrnoException).code === 'ELOOP' ? 'it was replaced by a link since the inbox was read' : errorText(err),
    );
  }
  try {
    const stats = fstatSync(fd, { bigint: true });
    if (!stats.isFile()) return skip(c.path, 'it was replaced by something that is not a regular file since the inbox was read');
    const first = lookOf(stats);
    const hash = createHash('sha256');
    let magic: Buffer | undefined;
    for (let n = readSync(fd, scratch); n > 0; n = readSync(fd, scratch)) {
      magic ??= Buffer.from(scratch.subarray(0, Math.min(n, 8)));
      hash.update(scratch.subarray(0, n));
    }
    const moved = change(first, lookOf(fstatSync(fd, { bigint: true })));
    if (moved) return { deferred: moved };
    return { ...c, sha256: hash.digest('hex'), look: first, magic: magic ?? Buffer.alloc(0) };
  } catch (err) {
    return skip(c.path, errorText(err));
  } finally {
    closeSync(fd);
  }
}
