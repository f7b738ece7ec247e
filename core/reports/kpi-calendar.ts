/**
 * What counting a case needs of the district's calendar: its zone (a case counts on its intake day) and its working
 * days (whether the first contact and the assessment came in time). "In time" is counted where it is written, as a
 * lag in working days, so a month's counters hold one counter per lag instead of one per pair of days — the pairs
 * made a month's item grow with the number of cases (700 counters at 30,000 cases against 190 at 1,000).
 *
 * The lag is counted with the calendar the counters were written with: a closing day added to the profile later
 * counts for writes from then on; `npm run backfill` recounts every case with the calendar of the day.
 */
import { createWorkingCalendar } from '../calendar/working-days.ts';
import { MAX_WORKING_DAYS, type DistrictProfile } from '../profile/schema.ts';
import { nextDay } from './kpi-input.ts';

export interface KpiCalendar {
  readonly timeZone: string;
  /** `date`: a calendar date `YYYY-MM-DD` in the district's zone. */
  isWorkingDay(date: string): boolean;
}

export function kpiCalendarOf(profile: DistrictProfile): KpiCalendar {
  const calendar = createWorkingCalendar(profile);
  return { timeZone: profile.district.timeZone, isWorkingDay: (date) => calendar.isWorkingDay(date) };
}

/** Lags from here on all count as late: past the longest target a profile may set. */
export const LAG_CAP = MAX_WORKING_DAYS + 1;


/**
 * How many working days after `startDay` an event on `eventDay` came, such that it came within a target of N working
 * days exactly when the lag is at most N — "within N" meaning on or before the N-th working day after the start day
 * (the report's deadline, calendar.addWorkingDays): the working days after the start and before the event's day,
 * plus one for the event's day when it is after the start. At most `cap` (LAG_CAP unless a smaller one will do).
 */
export function workingDaysLag(calendar: Pick<KpiCalendar, 'isWorkingDay'>, startDay: string, eventDay: string, cap = LAG_CAP): number {
  if (eventDay <= startDay) return 0;
  let lag = 1;
  for (let day = nextDay(startDay); day < eventDay && lag < cap; day = nextDay(day)) if (calendar.isWorkingDay(day)) lag += 1;
  return lag;
}
