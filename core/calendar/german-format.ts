/**
 * Instants as German dates and times on the wall clock of a time zone — the one place mails, pages and the local
 * outbox format them, so "08.12.2026, 10:00" reads the same everywhere. Intl only (no node: imports): the web
 * pages bundle it too.
 */

const STYLES = {
  /** "08.12.2026" */
  date: { day: '2-digit', month: '2-digit', year: 'numeric' },
  /** "Dienstag" */
  weekday: { weekday: 'long' },
  /** "Dienstag, 08.12.2026" */
  weekdayDate: { weekday: 'long', day: '2-digit', month: '2-digit', year: 'numeric' },
  /** "Di., 08.12.2026" */
  shortWeekdayDate: { weekday: 'short', day: '2-digit', month: '2-digit', year: 'numeric' },
  /** "Dienstag, 8. Dezember 2026" */
  longDate: { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' },
  /** "14:00"; h23 spelled out, so midnight is "00:00" and never "24:00", whatever a runtime's locale data prefers. */
  time: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  /** "08.12.2026, 14:00" */
  dateTime: { dateStyle: 'medium', timeStyle: 'short' },
  /** "8. Dezember 2026 um 14:00" */
  longDateTime: { dateStyle: 'long', timeStyle: 'short' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

export type GermanFormat = keyof typeof STYLES;

// Building an Intl.DateTimeFormat costs far more than formatting with one: one per format and zone, made on first use.
const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(format: GermanFormat, timeZone: string): Intl.DateTimeFormat {
  const key = `${format} ${timeZone}`;
  let formatter = formats.get(key);
  if (formatter === undefined) {
    // Throws a RangeError for an unknown zone.
    formatter = new Intl.DateTimeFormat('de-DE', { ...STYLES[format], timeZone });
    formats.set(key, formatter);
  }
  return formatter;
}

/** The instant in German, as the wall clock of `timeZone` shows it. Throws a RangeError for an invalid date. */
export function formatGerman(instant: Date | number, format: GermanFormat, timeZone: string): string {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('cannot format an invalid date');
  return formatFor(format, timeZone).format(ms);
}
