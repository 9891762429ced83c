// Turning a file as a force sends it (UTF-8 with or without BOM, or Windows-1252 from Excel;
// plain or gzipped) into something DuckDB can read (UTF-8 only). Node 20's TextDecoder mis-decodes
// Windows-1252 bytes 0x80–0x9F (€, curly quotes, dashes), so iconv-lite does the decoding. Which
// encoding a file is in is decided on evidence (text-scan.ts, isWindows1252), never by one stray byte.
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import iconv from 'iconv-lite';
import { isWindows1252, TextScan, utf8Evidence } from './text-scan.ts';

export interface DecodedFile {
  path: string;
  sha256: string;
  bytes: number;
  isGzip: boolean;
  encoding: 'utf-8' | 'utf-8-bom' | 'windows-1252';
  /** What DuckDB should read: the original file, or a UTF-8 copy when it had to be transcoded. */
  readPath: string;
  /** A NUL byte somewhere in the text (its rows are quarantined: validate-sql.ts). */
  hasNul: boolean;
  /**
   * Bytes of a UTF-8 file that were not UTF-8, each replaced by U+FFFD in the copy DuckDB reads, so
   * the rows holding them are quarantined by line and field instead of the file being misread.
   */
  replacedBytes: number;
  /** The header line's fields, as written in the file. */
  header: string[];
  /**
   * Maps a data record's ordinal (0-based, as DuckDB read it) to its physical line. Built on demand;
   * `rejectedLines` are lines DuckDB could not parse, which it left out of the ordinals.
   */
  lineOf: (rejectedLines: number[]) => (ordinal: number) => number;
  /** The physical line (1-based) holding a byte offset of the UTF-8 text DuckDB read. */
  lineAtByte: (offset: number) => number;
  /** Physical lines after `line` that hold anything (what an unclosed quote swallowed). */
  nonBlankLinesAfter: (line: number) => number[];
  /** Removes the transcoded copy, if one was written. */
  dispose: () => void;
}

/** SHA-256 of a file's bytes as received: its identity in the archive and the ledger. */
export function sha256File(path: string): string {
  // One reused buffer: reading whole files into fresh memory costs more in page faults than hashing.
  const hash = createHash('sha256');
  const fd = openSync(path, 'r');
  try {
    for (let n = readSync(fd, scratch); n > 0; n = readSync(fd, scratch)) hash.update(scratch.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}
const scratch = Buffer.allocUnsafe(1 << 20);

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const isGz = (b: Buffer) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

/**
 * `sha256` may be passed when the caller has already hashed the file (ingest hashes first).
 * The text streams through once, in small pieces (a .gz is inflated on libuv's thread pool), to
 * learn what the line numbering needs (see TextScan); it is only held whole later if a row must be
 * reported with a line number that cannot be worked out without it. A .gz is inflated on that pass
 * into a plain copy, which DuckDB reads: it reads a .gz on one thread and inflated it a second time
 * (a 101 calls file: 420 ms to type from the .gz, 250 ms from the plain text on two threads).
 * A file that is not valid UTF-8 is read whole and judged (isWindows1252): a Windows-1252 file is
 * transcoded, a UTF-8 one with a few bad bytes has them replaced; DuckDB reads that UTF-8 copy.
 */
/** `tempDir`: where a plain or transcoded copy goes, mode 0600 (ingest passes the run's private incoming folder, removed with it). */
export async function decodeFile(path: string, knownSha256?: string, tempDir = tmpdir()): Promise<DecodedFile> {
  const sha256 = knownSha256 ?? sha256File(path);
  const bytes = statSync(path).size;
  const isGzip = startsGzip(path);
  const plain = isGzip ? join(tempDir, `psm-${sha256}-${process.pid}.plain.csv`) : null;
  const scan = await scanFile(path, plain);
  let encoding: DecodedFile['encoding'] = scan.startsWithBom ? 'utf-8-bom' : 'utf-8';
  let replacedBytes = 0;
  let readPath = plain ?? path;
  let whole: Buffer | undefined; // the UTF-8 text, once something needs it all
  if (!scan.isUtf8) {
    const copy = utf8Copy(readFileSync(readPath), scan.startsWithBom);
    if (plain) rmSync(plain, { force: true });
    ({ whole, replacedBytes } = copy);
    encoding = copy.encoding ?? encoding;
    readPath = join(tempDir, `psm-${sha256}-${process.pid}.csv`);
    writeFileSync(readPath, whole, { mode: 0o600 });
  }
  const text = () => (whole ??= readFileSync(readPath));
  const head = whole ? whole.subarray(0, 64 * 1024).toString('utf8') : scan.head;
  const header = parseCsvLine(head.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '');
  const dispose = () => {
    whole = undefined;
    if (readPath !== path) rmSync(readPath, { force: true });
  };
  return {
    path,
    sha256,
    bytes,
    isGzip,
    encoding,
    readPath,
    hasNul: scan.hasNul,
    replacedBytes,
    header,
    ...lineFinders(scan, text),
    dispose,
  };
}

/** Whether a file starts with gzip's magic bytes (its name may say otherwise). */
function startsGzip(path: string): boolean {
  const fd = openSync(path, 'r');
  const magic = Buffer.alloc(2);
  try {
    readSync(fd, magic, 0, 2, 0);
  } finally {
    closeSync(fd);
  }
  return isGz(magic);
}

/** The file's text streamed once through a TextScan; a .gz is inflated on the way into `plainCopy`. */
async function scanFile(path: string, plainCopy: string | null): Promise<TextScan> {
  const scan = new TextScan();
  const out = plainCopy === null ? null : openSync(plainCopy, 'w', 0o600);
  const scanAll = async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) {
      scan.push(chunk);
      if (out !== null) writeSync(out, chunk);
    }
  };
  try {
    if (out === null) await scanAll(createReadStream(path));
    else await pipeline(createReadStream(path), createGunzip({ chunkSize: 1 << 20 }), scanAll);
  } catch (err) {
    if (plainCopy) rmSync(plainCopy, { force: true });
    throw err;
  } finally {
    if (out !== null) closeSync(out);
  }
  scan.end();
  return scan;
}

/** Physical line numbers for rows and byte offsets; the whole text (`text`) is read only if one needs it. */
function lineFinders(scan: TextScan, text: () => Buffer): Pick<DecodedFile, 'lineOf' | 'lineAtByte' | 'nonBlankLinesAfter'> {
  const lineOf = (rejectedLines: number[]) => {
    // Fast path: with no quote character and no blank line before the end, record N sits on line N+2.
    if (!rejectedLines.length && !scan.hasQuote && !scan.hasInnerBlankLine) return (ordinal: number) => ordinal + 2;
    const rejected = new Set(rejectedLines);
    const all = recordStartLines(text());
    const starts = rejected.size ? all.filter((line, i) => i === 0 || !rejected.has(line)) : all;
    return (ordinal: number) => starts[ordinal + 1] ?? ordinal + 2;
  };
  let newlines: Int32Array | undefined;
  const lineAtByte = (offset: number) => {
    const utf8 = text();
    newlines ??= newlineOffsets(utf8);
    let p = offset;
    while (utf8[p] === 10 || utf8[p] === 13) p++; // DuckDB points at the newline before the row
    let lo = 0;
    let hi = newlines.length; // count the newlines before p: line = that + 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (newlines[mid]! < p) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
  const nonBlankLinesAfter = (line: number) =>
    text()
      .toString('utf8')
      .split(/\r?\n/)
      .map((l, i) => (i + 1 > line && l.trim() !== '' ? i + 1 : 0))
      .filter((n) => n > 0);
  return { lineOf, lineAtByte, nonBlankLinesAfter };
}

/**
 * The UTF-8 text of a file that is not valid UTF-8, decided on evidence (isWindows1252): decoded
 * as Windows-1252, or kept as UTF-8 with each invalid sequence replaced by U+FFFD (which
 * validation then finds, so those rows are quarantined by line and field).
 */
function utf8Copy(raw: Buffer, hasBom: boolean): { whole: Buffer; replacedBytes: number; encoding?: 'windows-1252' } {
  const evidence = utf8Evidence(raw);
  if (isWindows1252(evidence, hasBom))
    return { whole: Buffer.from(iconv.decode(raw, 'win1252'), 'utf8'), replacedBytes: 0, encoding: 'windows-1252' };
  return { whole: Buffer.from(raw.toString('utf8'), 'utf8'), replacedBytes: evidence.invalid };
}

function newlineOffsets(bytes: Buffer): Int32Array {
  let n = 0;
  for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) n++;
  const out = new Int32Array(n);
  for (let i = bytes.indexOf(10), k = 0; i !== -1; i = bytes.indexOf(10, i + 1)) out[k++] = i;
  return out;
}

/** Splits one CSV line (RFC 4180 quoting). Used for the header only; DuckDB reads the rows. */
export function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') ((cur += '"'), i++);
      else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') (out.push(cur), (cur = ''));
    else cur += ch;
  }
  out.push(cur);
  return out.map((h) => h.trim());
}

/**
 * The physical line (1-based) where each record starts, skipping blank lines as DuckDB does.
 * Quoted fields may contain line breaks, so record N is not simply line N+1. Works on the UTF-8
 * bytes (quote and newline are single bytes) and jumps between them with indexOf. Only computed
 * when a file has rows to report, so clean files pay nothing.
 */
export function recordStartLines(bytes: Buffer): Int32Array {
  const starts: number[] = [];
  const n = bytes.length;
  let line = 1;
  let i = bytes.subarray(0, 3).equals(BOM) ? 3 : 0;
  let nextQuote = bytes.indexOf(34, i);
  const quoteFrom = (at: number) => {
    if (nextQuote !== -1 && nextQuote < at) nextQuote = bytes.indexOf(34, at);
    return nextQuote;
  };
  while (i < n) {
    if (bytes[i] === 10) {
      line++;
      i++;
      continue;
    } // a blank line: not a record
    if (bytes[i] === 13 && bytes[i + 1] === 10) {
      line++;
      i += 2;
      continue;
    }
    starts.push(line);
    let quoted = false;
    for (;;) {
      const q = quoteFrom(i);
      if (quoted) {
        // Inside quotes every newline up to the closing quote is a line of this record.
        const to = q === -1 ? n : q;
        for (let nl = bytes.indexOf(10, i); nl !== -1 && nl < to; nl = bytes.indexOf(10, nl + 1)) line++;
        if (q === -1) return Int32Array.from(starts);
        quoted = false;
        i = q + 1;
        continue;
      }
      const nl = bytes.indexOf(10, i);
      if (q !== -1 && (nl === -1 || q < nl)) {
        quoted = true;
        i = q + 1;
        continue;
      }
      if (nl === -1) return Int32Array.from(starts);
      line++;
      i = nl + 1;
      break;
    }
  }
  return Int32Array.from(starts);
}
