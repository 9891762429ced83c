// Europe/London wall-clock time <-> UTC instants, with Intl.DateTimeFormat (the ICU time-zone data
// Node ships) rather than a date library: the only zone we need is London, and the only hard part is
// the two DST changes, at 01:00 UTC on the last Sunday of March (01:00 GMT jumps to 02:00 BST, so
// local 01:00-01:59 never happens) and of October (02:00 BST falls back to 01:00 GMT, so local
// 01:00-01:59 happens twice).
//
// A leaf under pipeline/time/: the schedule, the packs, the site and sharing all read London time,
// so it sits below them all rather than inside schedule/.

export const LONDON = 'Europe/London';

/** A wall-clock reading in London. month is 1-12. */
export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

// One formatter, reused: constructing Intl formatters is slow and the scheduler converts often.
// hourCycle h23 so midnight reads 00, not 24 (which 'en-GB' with hour12:false can produce).
const formatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** What a clock on a wall in London reads at this instant. */
export function londonParts(instant: Date): LocalDateTime {
  const t = instant.getTime();
  if (Number.isNaN(t)) throw new RangeError('londonParts: invalid Date');
  const parts: Record<string, number> = {};
  for (const p of formatter.formatToParts(instant)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
  };
}

/** London's offset from UTC at this instant, in minutes: 0 (GMT) or 60 (BST). */
export function londonOffsetMinutes(instant: Date): number {
  const p = londonParts(instant);
  const wallMs = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  // Intl drops milliseconds, so compare against the instant truncated to the whole second.
  const instantMs = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((wallMs - instantMs) / 60_000);
}

function sameWallTime(a: LocalDateTime, b: LocalDateTime): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day && a.hour === b.hour && a.minute === b.minute && a.second === b.second;
}

/**
 * The UTC instant at which London's clocks read `local`.
 * - Repeated hour (October): the first occurrence, i.e. still BST; a job must not run twice.
 * - Skipped hour (March): the time is read with the offset in force before the jump, which lands the
 *   same distance after it (01:30 -> 02:30 BST = 01:30Z); a job there runs late rather than never.
 * Both match Temporal's 'compatible' disambiguation, so the behaviour is unsurprising to readers.
 */
export function londonToUtc(local: LocalDateTime): Date {
  const wallMs = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  if (Number.isNaN(wallMs)) throw new RangeError(`londonToUtc: invalid local time ${JSON.stringify(local)}`);
  const day = 86_400_000;
  // The offsets a day either side bracket any transition near this wall time (London changes at most
  // once in any 48 hours), so the true offset is one of these two.
  const before = londonOffsetMinutes(new Date(wallMs - day));
  const after = londonOffsetMinutes(new Date(wallMs + day));
  const candidates = [...new Set([before, after])]
    .map((offset) => new Date(wallMs - offset * 60_000))
    .filter((instant) => sameWallTime(londonParts(instant), local))
    .sort((a, b) => a.getTime() - b.getTime());
  if (candidates.length > 0) return candidates[0]!;
  return new Date(wallMs - before * 60_000);
}

/** Calendar arithmetic on a London wall time: same clock reading, `days` calendar days away. */
export function addLocalDays(local: LocalDateTime, days: number): LocalDateTime {
  // Date.UTC is used as a plain calendar (no zone), so month ends and leap years roll over correctly.
  const d = new Date(Date.UTC(local.year, local.month - 1, local.day + days));
  return { ...local, year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** For log lines: "2023-03-26 03:30 BST". */
export function formatLondon(instant: Date): string {
  const p = londonParts(instant);
  const two = (n: number) => String(n).padStart(2, '0');
  const zone = londonOffsetMinutes(instant) === 60 ? 'BST' : 'GMT';
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)} ${zone}`;
}
