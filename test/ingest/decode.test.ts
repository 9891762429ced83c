// Line numbers are worked out from the bytes DuckDB reads; these cases are counted by hand.
import { isUtf8 } from 'node:buffer';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeFile, recordStartLines } from '../../pipeline/ingest/decode.ts';
import { TextScan } from '../../pipeline/ingest/text-scan.ts';
import { tempWorkspace } from '../helpers.ts';

describe('recordStartLines', () => {
  it('skips blank lines and counts line breaks inside quotes', () => {
    const text = 'h1,h2\r\n1,"a\r\nb"\r\n\r\n2,"x"\n"3","multi\n\nline"\n4,y\n\n';
    // header on 1; record 1 on 2 (spans 2-3); blank 4; record 2 on 5; record 3 on 6 (spans 6-8); record 4 on 9
    expect(Array.from(recordStartLines(Buffer.from(text)))).toEqual([1, 2, 5, 6, 9]);
  });

  it('ignores a byte-order mark and handles a file without a final newline', () => {
    expect(Array.from(recordStartLines(Buffer.from('\uFEFFa,b\n1,2\n3,4')))).toEqual([1, 2, 3]);
  });

  it('takes an unclosed quote to the end of the file', () => {
    expect(Array.from(recordStartLines(Buffer.from('a,b\n1,"open\n2,3\n')))).toEqual([1, 2]);
  });
});

describe('decodeFile', () => {
  it('maps byte offsets and ordinals of a gzipped file to physical lines', async () => {
    const root = tempWorkspace().root;
    const path = join(root, 'x.csv.gz');
    writeFileSync(path, gzipSync(Buffer.from('a,b\n1,"q\nr"\n\n2,z\n3,w\n')));
    const file = await decodeFile(path, undefined, root);
    try {
      expect(file.isGzip).toBe(true);
      // Inflated once, to a private plain copy in the folder given (DuckDB reads it in parallel)
      expect(dirname(file.readPath)).toBe(root);
      expect(readFileSync(file.readPath, 'utf8')).toBe('a,b\n1,"q\nr"\n\n2,z\n3,w\n');
      expect(statSync(file.readPath).mode & 0o077).toBe(0);
      expect(file.header).toEqual(['a', 'b']);
      const lineOf = file.lineOf([]);
      expect([0, 1, 2].map(lineOf)).toEqual([2, 5, 6]);
      const text = '1,"q\nr"\n\n2,z\n3,w\n';
      const offset = 'a,b\n'.length + text.indexOf('3,w');
      expect(file.lineAtByte(offset)).toBe(6);
      expect(file.lineAtByte(offset - 1)).toBe(6); // DuckDB may point at the newline before the row
    } finally {
      file.dispose();
    }
    expect(existsSync(file.readPath)).toBe(false);
  });
});

describe('TextScan (what one streamed pass learns)', () => {
  // Whole-text answers, worked out independently of the piecewise scan.
  const innerBlankLine = (b: Buffer) => {
    const body = b.toString('latin1').replace(/[\r\n]+$/, '');
    return /\n\r?\n/.test(body);
  };
  const scanInPieces = (b: Buffer, cuts: number[]) => {
    const scan = new TextScan();
    let from = 0;
    for (const cut of [...cuts, b.length]) {
      scan.push(b.subarray(from, cut));
      from = cut;
    }
    scan.end();
    return scan;
  };

  it('finds the same answers however the text is cut into pieces', () => {
    const texts = [
      'a,b\n1,2\n\n3,4\n',
      'a,b\r\n1,2\r\n\r\n3,4\r\n',
      'a,b\n1,2\n\n\n',
      'a,b\r\n1,2\r\n\r\n',
      'a,b\n1,"x"\n',
      'a,b\n1,é\n2,€\n',
      'a,b\n1,2\n\n',
      '\uFEFFa,b\n1,2',
      'a,b\n\r\n1,2',
    ].map((t) => Buffer.from(t));
    texts.push(Buffer.from([0x61, 0x2c, 0x62, 0x0a, 0x93, 0x71, 0x94, 0x0a])); // Windows-1252 curly quotes
    let seed = 7;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (const b of texts) {
      const whole = scanInPieces(b, []);
      expect(whole.hasInnerBlankLine, JSON.stringify(b.toString())).toBe(innerBlankLine(b));
      expect(whole.isUtf8).toBe(isUtf8(b));
      expect(whole.hasQuote).toBe(b.includes(34));
      for (let k = 0; k < 40; k++) {
        const cuts = [...new Set(Array.from({ length: 1 + rand(4) }, () => rand(b.length + 1)))].sort((x, y) => x - y);
        const pieces = scanInPieces(b, cuts);
        expect(
          [pieces.hasInnerBlankLine, pieces.isUtf8, pieces.hasQuote, pieces.startsWithBom],
          `${JSON.stringify(b.toString())} cut at ${cuts}`,
        ).toEqual([whole.hasInnerBlankLine, whole.isUtf8, whole.hasQuote, whole.startsWithBom]);
      }
    }
  });

  it('calls a text that stops inside a character not UTF-8', () => {
    expect(scanInPieces(Buffer.from('a,€').subarray(0, 4), []).isUtf8).toBe(false);
  });
});
