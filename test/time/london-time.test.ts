// Europe/London <-> UTC around the 2023 changes: clocks went forward at 01:00Z on Sunday 26 March
// (the last Sunday: 31 March 2023 was a Friday) and back at 01:00Z on Sunday 29 October (31 October
// was a Tuesday). Expected instants worked out by hand: BST = UTC+1, GMT = UTC+0.
import { describe, expect, it } from 'vitest';
import { addLocalDays, formatLondon, londonOffsetMinutes, londonParts, londonToUtc } from '../../pipeline/time/london-time.ts';

const wall = (year: number, month: number, day: number, hour: number, minute: number) => ({ year, month, day, hour, minute, second: 0 });
const iso = (d: Date) => d.toISOString();

describe('londonToUtc', () => {
  it('reads 03:30 as BST or GMT according to the date', () => {
    expect(iso(londonToUtc(wall(2023, 3, 25, 3, 30)))).toBe('2023-03-25T03:30:00.000Z'); // Sat, still GMT
    expect(iso(londonToUtc(wall(2023, 3, 26, 3, 30)))).toBe('2023-03-26T02:30:00.000Z'); // Sun, BST from 01:00Z
    expect(iso(londonToUtc(wall(2023, 10, 28, 3, 30)))).toBe('2023-10-28T02:30:00.000Z'); // Sat, still BST
    expect(iso(londonToUtc(wall(2023, 10, 29, 3, 30)))).toBe('2023-10-29T03:30:00.000Z'); // Sun, GMT from 01:00Z
    expect(iso(londonToUtc(wall(2024, 3, 31, 3, 30)))).toBe('2024-03-31T02:30:00.000Z'); // 2024: last Sunday is the 31st
    expect(iso(londonToUtc(wall(2024, 3, 30, 3, 30)))).toBe('2024-03-30T03:30:00.000Z');
  });

  it('moves a skipped March time forward by the hour that vanished', () => {
    // 01:30 never shows on 26 March 2023; read with the GMT offset in force before the jump it is
    // 01:30Z, which London shows as 02:30 BST.
    expect(iso(londonToUtc(wall(2023, 3, 26, 1, 30)))).toBe('2023-03-26T01:30:00.000Z');
  });

  it('takes the first (BST) of a repeated October time', () => {
    // 01:30 happens at 00:30Z (BST) and again at 01:30Z (GMT); the first is chosen.
    expect(iso(londonToUtc(wall(2023, 10, 29, 1, 30)))).toBe('2023-10-29T00:30:00.000Z');
  });
});

describe('londonParts and offset', () => {
  it('shows the jump and the fall-back on the wall clock', () => {
    expect(londonParts(new Date('2023-03-26T00:59:59Z'))).toMatchObject({ hour: 0, minute: 59, second: 59 });
    expect(londonParts(new Date('2023-03-26T01:00:00Z'))).toMatchObject({ day: 26, hour: 2, minute: 0 });
    expect(londonParts(new Date('2023-10-29T00:59:00Z'))).toMatchObject({ hour: 1, minute: 59 });
    expect(londonParts(new Date('2023-10-29T01:00:00Z'))).toMatchObject({ hour: 1, minute: 0 });
    expect(londonOffsetMinutes(new Date('2023-03-26T00:59:59Z'))).toBe(0);
    expect(londonOffsetMinutes(new Date('2023-03-26T01:00:00Z'))).toBe(60);
    expect(londonOffsetMinutes(new Date('2023-10-29T00:59:59Z'))).toBe(60);
    expect(londonOffsetMinutes(new Date('2023-10-29T01:00:00Z'))).toBe(0);
  });

  it('reads midnight as hour 0 of the London date, not hour 24 of the UTC one', () => {
    // 23:00Z on 30 June is 00:00 BST on 1 July.
    expect(londonParts(new Date('2023-06-30T23:00:00Z'))).toEqual({ year: 2023, month: 7, day: 1, hour: 0, minute: 0, second: 0 });
  });

  it('formats for logs with the zone abbreviation', () => {
    expect(formatLondon(new Date('2023-03-26T02:30:00Z'))).toBe('2023-03-26 03:30 BST');
    expect(formatLondon(new Date('2023-10-29T03:30:00Z'))).toBe('2023-10-29 03:30 GMT');
  });
});

describe('addLocalDays', () => {
  it('does calendar arithmetic across month ends and leap days', () => {
    expect(addLocalDays(wall(2024, 3, 1, 10, 0), -1)).toMatchObject({ year: 2024, month: 2, day: 29, hour: 10 });
    expect(addLocalDays(wall(2023, 1, 3, 10, 0), -7)).toMatchObject({ year: 2022, month: 12, day: 27 });
  });
});
