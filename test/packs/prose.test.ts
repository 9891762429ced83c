// Live figures in prose: the parser (syntax, positions, every kind of mistake an analyst can make)
// and the resolver (formatting, suppression, changes in % and in points), with values worked out
// by hand. The end-to-end resolution against a real warehouse is in pack-data.test.ts.
import { describe, expect, it } from 'vitest';
import {
  fillFigures,
  formatChange,
  formatFigure,
  parseFigureRefs,
  resolveRef,
  valueKey,
  FigureRefError,
  type FigureValue,
  type ResolveContext,
} from '../../pipeline/packs/prose.ts';

const v = (value: number | null, numerator: number | null = null, denominator: number | null = null, suppressed = false): FigureValue => ({
  value,
  numerator,
  denominator,
  suppressed,
});

const ctx: ResolveContext = {
  metrics: new Map([
    ['dvpn_applications', { unit: 'count', areas: 'force_and_areas' }],
    ['dvpn_granted_pct', { unit: 'pct', areas: 'force_and_areas' }],
    ['calls999_mean_ring_s', { unit: 'seconds', areas: 'force_only' }],
    ['vawg_rape', { unit: 'count', areas: 'force_and_areas' }],
    ['rasso_positive_outcome_rate_pct', { unit: 'pct', areas: 'force_and_areas' }],
  ] as const),
  areas: new Set(['DC', 'CH']),
  values: new Map([
    [valueKey('dvpn_applications', 'cy', '2021', 'force'), v(160, 160, null)],
    [valueKey('dvpn_granted_pct', 'cy', '2021', 'force'), v((154 / 160) * 100, 154, 160)],
    [valueKey('dvpn_applications', 'cy', '2021', 'DC'), v(3, 3, null, true)],
    [valueKey('calls999_mean_ring_s', 'fy', '2022/23', 'force'), v(7.2)],
    [valueKey('vawg_rape', 'r12', '2023-07', 'force'), v(1234)],
    [valueKey('vawg_rape', 'r12', '2021-07', 'force'), v(1037)],
    [valueKey('rasso_positive_outcome_rate_pct', 'r12', '2023-06', 'force'), v(9.6, 96, 1000)],
    [valueKey('rasso_positive_outcome_rate_pct', 'r12', '2022-06', 'force'), v(7.2, 72, 1000)],
  ]),
};

describe('parseFigureRefs', () => {
  it('reads metric, grain, period, area, part and format, with line and column', () => {
    const text =
      'Intro line.\nWe applied for {{ dvpn_applications cy 2021 }} orders; {{dvpn_granted_pct.numerator cy 2021 DC|int}} granted.';
    const refs = parseFigureRefs(text, 'reports/m/sections/a.md');
    expect(refs).toHaveLength(2);
    expect(refs[0]).toMatchObject({
      line: 2,
      column: 16,
      kind: 'value',
      metric: 'dvpn_applications',
      part: 'value',
      grain: 'cy',
      period: '2021',
      area: 'force',
    });
    expect(refs[1]).toMatchObject({ line: 2, metric: 'dvpn_granted_pct', part: 'numerator', area: 'DC', format: 'int' });
  });

  it('reads a change between two periods', () => {
    const [ref] = parseFigureRefs('{{ change vawg_rape r12 2023-07 vs 2021-07 | updown1 }}', 'f.md');
    expect(ref).toMatchObject({ kind: 'change', metric: 'vawg_rape', period: '2023-07', base: '2021-07', format: 'updown1' });
  });

  const bad: [string, RegExp][] = [
    ['{{ dvpn_applications weekly 2021 }}', /f\.md:3: unknown grain "weekly"/],
    ['{{ dvpn_applications month 2021-13 }}', /f\.md:3: unknown month period "2021-13" \(written like 2023-07\)/],
    ['{{ dvpn_applications fy 2021/23 }}', /unknown fy period "2021\/23"/],
    ['{{ dvpn_applications cy }}', /expected "metric grain period"/],
    ['{{ dvpn_applications cy 2021 | pct7 }}', /unknown format "pct7"/],
    ['{{ dvpn_applications.total cy 2021 }}', /"\.total" is not \.numerator or \.denominator/],
    ['{{ change vawg_rape r12 2023-07 }}', /a change needs "vs <earlier period>"/],
    ['{{ dvpn_applications cy 2021 | updown1 }}', /format updown1 is for changes only/],
    ['{{ dvpn_applications cy 2021 DC extra }}', /unexpected "extra"/],
    ['{{ dvpn_applications cy 2021 Derby }}', /"Derby" is not an area code/],
    ['an open {{ dvpn_applications cy 2021', /f\.md:3: unbalanced "\{\{"/],
  ];
  it.each(bad)('rejects %s naming the file and line', (line, message) => {
    expect(() => parseFigureRefs(`one\ntwo\n${line}\nfour`, 'f.md')).toThrow(message);
  });
});

describe('formatting', () => {
  it('prints numbers the way the papers do', () => {
    expect(formatFigure(14346, 'int')).toBe('14,346');
    expect(formatFigure(96.25, 'pct0')).toBe('96%');
    expect(formatFigure(16.875, 'pct0')).toBe('17%');
    expect(formatFigure(0.564, 'pct2')).toBe('0.56%');
    expect(formatFigure(328, 'mmss')).toBe('5:28');
    expect(formatFigure(6.5432, 'dp2')).toBe('6.54');
    expect(formatFigure(7.2, 'secs')).toBe('7 seconds');
  });

  it('gives changes of counts in percent and of rates in points', () => {
    expect(formatChange(4766, 4601, 'count', 'pct2')).toBe('+3.59%'); // 165 / 4601 = 3.586%
    expect(formatChange(3893, 4070, 'count', 'pct2')).toBe('−4.35%'); // −177 / 4070 = −4.349%
    expect(formatChange(1234, 1037, 'count', 'updown1')).toBe('up 19.0%'); // 197 / 1037 = 18.997%
    expect(formatChange(9.6, 7.2, 'pct', 'updown1')).toBe('up 2.4 pp');
    expect(formatChange(10, 10, 'count', 'updown1')).toBe('unchanged');
    expect(formatChange(5, 0, 'count')).toMatch(/^n\/a/);
  });
});

describe('resolveRef', () => {
  const one = (text: string) => resolveRef(parseFigureRefs(text, 'reports/m/questions.md')[0]!, ctx);

  it('fills values, numerators and changes', () => {
    expect(one('{{ dvpn_applications cy 2021 }}')).toBe('160');
    expect(one('{{ dvpn_granted_pct cy 2021 }}')).toBe('96.3%'); // default for pct: one place
    expect(one('{{ dvpn_granted_pct cy 2021 | pct0 }}')).toBe('96%');
    expect(one('{{ dvpn_granted_pct.numerator cy 2021 }}')).toBe('154');
    expect(one('{{ calls999_mean_ring_s fy 2022/23 }}')).toBe('7 seconds');
    expect(one('{{ change rasso_positive_outcome_rate_pct r12 2023-06 vs 2022-06 | updown1 }}')).toBe('up 2.4 pp');
  });

  it('fails the pack, with the file and line, on a figure the disclosure rules hide', () => {
    expect(() => one('{{ dvpn_applications cy 2021 DC }}')).toThrow(
      /^reports\/m\/questions\.md:1: .*names a figure the disclosure rules hide \(dvpn_applications, cy 2021 for DC\)/,
    );
    expect(() => one('{{ dvpn_applications cy 2021 DC }}')).toThrow(FigureRefError);
  });

  it('fails on an unknown metric, area or period with the file and line', () => {
    expect(() => one('{{ dvpn_applicationz cy 2021 }}')).toThrow(/^reports\/m\/questions\.md:1: unknown metric "dvpn_applicationz"/);
    expect(() => one('{{ dvpn_applications cy 2021 ZZ }}')).toThrow(/unknown area "ZZ".*areas: force, CH, DC/);
    expect(() => one('{{ calls999_mean_ring_s fy 2022/23 DC }}')).toThrow(/counted for the force only/);
    expect(() => one('{{ dvpn_applications cy 2031 }}')).toThrow(/no value for dvpn_applications in cy 2031/);
    expect(() => one('{{ dvpn_applications cy 2031 }}')).toThrow(FigureRefError);
  });

  it('replaces every reference in a text and keeps the rest as written', () => {
    const text =
      'Applied: {{ dvpn_applications cy 2021 }}.\nGranted: {{ dvpn_granted_pct.numerator cy 2021 }} ({{ dvpn_granted_pct cy 2021 | pct0 }}).';
    expect(fillFigures(text, 'q.md', ctx)).toBe('Applied: 160.\nGranted: 154 (96%).');
    expect(fillFigures('{{ vawg_rape r12 2023-07 }}', 'q.md', ctx, (s, r) => `<${r.metric}:${s}>`)).toBe('<vawg_rape:1,234>');
  });
});
