// Disclosure control worked examples; expected suppression patterns were derived by hand.
import { describe, expect, it } from 'vitest';
import { formatCell, suppress, SUPPRESSED_MARK, type Cell } from '../../pipeline/stats/suppress.ts';

const key = (c: { row: string; col: string }) => `${c.row}/${c.col}`;

describe('suppress: primary and secondary', () => {
  //              DC   CH   AV | force (row total)
  // rape          3    6    8 |   17
  // other        10   12    0 |   22
  // all (total)  13   18    8 |   39
  //
  // Primary: rape/DC = 3 (1–4 below force level). other/AV = 0 stays (zero).
  // Row "rape": total 17 is shown and only DC is hidden → 17 − 6 − 8 = 3 would reveal it.
  //   Smallest non-zero visible part is CH (6) → secondary.
  // Column DC: total 13, only rape/DC hidden → hide other/DC (10), the only part left.
  // Column CH: total 18, only rape/CH hidden (after the step above) → hide other/CH (12).
  // Row "other": DC and CH both hidden now → 2 hidden, safe. Column AV and the force column: none hidden.
  // Result: four unknowns with equations r_DC+r_CH=9, r_DC+o_DC=13, r_CH+o_CH=18, o_DC+o_CH=22,
  // only three independent → no cell can be solved for.
  const rows: [string, number[]][] = [
    ['rape', [3, 6, 8, 17]],
    ['other', [10, 12, 0, 22]],
    ['all', [13, 18, 8, 39]],
  ];
  const cols = ['DC', 'CH', 'AV', 'force'];
  const cells: Cell[] = rows.flatMap(([row, counts]) =>
    counts.map((count, j) => ({
      row,
      col: cols[j]!,
      count,
      isForceLevel: cols[j] === 'force',
      isRowTotal: cols[j] === 'force',
      isColTotal: row === 'all',
    })),
  );

  it('hides the small cell and the cells that would let a reader subtract it back', () => {
    const out = suppress(cells);
    const hidden = Object.fromEntries(out.filter((c) => c.suppressed).map((c) => [key(c), c.reason]));
    expect(hidden).toEqual({
      'rape/DC': 'small_count',
      'rape/CH': 'secondary',
      'other/DC': 'secondary',
      'other/CH': 'secondary',
    });
  });

  it('prints suppressed cells as [c] and the rest as numbers', () => {
    const out = suppress(cells);
    const shown = out.map((c) => formatCell(c));
    expect(shown).toEqual([
      '[c]', '[c]', '8', '17',
      '[c]', '[c]', '0', '22',
      '13', '18', '8', '39',
    ]);
    expect(SUPPRESSED_MARK).toBe('[c]');
  });
});

describe('suppress: edge rules', () => {
  it('keeps force-level small counts and uses a zero only when nothing else can hide the cell', () => {
    // stalking: DC 0, CH 0, AV 2 | force 2. AV is primary. No non-zero visible part remains, so the
    // first zero (DC) is hidden: otherwise 2 − 0 − 0 = 2 reveals AV. The force total 2 stays shown.
    const out = suppress([
      { row: 'stalking', col: 'DC', count: 0 },
      { row: 'stalking', col: 'CH', count: 0 },
      { row: 'stalking', col: 'AV', count: 2 },
      { row: 'stalking', col: 'force', count: 2, isForceLevel: true, isRowTotal: true },
    ]);
    expect(out.map((c) => c.reason)).toEqual(['secondary', null, 'small_count', null]);
  });

  it('suppresses rates on small denominators, and their complement', () => {
    // DC 3/8 (denominator 8 < 10) is primary; CH 5/40 is the only other part → secondary.
    // Force 8/48 = 16.7% is force level and stays.
    const out = suppress([
      { row: 'dvds', col: 'DC', numerator: 3, denominator: 8 },
      { row: 'dvds', col: 'CH', numerator: 5, denominator: 40 },
      { row: 'dvds', col: 'force', numerator: 8, denominator: 48, isForceLevel: true, isRowTotal: true },
    ]);
    expect(out.map((c) => c.reason)).toEqual(['small_denominator', 'secondary', null]);
    expect(out.map((c) => formatCell(c))).toEqual(['[c]', '[c]', '16.7%']);
  });

  it('leaves a table with nothing small untouched, and counts 5 and over visible', () => {
    const out = suppress([
      { row: 'r', col: 'DC', count: 5 },
      { row: 'r', col: 'CH', count: 1234 },
      { row: 'r', col: 'force', count: 1239, isForceLevel: true, isRowTotal: true },
    ]);
    expect(out.every((c) => !c.suppressed)).toBe(true);
    expect(formatCell(out[1]!)).toBe('1,234');
  });

  it('refuses a row with two totals', () => {
    expect(() =>
      suppress([
        { row: 'r', col: 'a', count: 1, isRowTotal: true },
        { row: 'r', col: 'b', count: 1, isRowTotal: true },
      ]),
    ).toThrow(/2 cells marked as its total/);
  });
});
