// Line numbers are worked out from the bytes DuckDB reads; these cases are counted by hand.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeFile, recordStartLines } from '../../pipeline/ingest/decode.ts';
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
    const path = join(tempWorkspace().root, 'x.csv.gz');
    writeFileSync(path, gzipSync(Buffer.from('a,b\n1,"q\nr"\n\n2,z\n3,w\n')));
    const file = await decodeFile(path);
    try {
      expect(file.isGzip).toBe(true);
      expect(file.readPath).not.toBe(path); // DuckDB reads an inflated copy
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
  });
});
