// The disclosure pass on hand-made figures, each case worked out by hand: what is hidden and why.
import { describe, expect, it } from 'vitest';
import { catalogue } from '../../pipeline/metrics/catalogue.ts';
import { disclose } from '../../pipeline/disclosure/disclose.ts';
import type { ValueRow } from '../../pipeline/disclosure/quantities.ts';
import { indicator, Span } from '../../pipeline/disclosure/span.ts';

const metrics = new Map(catalogue.map((m) => [m.id, m]));

const monthsFrom = (start: string, n: number): string[] =>
  Array.from({ length: n }, (_, i) => {
    const d = new Date(`${start}-01T00:00:00Z`);
    d.setUTCMonth(d.getUTCMonth() + i);
    return d.toISOString().slice(0, 7);
  });
const lastDay = (ym: string) => new Date(Date.UTC(Number(ym.slice(0, 4)), Number(ym.slice(5)), 0)).toISOString().slice(0, 10);

/** Month and r12 rows of a count metric from monthly values per area (the force is their sum). */
function countRows(metric: string, byArea: Record<string, number[]>, start = '2021-01'): ValueRow[] {
  const areas = Object.keys(byArea);
  const n = byArea[areas[0]!]!.length;
  const months = monthsFrom(start, n);
  const series = { ...byArea, force: months.map((_, i) => areas.reduce((s, a) => s + byArea[a]![i]!, 0)) };
  const rows: ValueRow[] = [];
  for (const [area, v] of Object.entries(series)) {
    months.forEach((m, i) => {
      rows.push({
        metric,
        grain: 'month',
        period: m,
        period_start: `${m}-01`,
        period_end: lastDay(m),
        area,
        value: v[i]!,
        numerator: v[i]!,
        denominator: null,
      });
      if (i >= 11) {
        const sum = v.slice(i - 11, i + 1).reduce((s, x) => s + x, 0);
        rows.push({
          metric,
          grain: 'r12',
          period: m,
          period_start: `${months[i - 11]}-01`,
          period_end: lastDay(m),
          area,
          value: sum,
          numerator: sum,
          denominator: null,
        });
      }
    });
  }
  return rows;
}

const reasonOf = (rows: ValueRow[], reasons: ReturnType<typeof disclose>, grain: string, period: string, area: string, metric?: string) =>
  reasons[rows.findIndex((r) => r.grain === grain && r.period === period && r.area === area && (!metric || r.metric === metric))];

describe('span', () => {
  it('finds month(m) from r12(m) − r12(m−1) once month(m−12) is pinned, and not before', () => {
    const months = monthsFrom('2021-01', 14);
    const index = new Map(months.map((m, i) => [m, i]));
    const span = new Span(14);
    span.add(indicator(months.slice(0, 12), index, 14)); // r12 to Dec 2021
    span.add(indicator(months.slice(1, 13), index, 14)); // r12 to Jan 2022
    expect(span.contains(indicator(['2022-01'], index, 14))).toBe(false);
    span.add(indicator(['2021-01'], index, 14)); // Jan 2021 pinned (a window of zero, say)
    expect(span.contains(indicator(['2022-01'], index, 14))).toBe(true);
    expect(span.contains(indicator(['2022-02'], index, 14))).toBe(false);
  });
});

describe('disclose', () => {
  it('hides a count of 1–4 below force level, and another area so the force total gives nothing back', () => {
    const rows = countRows('spo_breaches', {
      AV: Array(12)
        .fill(0)
        .map((_, i) => (i === 5 ? 3 : 0)),
      CH: Array(12).fill(1),
      DC: Array(12).fill(2),
    });
    const reasons = disclose(rows, metrics);
    expect(reasonOf(rows, reasons, 'r12', '2021-12', 'AV')).toBe('small_count'); // 3
    expect(reasonOf(rows, reasons, 'r12', '2021-12', 'CH')).toBe('secondary'); // 12, the smaller of 12 and 24
    expect(reasonOf(rows, reasons, 'r12', '2021-12', 'DC')).toBeNull();
    expect(reasonOf(rows, reasons, 'r12', '2021-12', 'force')).toBeNull();
    expect(reasonOf(rows, reasons, 'month', '2021-06', 'DC')).toBe('grain'); // areas: twelve-month windows only
  });

  it('hides a window that differencing with a zero window would turn into a hidden month', () => {
    // AV: 12 months of 0, then 7, then 2. r12 to Dec = 0 pins Jan–Dec 2021; r12 to Jan 2022 = 7
    // gives Jan 2022 = 7; r12 to Feb 2022 = 9 would give Feb 2022 = 2, a hidden small month.
    const av = [...Array(12).fill(0), 7, 2];
    const rows = countRows('spo_breaches', { AV: av, CH: Array(14).fill(5), DC: Array(14).fill(6) });
    const reasons = disclose(rows, metrics);
    expect(reasonOf(rows, reasons, 'r12', '2021-12', 'AV')).toBeNull(); // 0 is shown
    expect(reasonOf(rows, reasons, 'r12', '2022-02', 'AV')).toBe('differencing');
    const off = disclose(rows, metrics, { differencing: false });
    expect(reasonOf(rows, off, 'r12', '2022-02', 'AV')).toBeNull(); // the rule is what hides it
  });

  it('hides a rate whose numerator is a hidden count, whatever the rate is called', () => {
    const base = { grain: 'fy', period: '2022/23', period_start: '2022-04-01', period_end: '2023-03-31' };
    const rows: ValueRow[] = [];
    for (const [area, breaches, applications] of [
      ['AV', 1, 18],
      ['CH', 9, 40],
      ['DC', 12, 60],
      ['force', 22, 118],
    ] as const) {
      rows.push({ ...base, metric: 'dvpn_breaches', area, value: breaches, numerator: breaches, denominator: null });
      rows.push({ ...base, metric: 'dvpn_applications', area, value: applications, numerator: applications, denominator: null });
      rows.push({
        ...base,
        metric: 'dvpn_breach_rate_pct',
        area,
        value: (100 * breaches) / applications,
        numerator: breaches,
        denominator: applications,
      });
    }
    const reasons = disclose(rows, metrics);
    expect(reasonOf(rows, reasons, 'fy', '2022/23', 'AV', 'dvpn_breaches')).toBe('small_count');
    expect(reasonOf(rows, reasons, 'fy', '2022/23', 'AV', 'dvpn_breach_rate_pct')).toBe('linked'); // 5.6% × 18 = 1
    expect(reasonOf(rows, reasons, 'fy', '2022/23', 'CH', 'dvpn_breaches')).toBe('secondary');
    expect(reasonOf(rows, reasons, 'fy', '2022/23', 'CH', 'dvpn_breach_rate_pct')).toBe('linked'); // its numerator is hidden
    expect(reasonOf(rows, reasons, 'fy', '2022/23', 'AV', 'dvpn_applications')).toBeNull();
    const unlinked = disclose(rows, metrics, { linked: false });
    expect(reasonOf(rows, unlinked, 'fy', '2022/23', 'AV', 'dvpn_breach_rate_pct')).toBeNull(); // what the attack test exploits
  });

  it('hides a rate on fewer than 10 cases, and its numerator with it', () => {
    const base = { grain: 'fy', period: '2022/23', period_start: '2022-04-01', period_end: '2023-03-31', metric: 'dvpn_granted_pct' };
    const rows: ValueRow[] = [
      { ...base, area: 'AV', value: 62.5, numerator: 5, denominator: 8 },
      { ...base, area: 'CH', value: 90, numerator: 18, denominator: 20 },
      { ...base, area: 'DC', value: 95, numerator: 38, denominator: 40 },
      { ...base, area: 'force', value: (100 * 61) / 68, numerator: 61, denominator: 68 },
    ];
    const reasons = disclose(rows, metrics);
    expect(reasons).toEqual(['small_denominator', 'linked', null, null]); // CH: the force's 61 less DC's 38 would give AV's 5
  });
});
