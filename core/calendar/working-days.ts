/**
 * Working days of the district: weekdays with office hours in the profile, minus the state's public holidays
 * (core/calendar/german-holidays.ts, rules instead of a hand-kept list) and the configured closing days. Reminder and escalation
 * deadlines ("after 5 working days") and meeting reminders ("2 working days before") are counted with this.
 * All arithmetic happens on the district's wall clock, so 10:00 stays 10:00 across a daylight-saving change.
 */
import { germanPublicHolidays, isGermanState } from './german-holidays.ts';
import { instantAtWallClock, wallClockMs } from './zoned-time.ts';
import { WEEKDAYS } from '../profile/schema.ts';
import type { DistrictProfile } from '../profile/schema.ts';
import { DAY_MS } from '../clock.ts';

export interface WorkingCalendar {
  /** `date` is a calendar date `YYYY-MM-DD` in the district's time zone. */
  isWorkingDay(date: string): boolean;
  /** The German name of the public holiday on `date`, or undefined when there is none. */
  holidayName(date: string): string | undefined;
  /**
   * The instant `n` working days after `from` at the same local wall-clock time (n < 0 counts backwards).
   * Days are counted from the day after `from`, so `from` itself need not be a working day; n = 0 returns `from`.
   */
  addWorkingDays(from: Date, n: number): Date;
  /** The calendar date of `instant` in the district's time zone. */
  localDate(instant: Date): string;
}

const PLAIN_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Milliseconds since the epoch of a calendar date at 00:00 UTC; validates the date (no 2026-02-30). */
function dayStartOf(date: string): number {
  const match = PLAIN_DATE.exec(date);
  if (match !== null) {
    const [, year, month, day] = match.map(Number);
    if (year !== undefined && month !== undefined && day !== undefined) {
      const ms = Date.UTC(year, month - 1, day);
      if (formatDay(ms) === date) return ms;
    }
  }
  throw new RangeError(`expected a calendar date YYYY-MM-DD, got ${JSON.stringify(date)}`);
}

function formatDay(dayStartMs: number): string {
  return new Date(dayStartMs).toISOString().slice(0, 10);
}

/** The local wall clock of a time zone and back (see core/calendar/zoned-time.ts). */
function zoneClock(timeZone: string): { wallClock(instant: number): number; instantOf(wallClock: number): number } {
  // Fails here, at construction, for an unknown zone.
  wallClockMs(0, timeZone);
  return { wallClock: (instant) => wallClockMs(instant, timeZone), instantOf: (local) => instantAtWallClock(local, timeZone) };
}

export function createWorkingCalendar(profile: DistrictProfile): WorkingCalendar {
  // Typed as the schema allows, but a profile built by hand (tests, tools) has not been through the schema.
  const { country, state }: { country: string; state: string } = profile.district.holidayRegion;
  // The profile schema allows German states only; checked again here because a silent fallback to no regional
  // holidays (Fronleichnam, Allerheiligen in NW) would go unnoticed.
  if (country !== 'DE' || !isGermanState(state)) throw new RangeError(`unknown holiday region ${country}-${state}: KIM Flow knows the 16 German states`);

  const holidaysByYear = new Map<number, ReadonlyMap<string, string>>();
  const holidaysOf = (year: number): ReadonlyMap<string, string> => {
    let byDate = holidaysByYear.get(year);
    if (byDate === undefined) {
      byDate = germanPublicHolidays(state, year);
      holidaysByYear.set(year, byDate);
    }
    return byDate;
  };
  const holidayOn = (date: string): string | undefined => holidaysOf(Number(date.slice(0, 4))).get(date);

  // JavaScript numbers weekdays from Sunday = 0; the profile lists them from Monday.
  const openWeekdays = new Set(WEEKDAYS.flatMap((day, index) => (profile.officeHours[day].length > 0 ? [(index + 1) % 7] : [])));
  const closingDays = new Set(profile.closingDays);

  const isWorkingDay = (date: string): boolean => {
    const dayStart = dayStartOf(date);
    return openWeekdays.has(new Date(dayStart).getUTCDay()) && !closingDays.has(date) && holidayOn(date) === undefined;
  };

  const zone = zoneClock(profile.district.timeZone);

  return {
    isWorkingDay,

    holidayName(date) {
      dayStartOf(date);
      return holidayOn(date);
    },

    addWorkingDays(from, n) {
      if (Number.isNaN(from.getTime())) throw new RangeError('addWorkingDays needs a valid start instant');
      if (!Number.isSafeInteger(n)) throw new RangeError(`addWorkingDays needs a whole number of days, got ${n}`);
      if (n === 0) return new Date(from);
      // Without any office day the search below would never end.
      if (openWeekdays.size === 0) throw new RangeError('the district profile has no office hours, so there are no working days');
      const local = zone.wallClock(from.getTime());
      const timeOfDay = ((local % DAY_MS) + DAY_MS) % DAY_MS;
      const step = Math.sign(n);
      let day = local - timeOfDay;
      for (let remaining = Math.abs(n); remaining > 0; ) {
        day += step * DAY_MS;
        if (isWorkingDay(formatDay(day))) remaining -= 1;
      }
      return new Date(zone.instantOf(day + timeOfDay));
    },

    localDate(instant) {
      if (Number.isNaN(instant.getTime())) throw new RangeError('localDate needs a valid instant');
      return formatDay(zone.wallClock(instant.getTime()));
    },
  };
}
