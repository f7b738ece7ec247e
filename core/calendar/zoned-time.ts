/**
 * Local wall-clock time of a time zone → UTC instant. Meetings are configured as "10:00 in Düren"; the instant
 * that means depends on the daylight-saving offset of that very day, so it is looked up per date with Intl
 * (the runtime's tz database) instead of assuming a fixed offset.
 */
import { DAY_MS } from '../clock.ts';

const PLAIN_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const PLAIN_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

// Building a DateTimeFormat is far slower than using one; schedules convert hundreds of dates per zone.
const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (format === undefined) {
    // Throws a RangeError for an unknown zone, which is what the caller should see.
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formats.set(timeZone, format);
  }
  return format;
}

/**
 * The wall clock of `instant` in the zone, written as the epoch milliseconds that wall clock would have in UTC
 * (which makes day arithmetic on it plain addition: no DST in UTC).
 */
export function wallClockMs(instant: number, timeZone: string): number {
  const parts = Object.fromEntries(formatFor(timeZone).formatToParts(instant).map((part) => [part.type, Number(part.value)]));
  const wholeSeconds = Date.UTC(parts.year ?? 0, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
  // Intl drops the milliseconds; zone offsets are whole seconds, so the instant's milliseconds carry over.
  return wholeSeconds + (((instant % 1000) + 1000) % 1000);
}

/**
 * The instant whose wall clock in the zone is `local` (as from wallClockMs). Disambiguation as Temporal's
 * "compatible": a time that occurs twice (autumn) takes the earlier instant; a time that does not exist (spring
 * gap) moves forward by the length of the gap.
 */
export function instantAtWallClock(local: number, timeZone: string): number {
  const offsetAt = (instant: number): number => wallClockMs(instant, timeZone) - instant;
  // No zone changes its offset twice within two days, so the offsets a day either side are the only candidates.
  const before = offsetAt(local - DAY_MS);
  const after = offsetAt(local + DAY_MS);
  const candidates = [...new Set([before, after])].map((offset) => local - offset).filter((instant) => wallClockMs(instant, timeZone) === local);
  // No candidate means the wall-clock time falls into a gap: with the offset from before the gap it lands after it.
  return candidates.length > 0 ? Math.min(...candidates) : local - before;
}

/**
 * The instant at which the wall clock in `timeZone` shows `time` on `date` (`YYYY-MM-DD`, `HH:MM`).
 * Disambiguation as Temporal's "compatible" (and as RFC 5545 prescribes for DTSTART with TZID): a time that does
 * not exist (spring gap, 02:30 on the last Sunday of March in Berlin) moves forward by the length of the gap
 * (→ 03:30 CEST); a time that occurs twice (autumn, 02:30 on the last Sunday of October) takes the earlier
 * instant (02:30 CEST).
 */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const dateMatch = PLAIN_DATE.exec(date);
  const timeMatch = PLAIN_TIME.exec(time);
  if (dateMatch === null) throw new RangeError(`expected a calendar date YYYY-MM-DD, got ${JSON.stringify(date)}`);
  if (timeMatch === null) throw new RangeError(`expected a time HH:MM, got ${JSON.stringify(time)}`);
  const [year = 0, month = 0, day = 0] = dateMatch.slice(1).map(Number);
  const [hours = 0, minutes = 0] = timeMatch.slice(1).map(Number);
  const local = Date.UTC(year, month - 1, day, hours, minutes);
  // Date.UTC rolls 2026-02-30 over into March; a date that does not survive the round trip was never valid.
  if (new Date(local).toISOString().slice(0, 10) !== date) throw new RangeError(`${date} is not a calendar date`);

  // Throws a RangeError for an unknown zone before any arithmetic.
  formatFor(timeZone);
  return new Date(instantAtWallClock(local, timeZone));
}
