// Live figures in the analyst's prose. A number in commentary or an answer is written as a
// reference and filled in from the warehouse when the pack is built, so no figure in a paper is
// ever typed by hand and a re-run on amended data cannot leave a stale number behind.
//
//   {{ dvpn_applications cy 2021 }}                    → 160
//   {{ dvpn_granted_pct cy 2021 | pct0 }}              → 96%
//   {{ dvpn_granted_pct.numerator cy 2021 }}           → 154   (the count behind a rate)
//   {{ vawg_rape r12 2023-07 DC }}                    → one area instead of the force
//   {{ change vawg_rape r12 2023-07 vs 2021-07 | updown1 }} → up 19.0%
//
// Grammar: `{{` [change] metric[.numerator|.denominator] grain period [vs period] [area] [| format] `}}`.

import {
  decimalsFor,
  formatNumber,
  formatValue,
  grainLabels,
  grains,
  roundTo,
  type DecimalsOptions,
  type Grain,
} from '../../dashboards/shared/format.ts';
import { periodPattern } from '../metrics/periods.ts';

/** Whether `period` is a well-formed period id of `grain` (fy must be consecutive years). */
export function validPeriod(grain: Grain, period: string): boolean {
  if (!periodPattern[grain].test(period)) return false;
  if (grain !== 'fy') return true;
  const [a, b] = period.split('/') as [string, string];
  return (Number(a) + 1) % 100 === Number(b);
}

export const formats = [
  'int',
  'dp1',
  'dp2',
  'pct0',
  'pct1',
  'pct2',
  'secs',
  'secs1',
  'mmss',
  'days',
  'updown0',
  'updown1',
  'updown2',
] as const;
export type Format = (typeof formats)[number];

export interface FigureRef {
  file: string;
  line: number;
  column: number;
  /** The reference as written, braces included, for messages. */
  raw: string;
  kind: 'value' | 'change';
  metric: string;
  part: 'value' | 'numerator' | 'denominator';
  grain: Grain;
  period: string;
  /** The earlier period a change is measured from. */
  base?: string;
  area: string;
  format?: Format;
}

export class FigureRefError extends Error {
  override name = 'FigureRefError';
  constructor(
    readonly file: string,
    readonly line: number,
    message: string,
  ) {
    super(`${file}:${line}: ${message}`);
  }
}

const refPattern = /\{\{([^{}]*)\}\}/g;

function parseOne(body: string, raw: string, file: string, line: number, column: number): FigureRef {
  const fail = (why: string) => new FigureRefError(file, line, `${why} in ${raw}`);
  const [spec, fmt, ...extra] = body.split('|').map((s) => s.trim());
  if (extra.length) throw fail('more than one "|"');
  const words = (spec ?? '').split(/\s+/).filter(Boolean);
  const kind = words[0] === 'change' ? 'change' : 'value';
  if (kind === 'change') words.shift();
  const [metricPart, grainWord, period, ...rest] = words;
  if (!metricPart || !grainWord || !period) throw fail('expected "metric grain period", e.g. {{ dvpn_applications cy 2021 }}');
  const [metric, part = 'value', ...dots] = metricPart.split('.');
  if (!metric || !/^[a-z][a-z0-9_]*$/.test(metric) || dots.length) throw fail(`"${metricPart}" is not a metric id`);
  if (part !== 'value' && part !== 'numerator' && part !== 'denominator') throw fail(`".${part}" is not .numerator or .denominator`);
  if (!(grains as readonly string[]).includes(grainWord)) throw fail(`unknown grain "${grainWord}" (one of ${grains.join(', ')})`);
  const grain = grainWord as Grain;
  const checkPeriod = (p: string) => {
    if (!validPeriod(grain, p)) throw fail(`unknown ${grain} period "${p}" (written like ${grainLabels[grain].example})`);
  };
  checkPeriod(period);
  let base: string | undefined;
  if (kind === 'change') {
    if (rest[0] !== 'vs' || !rest[1]) throw fail('a change needs "vs <earlier period>"');
    base = rest[1];
    checkPeriod(base);
    rest.splice(0, 2);
    if (part !== 'value') throw fail('a change compares values, not numerators or denominators');
  }
  const area = rest.shift() ?? 'force';
  if (rest.length) throw fail(`unexpected "${rest.join(' ')}"`);
  if (area !== 'force' && !/^[A-Z]{2,4}$/.test(area)) throw fail(`"${area}" is not an area code or "force"`);
  if (fmt !== undefined && !(formats as readonly string[]).includes(fmt))
    throw fail(`unknown format "${fmt}" (one of ${formats.join(', ')})`);
  const format = fmt as Format | undefined;
  if (format?.startsWith('updown') && kind !== 'change') throw fail(`format ${format} is for changes only`);
  return { file, line, column, raw, kind, metric, part, grain, period, base, area, format };
}

/** Every figure reference in a Markdown text, with its line and column. Throws on a malformed one. */
export function parseFigureRefs(text: string, file: string): FigureRef[] {
  const refs: FigureRef[] = [];
  text.split('\n').forEach((lineText, i) => {
    for (const m of lineText.matchAll(refPattern)) refs.push(parseOne(m[1]!, m[0], file, i + 1, m.index! + 1));
    // A "{{" left open on a line is almost always a typo that would otherwise print literally.
    const stripped = lineText.replace(refPattern, '');
    if (stripped.includes('{{') || stripped.includes('}}'))
      throw new FigureRefError(file, i + 1, 'unbalanced "{{" or "}}" (a figure reference must sit on one line)');
  });
  return refs;
}

/** A computed value as the prose needs it (a subset of MetricValue). */
export interface FigureValue {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  suppressed: boolean;
}

/**
 * How a metric's unit is printed when the reference names no format: at the unit's decimals
 * (dashboards/shared/format.ts), times in whole seconds unless `wholeSeconds` is false.
 */
export function defaultFormat(unit: string, options: DecimalsOptions = { wholeSeconds: true }): Format {
  const dp = decimalsFor(unit, options);
  if (unit === 'count') return 'int';
  if (unit === 'pct') return (['pct0', 'pct1', 'pct2'] as const)[dp] ?? 'pct2';
  if (unit === 'seconds') return dp === 0 ? 'secs' : 'secs1';
  if (unit === 'days') return 'days';
  return 'dp2';
}

/** One figure in a format word; shared with the pack's tables so prose and tables agree to the digit. */
export function formatFigure(v: number, format: Format): string {
  const long = { words: 'long' } as const;
  switch (format) {
    case 'int':
      return formatNumber(v, 0);
    case 'dp1':
      return formatNumber(v, 1);
    case 'dp2':
      return formatNumber(v, 2);
    case 'pct0':
      return formatValue(v, 'pct', { decimals: 0 });
    case 'pct1':
      return formatValue(v, 'pct', { decimals: 1 });
    case 'pct2':
      return formatValue(v, 'pct', { decimals: 2 });
    case 'secs':
      return formatValue(v, 'seconds', { ...long, decimals: 0 });
    case 'secs1':
      return formatValue(v, 'seconds', { ...long, decimals: 1 });
    case 'days':
      return formatValue(v, 'days', { ...long, decimals: 0 });
    case 'mmss': {
      const s = Math.round(v);
      return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
    }
    default:
      return formatNumber(v, 1);
  }
}

/**
 * A change from `base` to `current`. Percent metrics change in percentage points (a rate going
 * from 7.2% to 9.6% is "up 2.4 pp", not "up 33%"); everything else in percent of the earlier value.
 */
export function formatChange(current: number, base: number, unit: string, format: Format = 'pct1'): string {
  const points = unit === 'pct';
  if (!points && base === 0) return 'n/a (no earlier figure to compare with)';
  const delta = points ? current - base : ((current - base) / base) * 100;
  const dp = Number(format.at(-1)) || (format === 'pct0' || format === 'updown0' ? 0 : 1);
  const size = `${formatNumber(Math.abs(delta), dp)}${points ? ' pp' : '%'}`;
  const rounded = roundTo(Math.abs(delta), dp);
  if (format.startsWith('updown')) return rounded === 0 ? 'unchanged' : `${delta > 0 ? 'up' : 'down'} ${size}`;
  return rounded === 0 ? `0${points ? ' pp' : '%'}` : `${delta > 0 ? '+' : '−'}${size}`;
}

/** The key a computed value is stored under: one per metric, grain, period and area. */
export const valueKey = (metric: string, grain: string, period: string, area: string): string => `${metric}|${grain}|${period}|${area}`;

export interface ResolveContext {
  /** The catalogue as the prose needs it: each metric's unit and whether it has area figures. */
  metrics: Map<string, { unit: string; areas: 'force_and_areas' | 'force_only' }>;
  areas: Set<string>;
  values: Map<string, FigureValue>;
}

/** Checks a reference against the catalogue and areas before anything is computed. */
export function checkRef(ref: FigureRef, ctx: Pick<ResolveContext, 'metrics' | 'areas'>): void {
  const metric = ctx.metrics.get(ref.metric);
  if (!metric) throw new FigureRefError(ref.file, ref.line, `unknown metric "${ref.metric}" in ${ref.raw}`);
  if (ref.area === 'force') return;
  if (!ctx.areas.has(ref.area)) {
    throw new FigureRefError(
      ref.file,
      ref.line,
      `unknown area "${ref.area}" in ${ref.raw} (areas: force, ${[...ctx.areas].sort().join(', ')})`,
    );
  }
  if (metric.areas === 'force_only')
    throw new FigureRefError(ref.file, ref.line, `${ref.metric} is counted for the force only, not by area (${ref.raw})`);
}

function lookup(ref: FigureRef, period: string, ctx: ResolveContext): FigureValue {
  const v = ctx.values.get(valueKey(ref.metric, ref.grain, period, ref.area));
  if (!v || (v.value === null && !v.suppressed)) {
    throw new FigureRefError(
      ref.file,
      ref.line,
      `no value for ${ref.metric} in ${ref.grain} ${period}${ref.area === 'force' ? '' : ` for ${ref.area}`} (${ref.raw}): the period is outside the data or has nothing to count`,
    );
  }
  return v;
}

/** A pack goes to the panel and the public: prose may not name a figure the rules hide (a "[c]"
 * in a sentence reads as a typo, and the sentence around it often gives the figure away). */
function published(ref: FigureRef, v: FigureValue, period: string): FigureValue {
  if (!v.suppressed) return v;
  throw new FigureRefError(
    ref.file,
    ref.line,
    `${ref.raw} names a figure the disclosure rules hide (${ref.metric}, ${ref.grain} ${period}${ref.area === 'force' ? '' : ` for ${ref.area}`}): small numbers below force level are not published; name the force figure or a twelve-month window instead`,
  );
}

/** The text a reference prints as; a figure the disclosure rules hide fails the pack here. */
export function resolveRef(ref: FigureRef, ctx: ResolveContext): string {
  checkRef(ref, ctx);
  const unit = ctx.metrics.get(ref.metric)!.unit;
  const v = published(ref, lookup(ref, ref.period, ctx), ref.period);
  if (ref.kind === 'change') {
    const b = published(ref, lookup(ref, ref.base!, ctx), ref.base!);
    if (v.value === null || b.value === null) return '–';
    return formatChange(v.value, b.value, unit, ref.format);
  }
  const n = ref.part === 'value' ? v.value : v[ref.part];
  if (n === null) throw new FigureRefError(ref.file, ref.line, `${ref.metric} has no ${ref.part} (${ref.raw})`);
  return formatFigure(n, ref.format ?? (ref.part === 'value' ? defaultFormat(unit) : 'int'));
}

/** Replaces every reference in `text`; `wrap` lets the caller mark figures (e.g. a span in HTML). */
export function fillFigures(
  text: string,
  file: string,
  ctx: ResolveContext,
  wrap: (shown: string, ref: FigureRef) => string = (s) => s,
): string {
  const refs = parseFigureRefs(text, file);
  let i = 0;
  return text.replace(refPattern, () => {
    const ref = refs[i++]!;
    return wrap(resolveRef(ref, ctx), ref);
  });
}
