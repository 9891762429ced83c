// Freshness on the /quality page is judged against the day the site is built, not against the
// other extracts: six extracts that all stop in October 2023 are old in December 2026, however
// well they agree. Dates and ages below are counted by hand on a calendar.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../pipeline/config.ts';
import { ageText, judgeFreshness, londonDay, wholeMonths } from '../../pipeline/site/freshness.ts';

type Row = { extract: string; rows: number; last: string | null };
type QualityPage = { freshnessMessage: (rows: object[], today: string) => string };
const page = (await import(pathToFileURL(join(repoRoot, 'dashboards/components/quality.js')).href)) as QualityPage;

const six = (last: string): Row[] =>
  ['crimes', 'outcomes', 'orders', 'breaches', 'calls', 'dvds'].map((extract) => ({ extract, rows: 100, last }));

describe('age of the data', () => {
  it('counts whole calendar months, a month-end counting from month-end', () => {
    // 31 Oct 2023 + 37 months = 30 Nov 2026 (November has 30 days); + 38 would be 31 Dec 2026.
    expect(wholeMonths('2023-10-31', '2026-12-01')).toBe(37);
    expect(wholeMonths('2023-10-31', '2023-11-30')).toBe(1);
    expect(wholeMonths('2023-10-31', '2023-11-29')).toBe(0);
    expect(wholeMonths('2023-10-15', '2024-10-15')).toBe(12);
    expect(wholeMonths('2023-10-31', '2023-10-01')).toBe(0);
  });

  it('words the age in months, else days', () => {
    expect(ageText('2023-10-31', '2026-12-01')).toBe('37 months ago');
    expect(ageText('2023-10-31', '2023-11-30')).toBe('1 month ago');
    expect(ageText('2023-10-31', '2023-11-01')).toBe('1 day ago');
    expect(ageText('2023-10-31', '2023-11-21')).toBe('21 days ago');
    expect(ageText('2023-10-31', '2023-10-31')).toBe('today');
  });

  it('takes the build day as London has it', () => {
    // 23:30 UTC on 30 June is 00:30 on 1 July in British Summer Time.
    expect(londonDay(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    expect(londonDay(new Date('2026-12-01T23:30:00Z'))).toBe('2026-12-01');
  });
});

describe('freshness status', () => {
  it('calls data three years old out of date, even when every extract agrees', () => {
    const judged = judgeFreshness(six('2023-10-31'), '2026-12-01');
    expect(judged.map((e) => e.status)).toEqual(Array(6).fill('out_of_date'));
    expect(judged.map((e) => e.label)).not.toContain('Up to date');
    expect(judged[0]).toMatchObject({ label: 'Out of date', age: '37 months ago', monthsOld: 37 });
    expect(page.freshnessMessage(judged, '2026-12-01')).toBe(
      'Out of date: the newest data in any extract is from 31 Oct 2023, 37 months ago (site built on 1 Dec 2026).',
    );
  });

  it('allows for the month just ended not being in yet, and no more', () => {
    // On 20 Dec, November's file may not have arrived: data to 31 Oct is still current.
    expect(judgeFreshness(six('2023-10-31'), '2023-12-20')[0]!.status).toBe('current');
    expect(judgeFreshness(six('2023-10-31'), '2023-12-31')[0]!.status).toBe('current');
    // On 1 Jan November's file should have come with December: it is missing.
    expect(judgeFreshness(six('2023-10-31'), '2024-01-01')[0]!.status).toBe('out_of_date');
    // The same day whatever the months' lengths: data to 28 Feb is current all April, not from 1 May.
    expect(judgeFreshness(six('2023-02-28'), '2023-04-30')[0]!.status).toBe('current');
    expect(judgeFreshness(six('2023-02-28'), '2023-05-01')[0]!.status).toBe('out_of_date');
    expect(judgeFreshness(six('2023-03-31'), '2023-06-01')[0]!.status).toBe('out_of_date');
    const fresh = judgeFreshness(six('2023-10-31'), '2023-11-01');
    expect(fresh[0]).toMatchObject({ status: 'current', label: 'Up to date', age: '1 day ago' });
    expect(page.freshnessMessage(fresh, '2023-11-01')).toBe('Data to 31 Oct 2023, 1 day ago (site built on 1 Nov 2023).');
  });

  it('still says when one extract stops well before the others, and when one is empty', () => {
    const rows: Row[] = [
      ...six('2023-10-31').slice(0, 4),
      { extract: 'calls', rows: 100, last: '2023-09-15' },
      { extract: 'dvds', rows: 0, last: null },
    ];
    const judged = judgeFreshness(rows, '2023-11-01');
    // 15 Sep to 31 Oct: 15 days left in September, then 31 in October.
    expect(judged[4]).toMatchObject({ status: 'behind', label: 'Behind the others by 46 days', age: '1 month ago' });
    expect(judged[5]).toMatchObject({ status: 'empty', label: 'No data', age: null });
    expect(page.freshnessMessage(judged, '2023-11-01')).toBe(
      'Data to 31 Oct 2023, 1 day ago (site built on 1 Nov 2023). calls: behind the others by 46 days; dvds: no data.',
    );
  });
});
