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

const inflate = promisify(gunzip);

/**
 * `sha256` may be passed when the caller has already hashed the file (ingest hashes first).
 * Async because inflating a large .gz takes a while: it runs on libuv's thread pool while DuckDB
 * reads another file.
 */
export async function decodeFile(path: string, knownSha256?: string): Promise<DecodedFile> {
  const raw = readFileSync(path);
  const sha256 = knownSha256 ?? createHash('sha256').update(raw).digest('hex');
  const isGzip = isGz(raw);
  // Gzipped files are inflated here once: the encoding check and the line map both need the text.
  const plain = isGzip ? await inflate(raw) : raw;
  let encoding: DecodedFile['encoding'];
  let readPath = path;
  let text: string | undefined;
  if (isUtf8(plain)) {
    encoding = plain.subarray(0, 3).equals(BOM) ? 'utf-8-bom' : 'utf-8';
  } else {
    encoding = 'windows-1252';
    text = iconv.decode(plain, 'win1252');
    readPath = join(tmpdir(), `psm-${sha256}-${process.pid}.csv`);
    writeFileSync(readPath, text, 'utf8');
  }
  const head = (text ?? plain.subarray(0, 64 * 1024).toString('utf8')).replace(/^\uFEFF/, '');
  const header = parseCsvLine(head.split(/\r?\n/, 1)[0] ?? '');
  const lineOf = (rejectedLines: number[]) => {
    // Fast path: with no quote character and no blank line before the end, record N sits on line N+2.
    const bytes = text === undefined ? plain : Buffer.from(text, 'utf8');
    if (!rejectedLines.length && bytes.indexOf(34) === -1 && !hasInnerBlankLine(bytes)) return (ordinal: number) => ordinal + 2;
    const rejected = new Set(rejectedLines);
    const all = recordStartLines(text ?? plain.toString('utf8'));
    const starts = rejected.size ? all.filter((line, i) => i === 0 || !rejected.has(line)) : all;
    return (ordinal: number) => starts[ordinal + 1] ?? ordinal + 2;
  };
  const lineAtByte = (offset: number) => {
    const bytes = text === undefined ? plain : Buffer.from(text, 'utf8');
    let p = offset;
    while (bytes[p] === 10 || bytes[p] === 13) p++; // DuckDB points at the newline before the row
    let line = 1;
    for (let i = bytes.indexOf(10); i !== -1 && i < p; i = bytes.indexOf(10, i + 1)) line++;
    return line;
  };
  const nonBlankLinesAfter = (line: number) =>
    (text ?? plain.toString('utf8'))
      .split(/\r?\n/)
      .map((l, i) => (i + 1 > line && l.trim() !== '' ? i + 1 : 0))
      .filter((n) => n > 0);
  const dispose = () => {
    if (readPath !== path) rmSync(readPath, { force: true });
  };
  return { path, sha256, bytes: raw.length, isGzip, encoding, readPath, header, lineOf, lineAtByte, nonBlankLinesAfter, dispose };
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
 * Quoted fields may contain line breaks, so record N is not simply line N+1. Only computed when a
 * file has rows to report, so clean files pay nothing.
 */
export function recordStartLines(text: string): Int32Array {
  const starts: number[] = [];
  let line = 1;
  let quoted = false;
  let atRecordStart = true;
  for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (atRecordStart) {
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) === 10)) {
        if (c === 13) i++;
        line++;
        continue; // a blank line: not a record
      }
      starts.push(line);
      atRecordStart = false;
    }
    if (c === 34) quoted = !quoted;
    else if (c === 10) {
      line++;
      if (!quoted) atRecordStart = true;
    }
  }
  return Int32Array.from(starts);
}
