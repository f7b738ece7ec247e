/** The calendar date (YYYY-MM-DD) of an instant in a time zone, e.g. "today" in Europe/Berlin. */

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
