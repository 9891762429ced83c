// Disclosure control for panel and public outputs. Small numbers below force level could identify
// a victim in a small area, so they are hidden ("primary"); then any other cell that would let a
// reader get a hidden one back by subtracting from a published total is hidden too ("secondary").
import { formatNumber } from '../metrics/format.ts';

export interface Cell {
  row: string;
  /** Column, usually an area code or 'force'. */
  col: string;
  /** A count cell has a count; a rate cell has numerator and denominator. null = no figure. */
  count?: number | null;
  numerator?: number | null;
  denominator?: number | null;
  /** Force-wide figures are never suppressed: they are too large to identify anyone. */
  isForceLevel?: boolean;
  /** This cell is the sum of the other cells in its row (e.g. the force column). */
  isRowTotal?: boolean;
  /** This cell is the sum of the other cells in its column (e.g. an "All offences" row). */
  isColTotal?: boolean;
}

export type SuppressionReason = 'small_count' | 'small_denominator' | 'secondary';

export type SuppressedCell<C extends Cell = Cell> = C & {
  suppressed: boolean;
  reason: SuppressionReason | null;
};

export interface SuppressOptions {
  /** Counts from 1 up to this are suppressed below force level (default 4). */
  maxSmallCount?: number;
  /** Rates on denominators from 1 up to (but not including) this are suppressed (default 10). */
  minDenominator?: number;
}

export const SUPPRESSED_MARK = '[c]';

interface Group {
  key: string;
  total: number;
  parts: number[];
}

function groupsOf(cells: Cell[]): Group[] {
  const groups: Group[] = [];
  const build = (dim: 'row' | 'col', isTotal: (c: Cell) => boolean | undefined) => {
    const byKey = new Map<string, number[]>();
    cells.forEach((c, i) => {
      const list = byKey.get(c[dim]) ?? [];
      list.push(i);
      byKey.set(c[dim], list);
    });
    for (const [key, members] of byKey) {
      const totals = members.filter((i) => isTotal(cells[i]!));
      if (totals.length > 1) throw new Error(`suppress: ${dim} '${key}' has ${totals.length} cells marked as its total`);
      if (totals.length === 1) {
        groups.push({ key: `${dim}:${key}`, total: totals[0]!, parts: members.filter((i) => i !== totals[0]) });
      }
    }
  };
  build('row', (c) => c.isRowTotal);
  build('col', (c) => c.isColTotal);
  return groups;
}

const hasFigure = (c: Cell) => (c.count ?? null) !== null || (c.denominator ?? null) !== null;
// Rate cells are sized by denominator: that is what a reader would difference to recover them.
const sizeOf = (c: Cell) => c.count ?? c.denominator ?? 0;

function primaryReason(c: Cell, maxSmall: number, minDen: number): SuppressionReason | null {
  if (c.isForceLevel) return null;
  const count = c.count ?? null;
  if (count !== null) return count >= 1 && count <= maxSmall ? 'small_count' : null;
  const den = c.denominator ?? null;
  // A zero denominator has no rate to disclose; the formatter shows it as a dash.
  if (den !== null) return den >= 1 && den < minDen ? 'small_denominator' : null;
  return null;
}

/**
 * Marks every cell suppressed or not, with the reason. Zero counts stay visible (a zero identifies
 * no one). Secondary suppression repeats until no row or column with a total has exactly one
 * hidden cell, because hiding one cell can expose another group.
 */
export function suppress<C extends Cell>(cells: C[], opts: SuppressOptions = {}): SuppressedCell<C>[] {
  const maxSmall = opts.maxSmallCount ?? 4;
  const minDen = opts.minDenominator ?? 10;
  const out: SuppressedCell<C>[] = cells.map((c) => {
    const reason = primaryReason(c, maxSmall, minDen);
    return { ...c, suppressed: reason !== null, reason };
  });
  const groups = groupsOf(cells);

  let changed = true;
  while (changed) {
    changed = false;
    for (const g of groups) {
      const members = [g.total, ...g.parts];
      if (members.filter((i) => out[i]!.suppressed).length !== 1) continue;
      const pick = complementFor(g, out);
      if (pick === null) continue; // only force-level cells left: policy keeps them visible
      out[pick] = { ...out[pick]!, suppressed: true, reason: 'secondary' };
      changed = true;
    }
  }
  return out;
}

// Choose the visible cell whose loss costs the reader least: the smallest non-zero part. A zero is
// used only if nothing else is left, because hiding a zero next to a hidden cell still stops the
// subtraction. The total itself is the last resort.
function complementFor(g: Group, out: SuppressedCell[]): number | null {
  const open = (i: number) => !out[i]!.suppressed && !out[i]!.isForceLevel && hasFigure(out[i]!);
  const parts = g.parts.filter(open);
  const bySize = (a: number, b: number) => sizeOf(out[a]!) - sizeOf(out[b]!) || a - b;
  const nonZero = parts.filter((i) => sizeOf(out[i]!) > 0).sort(bySize);
  if (nonZero.length > 0) return nonZero[0]!;
  const zeros = parts.sort(bySize);
  if (zeros.length > 0) return zeros[0]!;
  return open(g.total) ? g.total : null;
}

/** Default display: counts with thousands separators, rates as a percentage to 1 dp. */
function defaultFormat(c: Cell): string {
  if ((c.count ?? null) !== null) return formatNumber(c.count as number, 0);
  const den = c.denominator ?? null;
  const num = c.numerator ?? null;
  if (den === null || num === null || den === 0) return '–';
  return `${formatNumber((num / den) * 100, 1)}%`;
}

/** Prints a cell for a panel or public table; suppressed cells read `[c]`. */
export function formatCell(cell: SuppressedCell, format: (c: Cell) => string = defaultFormat): string {
  return cell.suppressed ? SUPPRESSED_MARK : format(cell);
}
