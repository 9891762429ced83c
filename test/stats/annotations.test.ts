// Annotations: the committed file must validate, bad files must say where they are wrong, and
// metric patterns must pick the right events.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataDir } from '../../pipeline/config.ts';
import { annotationsFor, formatAnnotationDate, loadAnnotations, matchesMetric } from '../../pipeline/stats/annotations.ts';

const committed = join(dataDir, 'annotations.json');

function writeTemp(content: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'psm-annotations-')), 'annotations.json');
  writeFileSync(file, content);
  return file;
}

describe('loadAnnotations', () => {
  it('loads the committed file, oldest first', () => {
    const list = loadAnnotations(committed);
    expect(list.map((a) => a.date)).toEqual(['2022-11-01', '2022-12-01', '2023-01-01', '2023-01-09', '2023-02-27']);
  });

  it('names the file, the entry index and the field when an entry is wrong', () => {
    const file = writeTemp(
      JSON.stringify([
        { date: '2023-01-09', label: 'fine', metrics: ['rasso_*'] },
        { date: '2023-02-30', label: 'No such day', metrics: ['calls101_*'] },
      ]),
    );
    expect(() => loadAnnotations(file)).toThrow(
      `${file}: annotation at index 1 ("No such day") is invalid: date: is not a real calendar date`,
    );
  });

  it('rejects a malformed metric pattern and unknown fields', () => {
    const file = writeTemp(JSON.stringify([{ date: '2023-01-09', label: 'x', metrics: ['Calls 101'], colour: 'red' }]));
    expect(() => loadAnnotations(file)).toThrow(/index 0 \("x"\) is invalid: .*metrics\.0: must be a metric id/);
    expect(() => loadAnnotations(file)).toThrow(/colour/);
  });

  it('says when the file is not JSON or not a list', () => {
    expect(() => loadAnnotations(writeTemp('{ oops'))).toThrow(/cannot read annotations/);
    expect(() => loadAnnotations(writeTemp('{}'))).toThrow(/expected a JSON array/);
  });
});

describe('annotationsFor', () => {
  const list = loadAnnotations(committed);

  it('matches prefixes and exact ids', () => {
    expect(annotationsFor('calls101_calls', list).map((a) => a.label)).toEqual([
      '101 IVR in test',
      'IVR introduced for 101',
      'New contact-management operating model',
    ]);
    expect(annotationsFor('calls999_answered_10s_pct', list).map((a) => a.date)).toEqual(['2023-02-27']);
    expect(annotationsFor('rasso_positive_outcome_rate_pct', list).map((a) => a.date)).toEqual(['2023-01-09']);
    expect(annotationsFor('vawg_rape', list)).toEqual([]);
  });

  it('filters by date range', () => {
    expect(annotationsFor('calls101_calls', list, { from: '2022-12-01', to: '2023-01-31' }).map((a) => a.label)).toEqual([
      'IVR introduced for 101',
    ]);
  });

  it('matches patterns only at the prefix boundary given', () => {
    expect(matchesMetric('calls101_*', 'calls101_calls')).toBe(true);
    expect(matchesMetric('calls101_*', 'calls999_calls')).toBe(false);
    expect(matchesMetric('spo_active', 'spo_active_x')).toBe(false);
    expect(matchesMetric('*', 'anything')).toBe(true);
  });

  it('formats dates to the precision the source gives', () => {
    expect(formatAnnotationDate({ date: '2022-12-01', precision: 'month' })).toBe('Dec 2022');
    expect(formatAnnotationDate({ date: '2023-01-09', precision: 'day' })).toBe('9 Jan 2023');
  });
});
