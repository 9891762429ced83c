// The nightly ingest time: a London wall-clock "HH:MM", validated once so every other module can
// trust it. Times from 01:00 to 02:59 are refused.
//
// Why: on the last Sunday of March London's clocks jump from 01:00 GMT to 02:00 BST, so 01:00-01:59
// does not exist that night; on the last Sunday of October they fall back from 02:00 BST to 01:00
// GMT, so 01:00-01:59 happens twice. A job set inside that hour is skipped one night a year and run
// twice another (node-cron 4 does exactly that for "30 1 * * *": no match on 2023-03-26, matches at
// both 00:30Z and 01:30Z on 2023-10-29). In London only 01:00-01:59 moves; 02:00-02:59 is refused
// as a margin: 02:00 is the very instant of the March jump, and in other zones people know (US,
// central Europe) the hour that moves is 02:00-02:59, so the rule people remember ("not 1-3 am")
// is the rule enforced. One run per night, at a time that means the same thing all year.
import { z } from 'zod';

/** A London wall-clock time of day. */
export interface LocalTime {
  hour: number;
  minute: number;
}

export const DEFAULT_NIGHTLY_AT = '03:30';

const dstWindowMessage = (value: string) =>
  `nightly ingest time ${value} is refused: Europe/London times from 01:00 to 02:59 sit at the ` +
  `daylight-saving change (on the last Sunday of March 01:00-01:59 is skipped, on the last Sunday ` +
  `of October it happens twice, and 02:00-02:59 is kept clear as a margin), so a nightly run there ` +
  `could be missed or doubled. ` +
  `Choose a time outside 01:00-02:59, e.g. ${DEFAULT_NIGHTLY_AT}.`;

export const nightlyTimeSchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'nightly ingest time must be HH:MM (24-hour), e.g. 03:30' })
  .transform((value): LocalTime => ({ hour: Number(value.slice(0, 2)), minute: Number(value.slice(3, 5)) }))
  .refine((t) => t.hour < 1 || t.hour > 2, {
    // refine sees the parsed value; rebuild the text so the message quotes what the user wrote.
    error: (issue) => {
      const t = issue.input as LocalTime;
      return dstWindowMessage(`${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`);
    },
  });

/** Parses "HH:MM" (undefined -> the 03:30 default); throws an Error whose message says what to fix. */
export function parseNightlyTime(value: string | undefined): LocalTime {
  const result = nightlyTimeSchema.safeParse(value ?? DEFAULT_NIGHTLY_AT);
  if (!result.success) throw new Error(result.error.issues.map((i) => i.message).join('; '));
  return result.data;
}

export function formatLocalTime(t: LocalTime): string {
  return `${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`;
}
