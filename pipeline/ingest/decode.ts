// Turning a file as a force sends it (UTF-8 with or without BOM, or Windows-1252 from Excel;
// plain or gzipped) into something DuckDB can read (UTF-8 only). Node 20's TextDecoder mis-decodes
// Windows-1252 bytes 0x80–0x9F (€, curly quotes, dashes), so iconv-lite does the decoding.
import { createHash } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import iconv from 'iconv-lite';

export interface DecodedFile {
  path: string;
  sha256: string;
  bytes: number;
  isGzip: boolean;
  encoding: 'utf-8' | 'utf-8-bom' | 'windows-1252';
  /** What DuckDB should read: the original file, or a UTF-8 copy when it had to be transcoded. */
  readPath: string;
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
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const isGz = (b: Buffer) => b.length > 2 && b[0] === 0x1f && b[1] === 0x8b;

// Large output chunks: inflating a 60 MB extract in the default 16 KB pieces spends more time
// gathering the pieces than inflating.
const inflate = (raw: Buffer) => promisify(gunzip)(raw, { chunkSize: 1 << 20 });

/**
 * `sha256` may be passed when the caller has already hashed the file (ingest hashes first).
 * A .gz is inflated here once, on libuv's thread pool, and DuckDB reads the inflated copy: that is
 * no more work than DuckDB inflating it, and DuckDB reads a plain file on both cores (a .gz on one).
 */
export async function decodeFile(path: string, knownSha256?: string): Promise<DecodedFile> {
  const raw = readFileSync(path);
  const sha256 = knownSha256 ?? createHash('sha256').update(raw).digest('hex');
  const isGzip = isGz(raw);
  const plain = isGzip ? await inflate(raw) : raw;
  let encoding: DecodedFile['encoding'];
  let utf8 = plain;
  if (isUtf8(plain)) {
    encoding = plain.subarray(0, 3).equals(BOM) ? 'utf-8-bom' : 'utf-8';
  } else {
    encoding = 'windows-1252';
    utf8 = Buffer.from(iconv.decode(plain, 'win1252'), 'utf8');
  }
  let readPath = path;
  if (utf8 !== raw) {
    readPath = join(tmpdir(), `psm-${sha256}-${process.pid}.csv`);
    writeFileSync(readPath, utf8, { mode: 0o600 }); // record-level data: its owner only
  }
  const head = utf8.subarray(0, 64 * 1024).toString('utf8').replace(/^\uFEFF/, '');
  const header = parseCsvLine(head.split(/\r?\n/, 1)[0] ?? '');
  const lineOf = (rejectedLines: number[]) => {
    // Fast path: with no quote character and no blank line before the end, record N sits on line N+2.
    if (!rejectedLines.length && utf8.indexOf(34) === -1 && !hasInnerBlankLine(utf8)) return (ordinal: number) => ordinal + 2;
    const rejected = new Set(rejectedLines);
    const all = recordStartLines(utf8);
    const starts = rejected.size ? all.filter((line, i) => i === 0 || !rejected.has(line)) : all;
    return (ordinal: number) => starts[ordinal + 1] ?? ordinal + 2;
  };
  let newlines: Int32Array | undefined;
  const lineAtByte = (offset: number) => {
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
    utf8.toString('utf8')
      .split(/\r?\n/)
      .map((l, i) => (i + 1 > line && l.trim() !== '' ? i + 1 : 0))
      .filter((n) => n > 0);
  const dispose = () => {
    if (readPath !== path) rmSync(readPath, { force: true });
  };
  return { path, sha256, bytes: raw.length, isGzip, encoding, readPath, header, lineOf, lineAtByte, nonBlankLinesAfter, dispose };
}

function newlineOffsets(bytes: Buffer): Int32Array {
  let n = 0;
  for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) n++;
  const out = new Int32Array(n);
  for (let i = bytes.indexOf(10), k = 0; i !== -1; i = bytes.indexOf(10, i + 1)) out[k++] = i;
  return out;
}

/** A blank line followed by more data (trailing blank lines do not shift any record's line). */
function hasInnerBlankLine(bytes: Buffer): boolean {
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === 10 || bytes[end - 1] === 13)) end--;
  const body = bytes.subarray(0, end);
  return body.indexOf('\n\n') !== -1 || body.indexOf('\n\r\n') !== -1;
}

/** Splits one CSV line (RFC 4180 quoting). Used for the header only; DuckDB reads the rows. */
export function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') (cur += '"'), i++;
      else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') out.push(cur), (cur = '');
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
    if (bytes[i] === 10) { line++; i++; continue; } // a blank line: not a record
    if (bytes[i] === 13 && bytes[i + 1] === 10) { line++; i += 2; continue; }
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
