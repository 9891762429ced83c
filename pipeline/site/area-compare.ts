// Areas against the force for a rate metric (a percentage or a rate per 1,000), for the theme
// pages' "By area" table and funnel plot: each area's confidence interval and where it lies on the
// funnel around the force value (pipeline/stats/intervals.ts), over the twelve-month windows at
// which areas are published (AREA_GRAINS).
//
// Disclosure: everything comes from the rows computeMetrics returned, the same rows the
// disclosure pass judged — no count is queried again. An area whose figure the pass hides (its
// numerator or denominator is a hidden count, or its base is under 10) gets nothing here in the
// panel's build: no denominator, no interval, no band, so it is neither plotted nor described. A
// published rate's numerator and denominator are published counts (rule 3), so its interval and
// denominator add nothing a reader could not already know; bounds are rounded as the value is.
import { AREA_GRAINS } from '../disclosure/rules.ts';
import type { Metric } from '../metrics/catalogue.ts';
import type { MetricValue } from '../metrics/compute.ts';
import { decimalsFor, roundTo } from '../../dashboards/shared/format.ts';
import { FUNNEL_LEVELS, funnelBand, funnelFor, garwood, isRateUnit, rateInterval, zFor, type Band, type RateUnit } from '../stats/intervals.ts';
import { round, type Audience, type PeriodInfo } from './series.ts';

/** One letter per period: H/h above the 99.8%/95% limit, L/l below, '.' within, ' ' nothing to say. */
const letter: Record<Band, string> = { above998: 'H', above95: 'h', within: '.', below95: 'l', below998: 'L' };

export interface GrainCompare {
  /** The force value each period's funnel is centred on (unrounded: force figures are always public). */
  centre: (number | null)[];
  /** Each limit at denominator n is centre ± z·spread/√n (clipped to 0, and to 100 for a percentage). */
  spread: (number | null)[];
  /** area (the force too) → per period [denominator, interval low, interval high], or null. */
  ci: Record<string, ([number, number, number] | null)[]>;
  /** area → band letters aligned to the periods (the force has none). */
  band: Record<string, string>;
}

export interface AreaCompare {
  unit: RateUnit;
  method: 'wilson' | 'garwood';
  /** The interval's level and the funnel's two levels, with their z. */
  level: number;
  limits: { level: number; z: number }[];
  grains: Record<string, GrainCompare>;
}

type Lookup = (grain: string, area: string, period: string) => MetricValue | undefined;

function cellsOf(v: MetricValue | undefined, who: Audience): { n: number; x: number; value: number } | null {
  if (!v || v.value === null || v.numerator === null || !v.denominator) return null;
  if (who === 'panel' && v.suppressed) return null;
  return { n: v.denominator, x: v.numerator, value: v.value };
}

function grainCompare(m: Metric, unit: RateUnit, grain: string, periods: PeriodInfo[], areas: string[], at: Lookup, who: Audience): GrainCompare {
  const dp = decimalsFor(m.unit);
  const out = (x: number) => (who === 'panel' ? roundTo(x, dp) : round(x));
  const funnels = periods.map((p) => {
    const force = at(grain, 'force', p.id);
    return force && force.value !== null ? funnelFor(unit, force.value) : null;
  });
  const ci: GrainCompare['ci'] = {};
  const band: GrainCompare['band'] = {};
  for (const area of areas) {
    const cells = periods.map((p) => cellsOf(at(grain, area, p.id), who));
    ci[area] = cells.map((c) => {
      // Whole counts for a percentage; a per-1,000 numerator is a count too.
      const interval = c ? rateInterval(unit, Math.round(c.x), Math.round(c.n)) : null;
      return c && interval ? [c.n, out(interval[0]), out(interval[1])] : null;
    });
    if (area === 'force') continue;
    band[area] = cells.map((c, i) => (c && funnels[i] ? letter[funnelBand(funnels[i], c.value, c.n)] : ' ')).join('');
  }
  return {
    centre: funnels.map((f) => (f ? round(f.centre) : null)),
    spread: funnels.map((f) => (f ? round(f.spread) : null)),
    ci,
    band,
  };
}

/**
 * The comparison data of one metric, or null when it is not a rate with areas. `values` are the
 * metric's rows from computeMetrics (with the pass's verdicts), `areas` the area codes with 'force'.
 */
export function areaCompare(m: Metric, values: MetricValue[], periods: Record<string, PeriodInfo[]>, areas: string[], who: Audience): AreaCompare | null {
  if (!isRateUnit(m.unit) || m.areas === 'force_only') return null;
  // A percentage that is not a proportion (breaches per 100 applications) is a Poisson rate per 100.
  const unit: RateUnit = m.unit === 'pct' && m.proportion === false ? 'per_100' : m.unit;
  const index = new Map(values.filter((v) => v.metric === m.id).map((v) => [`${v.grain}|${v.area}|${v.period}`, v]));
  const at: Lookup = (g, a, p) => index.get(`${g}|${a}|${p}`);
  const grains = Object.fromEntries(
    AREA_GRAINS.filter((g) => (periods[g]?.length ?? 0) > 0).map((g) => [g, grainCompare(m, unit, g, periods[g]!, areas, at, who)]),
  );
  return {
    unit,
    method: unit === 'pct' ? 'wilson' : 'garwood',
    level: 0.95,
    limits: FUNNEL_LEVELS.map((level) => ({ level, z: round(zFor(level)) })),
    grains,
  };
}

/** A count metric's intervals: grain → area (the force too) → per period [count, low, high], or null. */
export interface CountIntervals {
  method: 'garwood';
  level: number;
  grains: Record<string, Record<string, ([number, number, number] | null)[]>>;
}

/**
 * Garwood's exact Poisson interval for each count of a count metric with areas, at the twelve-month
 * windows areas are published at: the range of underlying levels that count is consistent with,
 * chance variation allowed for. A count the panel's build hides gets none (the interval of a
 * published count is worked out from that count alone, so it discloses nothing more).
 */
export function countIntervals(m: Metric, values: MetricValue[], periods: Record<string, PeriodInfo[]>, areas: string[], who: Audience): CountIntervals | null {
  if (m.unit !== 'count' || m.areas === 'force_only') return null;
  const index = new Map(values.filter((v) => v.metric === m.id).map((v) => [`${v.grain}|${v.area}|${v.period}`, v]));
  const out = (x: number) => (who === 'panel' ? roundTo(x, decimalsFor(m.unit)) : round(x));
  const interval = (v: MetricValue | undefined): [number, number, number] | null => {
    if (!v || v.value === null || (who === 'panel' && v.suppressed) || !Number.isInteger(v.value) || v.value < 0) return null;
    const [lo, hi] = garwood(v.value);
    return [v.value, out(lo), out(hi)];
  };
  const grains = Object.fromEntries(
    AREA_GRAINS.filter((g) => (periods[g]?.length ?? 0) > 0).map((g) => [
      g,
      Object.fromEntries(areas.map((a) => [a, periods[g]!.map((p) => interval(index.get(`${g}|${a}|${p.id}`)))])),
    ]),
  );
  return { method: 'garwood', level: 0.95, grains };
}
