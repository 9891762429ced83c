// The demo generator at a small scale (fast): byte-identical output for a seed, and the promised
// mess really is in the files — Windows-1252 bytes, a BOM, CRLF, gzip, blank trailing lines,
// multi-line quoted descriptions, an amended re-send, and every kind of bad row.
import { createHash } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALLS_HEADER } from '../../pipeline/demo/calls-common.ts';
import { generateDemo, type DemoResult } from '../../pipeline/demo/index.ts';
import { parseCsvLine } from '../../pipeline/ingest/decode.ts';

const SCALE = 0.02;
const dirs: string[] = [];
const run = (seed: number) => {
  const dir = mkdtempSync(join(tmpdir(), 'psm-demo-'));
  dirs.push(dir);
  return generateDemo(dir, { seed, scale: SCALE }).then((r) => ({ dir, r }));
};
const digests = (r: DemoResult) =>
  Object.fromEntries(r.files.map((f) => [basename(f.path), createHash('sha256').update(readFileSync(f.path)).digest('hex')]));

describe('demo generator', () => {
  let a: { dir: string; r: DemoResult };
  let b: { dir: string; r: DemoResult };
  const bytes = (name: string) => readFileSync(join(a.dir, name));

  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  beforeAll(async () => {
    a = await run(7);
    b = await run(7);
  });

  it('writes the same bytes for the same seed, and different bytes for another seed', async () => {
    expect(digests(b.r)).toEqual(digests(a.r));
    const c = await run(8);
    const other = digests(c.r);
    expect(Object.keys(other)).toEqual(Object.keys(digests(a.r)));
    expect(other['crimes_2019-20.csv']).not.toBe(digests(a.r)['crimes_2019-20.csv']);
  });

  it('writes all six extracts, by the file names ingest recognises', () => {
    const names = a.r.files.map((f) => basename(f.path));
    expect(new Set(a.r.files.map((f) => f.extract))).toEqual(new Set(['crimes', 'outcomes', 'orders', 'breaches', 'calls', 'dvds']));
    for (const f of a.r.files) expect(basename(f.path).startsWith(f.extract + '_'), f.path).toBe(true);
    expect(names).toContain('crimes_2022-23_amended.csv');
    expect(names.filter((n) => n.startsWith('calls_999_'))).toHaveLength(5);
    expect(names.filter((n) => n.startsWith('calls_101_'))).toHaveLength(5);
  });

  it('has one Windows-1252 file: bytes 0x80–0x9F (€, curly quotes, en dash), not valid UTF-8', () => {
    const raw = bytes('crimes_2020-21.csv');
    expect(isUtf8(raw)).toBe(false);
    expect(raw.some((x) => x >= 0x80 && x <= 0x9f)).toBe(true);
    expect(raw.includes(0x96)).toBe(true); // en dash in "Burglary – residential"
    for (const f of a.r.files.filter((x) => basename(x.path) !== 'crimes_2020-21.csv')) {
      const body = f.path.endsWith('.gz') ? gunzipSync(readFileSync(f.path)) : readFileSync(f.path);
      expect(isUtf8(body), f.path).toBe(true);
    }
  });

  it('has BOMs, CRLF line ends, gzip, and blank lines after the last row', () => {
    expect([...bytes('crimes_2019-20.csv').subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes('crimes_2019-20.csv').toString('utf8')).toContain('\r\n');
    expect(bytes('orders_all.csv').toString('utf8').split('\n')[0].endsWith('\r')).toBe(true);
    expect(bytes('crimes_2022-23.csv').toString('utf8').endsWith('\n\n\n')).toBe(true);
    const gz = bytes('calls_101_2022-23.csv.gz');
    expect([gz[0], gz[1]]).toEqual([0x1f, 0x8b]);
    expect(gunzipSync(gz).toString('utf8').split('\n')[0].trimEnd()).toBe(CALLS_HEADER);
  });

  it('quotes descriptions holding commas and line breaks', () => {
    const text = ['crimes_2019-20.csv', 'crimes_2022-23.csv', 'crimes_2023-24.csv'].map((n) => bytes(n).toString('utf8')).join('');
    expect(text).toMatch(/,"[^",]*, [^"]*",/); // a quoted field with a comma
    expect(text).toMatch(/"[^"]*,\n[^"]*"/); // a quoted field with a line break
  });

  it('re-sends some 2022/23 crimes corrected, each one first sent in crimes_2022-23.csv', () => {
    const original = bytes('crimes_2022-23.csv').toString('utf8');
    const amended = bytes('crimes_2022-23_amended.csv')
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
      .slice(1);
    expect(amended.length).toBe(a.r.amended);
    expect(a.r.amended).toBeGreaterThan(0);
    // Compare what the correction can change: offence code, area, domestic-abuse flag, victim sex.
    const facts = (fields: string[]) => [fields[3], fields[5], ['Y', '1'].includes(fields[6]), fields[7]].join('|');
    let compared = 0;
    for (const line of amended) {
      const ref = line.split(',')[0];
      const at = original.indexOf(`\n${ref},`);
      expect(at, ref).toBeGreaterThan(0);
      const sent = parseCsvLine(original.slice(at + 1, original.indexOf('\n', at + 1)));
      const fixed = parseCsvLine(line);
      if (sent.length !== 9 || fixed.length !== 9) continue; // a description with a line break
      expect(facts(fixed), ref).not.toBe(facts(sent));
      compared++;
    }
    expect(compared).toBeGreaterThan(0);
  });

  it('writes at least one bad row of every kind in every extract, and a repeated key in each', () => {
    const kinds: Record<string, string[]> = {
      crimes: [
        'empty_area',
        'empty_ref',
        'not_a_date',
        'impossible_date',
        'unknown_sex',
        'unknown_age_band',
        'not_a_flag',
        'future',
        'offence_after_recorded',
        'duplicate',
      ],
      outcomes: ['empty_code', 'not_a_date', 'impossible_date', 'unknown_code', 'future', 'unknown_crime', 'duplicate'],
      orders: [
        'empty_type',
        'impossible_date',
        'unknown_decision',
        'unknown_type',
        'future',
        'decided_before_applied',
        'expiry_before_decision',
        'granted_without_date',
        'duplicate',
      ],
      breaches: ['empty_order', 'impossible_date', 'unknown_action', 'future', 'unknown_order', 'duplicate'],
      calls: [
        'empty_offered',
        'not_a_timestamp',
        'impossible_date',
        'unknown_queue',
        'future',
        'answered_before_offered',
        'abandoned_before_offered',
        'answered_and_abandoned',
        'queue_not_on_line',
        'duplicate',
      ],
      dvds: [
        'empty_route',
        'unknown_route',
        'impossible_date',
        'future',
        'decided_before_received',
        'disclosed_before_received',
        'duplicate',
      ],
    };
    for (const [extract, list] of Object.entries(kinds)) {
      expect(Object.keys(a.r.mess[extract]).sort(), extract).toEqual([...list].sort());
    }
  });
});
