// What one streamed pass over an extract's text learns, piece by piece, without holding it whole.
import { isUtf8 } from 'node:buffer';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * What one pass over the text learns, piece by piece: whether it is valid UTF-8, whether any quote
 * character or blank line inside it could make a record's line differ from its ordinal + 2, whether
 * it holds a NUL byte, and the start of the text (the header).
 */
export class TextScan {
  isUtf8 = true;
  hasQuote = false;
  /** A NUL byte anywhere (memchr-fast): only then does validation look for one in every field. */
  hasNul = false;
  hasInnerBlankLine = false;
  private headBytes: Buffer[] = []; // the first 64 KB, for the header
  private carry: Buffer = Buffer.alloc(0); // an incomplete UTF-8 sequence at the end of a piece
  private blankSeen = false; // a blank line so far, with nothing but line breaks after it
  private lastEnd: 'newline' | 'newline+cr' | 'other' = 'other'; // how the previous piece ended
  private seen = 0;

  push(chunk: Buffer): void {
    if (this.seen < 64 * 1024) this.headBytes.push(Buffer.from(chunk.subarray(0, 64 * 1024 - this.seen)));
    this.seen += chunk.length;
    if (this.isUtf8) {
      const data = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
      const cut = completeUtf8Length(data);
      this.isUtf8 = isUtf8(data.subarray(0, cut));
      this.carry = Buffer.from(data.subarray(cut));
    }
    if (!this.hasQuote && chunk.indexOf(34) !== -1) this.hasQuote = true;
    if (!this.hasNul && chunk.indexOf(0) !== -1) this.hasNul = true;
    if (!this.hasInnerBlankLine && chunk.length) this.findBlankLines(chunk);
  }

  get head(): string {
    return Buffer.concat(this.headBytes).toString('utf8');
  }

  get startsWithBom(): boolean {
    return Buffer.concat(this.headBytes).subarray(0, 3).equals(BOM);
  }

  end(): void {
    if (this.carry.length) this.isUtf8 = false; // the text stops inside a character
  }

  private findBlankLines(chunk: Buffer): void {
    const contentFrom = (from: number) => {
      for (let i = from; i < chunk.length; i++) if (chunk[i] !== 10 && chunk[i] !== 13) return true;
      return false;
    };
    if (this.blankSeen) {
      if (contentFrom(0)) this.hasInnerBlankLine = true;
    } else {
      let after = -1; // just after the first blank line in this piece (one may straddle the join)
      if (this.lastEnd === 'newline' && chunk[0] === 10) after = 1;
      else if (this.lastEnd === 'newline' && chunk[0] === 13 && chunk[1] === 10) after = 2;
      else if (this.lastEnd === 'newline+cr' && chunk[0] === 10) after = 1;
      else {
        const lf = chunk.indexOf('\n\n');
        const crlf = chunk.indexOf('\n\r\n');
        if (lf !== -1 && (crlf === -1 || lf < crlf)) after = lf + 2;
        else if (crlf !== -1) after = crlf + 3;
      }
      if (after !== -1) {
        this.blankSeen = true;
        if (contentFrom(after)) this.hasInnerBlankLine = true;
      }
    }
    const last = chunk[chunk.length - 1];
    if (last === 10) this.lastEnd = 'newline';
    else if (last === 13 && (chunk.length > 1 ? chunk[chunk.length - 2] === 10 : this.lastEnd === 'newline')) this.lastEnd = 'newline+cr';
    else this.lastEnd = 'other';
  }
}

/** The length of `b` without an incomplete UTF-8 sequence at its end (at most 3 bytes). */
function completeUtf8Length(b: Buffer): number {
  for (let back = 1; back <= Math.min(3, b.length); back++) {
    const byte = b[b.length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: keep looking for the lead
    const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return need > back ? b.length - back : b.length;
  }
  return b.length;
}

/** How much of a text's non-ASCII is UTF-8: multibyte sequences that are valid, bytes that are not. */
export interface Utf8Evidence {
  valid: number;
  invalid: number;
}

/**
 * Counts, over a whole text that is not valid UTF-8, its valid multibyte sequences and its bytes that
 * belong to none (decode.ts decides the encoding on these). Run only on such files, which are read
 * whole to be transcoded anyway, so a clean UTF-8 file never pays for the byte loop.
 */
export function utf8Evidence(b: Buffer): Utf8Evidence {
  let valid = 0;
  let invalid = 0;
  for (let i = 0; i < b.length;) {
    if (b[i]! < 0x80) {
      i++;
      continue;
    }
    const len = sequenceLength(b, i);
    if (len) (valid++, (i += len));
    else (invalid++, i++);
  }
  return { valid, invalid };
}

/** The length of the valid UTF-8 sequence starting at `i` (RFC 3629: no overlongs, no surrogates), else 0. */
function sequenceLength(b: Buffer, i: number): number {
  const c = b[i]!;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < b.length && b[i + k]! >= lo && b[i + k]! <= hi;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) return cont(1, c === 0xe0 ? 0xa0 : 0x80, c === 0xed ? 0x9f : 0xbf) && cont(2) ? 3 : 0;
  if (c >= 0xf0 && c <= 0xf4) return cont(1, c === 0xf0 ? 0x90 : 0x80, c === 0xf4 ? 0x8f : 0xbf) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

/**
 * Windows-1252 only on evidence: bytes that are not UTF-8, and (almost) no valid multibyte sequence
 * beside them — at most one for every twenty invalid bytes, as real Windows-1252 text forms one only
 * by chance ("Ã©"). A file with a BOM declared itself UTF-8. Anything else is UTF-8 with some damaged
 * bytes: decoding it whole as Windows-1252 would turn every good "é" into "Ã©".
 */
export const isWindows1252 = (e: Utf8Evidence, hasBom: boolean): boolean => !hasBom && e.invalid > 0 && e.valid * 20 <= e.invalid;
