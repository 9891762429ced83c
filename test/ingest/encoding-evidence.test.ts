// Encodings decided on evidence, and damaged bytes quarantined at their line, through the real
// ingest into a real warehouse on disk. Fixtures: test/fixtures/ingest/values/ (written byte by byte;
// the header is line 1).
import { beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../../pipeline/ingest/index.ts';
import type { RunReport } from '../../pipeline/ingest/report.ts';
import { isWindows1252, utf8Evidence } from '../../pipeline/ingest/text-scan.ts';
import { query, tempWorkspace } from '../helpers.ts';

interface Quarantined {
  line: number;
  field: string;
  value: string | null;
  reason: string;
}
const quarantined = (warehouse: string, file: string) =>
  query<Quarantined>(warehouse, `SELECT line, field, value, reason FROM quarantine WHERE file = '${file}' ORDER BY line, field`);
const descriptions = (warehouse: string, prefix: string) =>
  query<{ crime_ref: string; offence_description: string }>(
    warehouse,
    `SELECT crime_ref, offence_description FROM crimes WHERE crime_ref LIKE '${prefix}%' ORDER BY crime_ref`,
  );

describe('utf8Evidence and the Windows-1252 decision', () => {
  const b = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));
  it('counts valid multibyte sequences and the bytes that belong to none', () => {
    expect(utf8Evidence(b('Café It', [0x92], 's'))).toEqual({ valid: 1, invalid: 1 });
    expect(utf8Evidence(b('plain'))).toEqual({ valid: 0, invalid: 0 });
    expect(utf8Evidence(b([0xc0, 0x80]))).toEqual({ valid: 0, invalid: 2 }); // an overlong NUL
    expect(utf8Evidence(b([0xed, 0xa0, 0x80]))).toEqual({ valid: 0, invalid: 3 }); // a UTF-16 surrogate
    expect(utf8Evidence(b('€', [0xe2, 0x82]))).toEqual({ valid: 1, invalid: 2 }); // text cut inside a character
  });
  it('takes Windows-1252 only with (almost) no UTF-8 beside the bad bytes, and never with a BOM', () => {
    expect(isWindows1252({ valid: 0, invalid: 1 }, false)).toBe(true);
    expect(isWindows1252({ valid: 1, invalid: 20 }, false)).toBe(true); // one accidental pair in twenty
    expect(isWindows1252({ valid: 1, invalid: 19 }, false)).toBe(false);
    expect(isWindows1252({ valid: 40, invalid: 1 }, false)).toBe(false);
    expect(isWindows1252({ valid: 0, invalid: 5 }, true)).toBe(false);
  });
});

describe('files with damaged bytes', () => {
  const files = [
    'crimes_utf8_stray_byte.csv',
    'crimes_bom_stray_byte.csv',
    'crimes_cp1252_many.csv',
    'crimes_ascii_one_cp1252_byte.csv',
    'crimes_nul.csv',
    'crimes_nul_gzipped.csv.gz',
  ];
  const paths = tempWorkspace(files.map((f) => `ingest/values/${f}`));
  let report: RunReport;
  const file = (name: string) => report.files.find((f) => f.file === name)!;
  beforeAll(async () => {
    report = await ingest(paths, [], { now: new Date('2024-01-15T12:00:00Z') });
  });

  it('accepts every file and accounts for every row', () => {
    expect(report.files.map((f) => [f.file, f.status])).toEqual([...files].sort().map((f) => [f, 'loaded']));
    for (const f of report.files) expect(f.loaded + f.quarantined, f.file).toBe(f.rows);
  });

  it('keeps a UTF-8 file with a stray 0x92 as UTF-8: its accents intact, the two damaged lines quarantined by field', async () => {
    expect(file('crimes_utf8_stray_byte.csv')).toMatchObject({ encoding: 'utf-8', rows: 5, loaded: 3, quarantined: 2 });
    expect(await descriptions(paths.warehouse, 'U')).toEqual([
      { crime_ref: 'U01', offence_description: 'Caf\u00e9 assault' },
      { crime_ref: 'U03', offence_description: 'Na\u00efve \u2013 \u201cquoted\u201d' },
      { crime_ref: 'U05', offence_description: 'Cr\u00e8me br\u00fbl\u00e9e' },
    ]);
    const rows = await quarantined(paths.warehouse, 'crimes_utf8_stray_byte.csv');
    expect(rows.map((r) => [r.line, r.field, r.value])).toEqual([
      [3, 'offence_description', 'It\uFFFDs a theft'],
      [5, 'crime_ref', 'U04\uFFFD'],
    ]);
    expect(rows[0]!.reason).toBe(
      'offence_description It\uFFFDs a theft holds bytes that are not UTF-8 (each shown as \uFFFD) in a file that is otherwise UTF-8: correct the character and send the row again',
    );
  });

  it('believes a byte-order mark: a file that declares UTF-8 stays UTF-8', async () => {
    expect(file('crimes_bom_stray_byte.csv')).toMatchObject({ encoding: 'utf-8-bom', rows: 2, loaded: 1, quarantined: 1 });
    const rows = await quarantined(paths.warehouse, 'crimes_bom_stray_byte.csv');
    expect(rows.map((r) => [r.line, r.field])).toEqual([[2, 'offence_description']]);
  });

  it('decodes a file that is clearly Windows-1252, and plain ASCII with one 0x92, as Windows-1252', async () => {
    expect(file('crimes_cp1252_many.csv')).toMatchObject({ encoding: 'windows-1252', rows: 4, loaded: 4, quarantined: 0 });
    expect((await descriptions(paths.warehouse, 'P')).map((r) => r.offence_description)).toEqual([
      'Caf\u00e9 assault \u2013 \u201coutside\u201d',
      'Theft of \u00a3200 and \u20ac50',
      'It\u2019s the na\u00efve fa\u00e7ade',
      'Cr\u00e8me br\u00fbl\u00e9e \u2018stolen\u2019',
    ]);
    expect(file('crimes_ascii_one_cp1252_byte.csv')).toMatchObject({ encoding: 'windows-1252', rows: 2, loaded: 2 });
    expect((await descriptions(paths.warehouse, 'Q'))[0]!.offence_description).toBe('It\u2019s a theft');
  });

  it('quarantines a NUL at its line (in a key, a quoted note, a code), plain or gzipped, never refusing the file', async () => {
    for (const name of ['crimes_nul.csv', 'crimes_nul_gzipped.csv.gz']) {
      expect(file(name), name).toMatchObject({ status: 'loaded', rows: 6, loaded: 3, quarantined: 3 });
      const rows = await quarantined(paths.warehouse, name);
      expect(
        rows.map((r) => [r.line, r.field]),
        name,
      ).toEqual([
        [3, 'crime_ref'],
        [5, 'offence_description'],
        [6, 'victim_sex'],
      ]);
      expect(rows[0]!.reason).toBe('crime_ref holds a NUL byte (0x00) at character 2, which no field may hold (a damaged export)');
      expect(rows[0]!.value).toBe('N\u000002');
    }
    // The same good rows from both copies: N01, N03, N06 (the later file's rows supersede the earlier's).
    expect((await descriptions(paths.warehouse, 'N')).map((r) => r.crime_ref)).toEqual(['N01', 'N03', 'N06']);
  });
});
