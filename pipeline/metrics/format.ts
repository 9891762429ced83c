// Printing metric values for people: units, rounding and a plain text table for the terminal.
import type { Metric } from './catalogue.ts';

/** Decimals a value is shown with by default, per unit (figures use the paper's own precision). */
export const defaultDecimals: Record<Metric['unit'], number> = { count: 0, pct: 1, per_1000: 2, days: 0, seconds: 0 };

const suffix: Record<Metric['unit'], string> = { count: '', pct: '%', per_1000: ' per 1,000', days: ' days', seconds: ' s' };

/**
 * Rounds half away from zero, as the force's spreadsheets do (Excel ROUND), with a nudge so a value
 * like 16.875 stored as 16.87499999… still rounds up.
 */
export function roundTo(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return (Math.sign(x) * Math.round(Math.abs(x) * f * (1 + 4 * Number.EPSILON))) / f;
}

export function formatNumber(x: number | null, decimals: number): string {
  if (x === null || !Number.isFinite(x)) return '–';
  return roundTo(x, decimals).toLocaleString('en-GB', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

export function formatValue(unit: Metric['unit'], x: number | null, decimals = defaultDecimals[unit]): string {
  return x === null ? '–' : formatNumber(x, decimals) + suffix[unit];
}

/** A left/right aligned text table: numbers right-aligned, text left-aligned. */
export function textTable(headers: string[], rows: string[][], rightAligned: Set<number> = new Set()): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (rightAligned.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
