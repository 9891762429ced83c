// The disclosure rules for panel and public outputs, in one place: the pass (disclose.ts), the
// page's wording, the packs and the attack test all read them from here.
//
// They follow the GSS/ONS guidance on statistical disclosure control for tables (threshold rule,
// secondary suppression, linked tables, differencing) as applied to small-area crime statistics.

/** Counts from 1 to this, below force level, are hidden (a zero identifies no one). */
export const MAX_SMALL_COUNT = 4;
/** A rate or average on fewer cases than this, below force level, is hidden. */
export const MIN_DENOMINATOR = 10;
/**
 * Grains at which a figure below force level is published at all. Twelve-month windows only
 * (r12, and fy/cy, which are r12 at March and December): a month, quarter or year-to-date for an
 * area would let a reader difference windows into single months.
 */
export const AREA_GRAINS: readonly string[] = ['r12', 'fy', 'cy'];

/** Why a count or a figure is hidden. */
export type Reason =
  | 'grain' // below force level at a grain the panel build never publishes
  | 'small_count' // 1–4
  | 'small_denominator' // a rate or average on fewer than 10
  | 'linked' // a figure made of a hidden count
  | 'secondary' // hidden so that a total minus the other areas cannot give a hidden cell back
  | 'differencing'; // hidden so that overlapping windows cannot be differenced into a hidden cell

export const isSmall = (n: number): boolean => n >= 1 && n <= MAX_SMALL_COUNT;

/** The rules as the README and the definitions page state them. */
export const ruleText: readonly string[] = [
  `Figures for the force as a whole are always shown.`,
  `Below force level, a count from 1 to ${MAX_SMALL_COUNT} is shown as [c]; a zero is shown.`,
  `Below force level, a rate or average on fewer than ${MIN_DENOMINATOR} cases is shown as [c] (with its numerator), and so is any rate whose numerator or denominator is a hidden count (the rate and its base would give the count back).`,
  `Counts are judged once, wherever they appear: DVPN breaches are a count of their own and the numerator of the breach rate, and one decision covers both.`,
  `Below force level, figures are published for whole twelve-month windows only (rolling year, financial and calendar year, inside the data); months, quarters and the year to date are shown for the force.`,
  `Secondary suppression: where an area's count is hidden, another area's is hidden too, so the force total minus the visible areas gives nothing back.`,
  `Differencing: where overlapping twelve-month windows (with any months that are known, such as those inside a window of zero) would give a hidden figure back, one of the windows is hidden too.`,
  `Published values are rounded to the precision shown before they are written to any file.`,
];
