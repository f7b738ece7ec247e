/**
 * The annual plan (Jahresplan) as plain data: which year the page opens with, which years it offers, the range it asks
 * the API for, and a year's meetings by month on the wall clock in Düren. Browser-safe (Intl only), unit-tested.
 */
import { localDate } from '../core/calendar/local-date.ts';
import { TIME_ZONE } from './dates.ts';
import { addDays } from './month-grid.ts';

/** From 1 September on, the coordination publishes next year's dates: the plan opens with that year. */
const NEXT_YEAR_FROM_MONTH = 9;

export function defaultPlanYear(today: string): number {
  const year = Number(today.slice(0, 4));
  return Number(today.slice(5, 7)) >= NEXT_YEAR_FROM_MONTH ? year + 1 : year;
}

/**
 * The years the page offers: last year (what took place), this year and the next — meetings exist up to the end of
 * the next calendar year (core/meetings/plan-horizon.ts), never further.
 */
export function planYears(today: string): number[] {
  const year = Number(today.slice(0, 4));
  return [year - 1, year, year + 1];
}

/** `?jahr=` when it is one of the offered years; otherwise undefined (the page says so and shows the default). */
export function parsePlanYear(text: string | null, today: string): number | undefined {
  if (text === null || !/^\d{4}$/.test(text)) return undefined;
  const year = Number(text);
  return planYears(today).includes(year) ? year : undefined;
}

/** The API reads whole UTC days: a day more on each side covers the hours Düren is ahead of UTC. */
export function planRange(year: number): { readonly from: string; readonly to: string } {
  return { from: addDays(`${String(year)}-01-01`, -1), to: addDays(`${String(year)}-12-31`, 1) };
}

export interface PlanMonth<T> {
  /** 1–12. */
  readonly month: number;
  /** The month's meetings, by start. */
  readonly meetings: readonly T[];
}

/** All twelve months of the year (an empty month is shown as such) with the meetings that start in it in Düren. */
export function meetingsByMonth<T extends { readonly start: string }>(year: number, meetings: readonly T[], timeZone: string = TIME_ZONE): PlanMonth<T>[] {
  const sorted = [...meetings].sort((a, b) => a.start.localeCompare(b.start));
  const months = Array.from({ length: 12 }, (_, i) => ({ month: i + 1, meetings: [] as T[] }));
  for (const meeting of sorted) {
    const date = localDate(new Date(meeting.start), timeZone);
    if (Number(date.slice(0, 4)) === year) months[Number(date.slice(5, 7)) - 1]?.meetings.push(meeting);
  }
  return months;
}
