/** The calendar date (YYYY-MM-DD) of an instant in a time zone, e.g. "today" in Europe/Berlin. */
import { DAY_MS } from '../clock.ts';

// Building an Intl.DateTimeFormat costs far more than formatting with one: one per zone, kept.
const formats = new Map<string, Intl.DateTimeFormat>();

export function localDate(instant: Date, timeZone: string): string {
  let format = formats.get(timeZone);
  if (format === undefined) {
    // en-CA formats dates as YYYY-MM-DD.
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formats.set(timeZone, format);
  }
  return format.format(instant);
}

/** A calendar date (YYYY-MM-DD) `days` later (or earlier, when negative); plain date arithmetic, no time zone. */
export function addCalendarDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}
