/**
 * The iCalendar object (RFC 5545, iTIP RFC 5546) of one meeting: what Outlook and Thunderbird turn into — or
 * remove from — the recipient's calendar. Built with ical-generator; this module only decides what goes in and
 * guards the two places where the library leaves room for mistakes:
 *
 * - Wall-clock times. ical-generator writes `DTSTART;TZID=…` from a plain `Date` with the *process's* local
 *   getters, so on Lambda (TZ=UTC) 10:00 Berlin would come out as 09:00 or 08:00 "Berlin". We hand it a
 *   zoned date-time (the library's Temporal interface) whose wall clock is computed with Intl for the meeting's
 *   zone, so the output does not depend on the process time zone.
 * - Text. The library escapes TEXT values (`\`, `;`, `,`, line breaks) and encodes parameter values (RFC 6868)
 *   and folds lines at 75 octets without splitting a UTF-8 sequence. It cannot do that for strings that are not
 *   well-formed UTF-16 (a lone surrogate has no UTF-8 form and would upset its octet count), and control
 *   characters are not allowed in iCalendar at all; both are cleaned here first. Single-line values (names,
 *   place, title) lose their line breaks, so a name with CR/LF cannot even look like a second property.
 */
import ical, { ICalAlarmType, ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { ICalTemporalInstantStub, ICalTemporalPlainDateTimeStub, ICalTemporalZonedDateTimeStub } from 'ical-generator';
import { tzlib_get_ical_block } from 'timezones-ical-library';

export interface CalendarContact {
  readonly name: string;
  readonly email: string;
}

export type CalendarMethod = 'REQUEST' | 'CANCEL';

export interface CalendarEntryInput {
  /** REQUEST invites or updates (same UID, higher SEQUENCE); CANCEL removes the entry. */
  readonly method: CalendarMethod;
  /** Stable per meeting (see `meetingUid`): it is how calendars recognise an update or a cancellation. */
  readonly uid: string;
  /** Raised on every change; calendars ignore a message whose SEQUENCE is lower than the one they hold. */
  readonly sequence: number;
  readonly start: Date;
  readonly end: Date;
  readonly summary: string;
  readonly location: string;
  /** Free text; line breaks are kept (see `agendaDescription`). */
  readonly description: string;
  readonly organizer: CalendarContact;
  readonly attendees: readonly CalendarContact[];
  /** IANA zone the times are written in (TZID plus its VTIMEZONE); the district's zone, i.e. Europe/Berlin. */
  readonly timeZone: string;
  /** Only for REQUEST; defaults to 30 minutes. */
  readonly alarmMinutesBefore?: number;
  readonly url?: string;
  /** DTSTAMP: when this message was created. Defaults to now; pass the clock's time for reproducible output. */
  readonly stamp?: Date;
}

export const DEFAULT_ALARM_MINUTES = 30;
// A week; a display alarm further ahead than that is a configuration mistake, not a reminder.
const MAX_ALARM_MINUTES = 7 * 24 * 60;

// --- text --------------------------------------------------------------------------------------------------

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// Unicode line breaks besides CR/LF (NEL, LS, PS): some clients render them as new lines, so treat them as such.
const LINE_BREAK = /\r\n|[\r\n\u0085\u2028\u2029]/g;
// RFC 5545 CONTROL (3.3.11 TEXT) — C0 except HTAB and the line breaks handled above, DEL — and the C1 controls.
// eslint-disable-next-line no-control-regex -- control characters are exactly what this removes
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
// Embedding/override/isolate controls can reorder the text around a name ("Trojan Source"); the API refuses
// them at input (core/intake/text-rules.ts), here they are dropped in case older data carries them.
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/g;

/** Text that can be encoded as UTF-8 and contains no characters iCalendar forbids; line breaks become `\n`. */
export function cleanText(value: string): string {
  return value.replace(LONE_SURROGATE, '\uFFFD').replace(LINE_BREAK, '\n').replace(CONTROL, ' ').replace(BIDI_CONTROL, '');
}

/** `cleanText` on one line: every line break (and the spaces around it) becomes a single space. */
export function oneLine(value: string): string {
  return cleanText(value)
    .replace(/[ \t]*\n[ \t\n]*/g, ' ')
    .trim();
}

/** The calendar description of an agenda: "Tagesordnung:" and one numbered line per item. */
export function agendaDescription(titles: readonly string[]): string {
  if (titles.length === 0) return 'Tagesordnung: wird noch ergänzt.';
  return ['Tagesordnung:', ...titles.map((title, index) => `${index + 1}. ${oneLine(title)}`)].join('\n');
}

// --- checks ------------------------------------------------------------------------------------------------

// Conservative on purpose: addresses land unquoted after `mailto:`; whitespace, quotes, `;`, `:`, `,`, `<>` and
// backslashes could end the value or the property, so such an address is refused rather than escaped.
const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

export function isCalendarEmail(email: string): boolean {
  return email.length <= 254 && EMAIL.test(email);
}

function checkedEmail(email: string): string {
  if (!isCalendarEmail(email)) throw new Error(`not a usable e-mail address for a calendar entry: ${JSON.stringify(email)}`);
  return email;
}

// ical-generator writes the UID unescaped; ours are `<meetingId>@<districtId>.kim-flow`.
const UID = /^[A-Za-z0-9._@-]{1,255}$/;

function checkedUid(uid: string): string {
  if (!UID.test(uid)) throw new Error(`not a usable calendar UID: ${JSON.stringify(uid)}`);
  return uid;
}

function checkedUrl(url: string): string {
  const parsed = URL.parse(url);
  if (parsed === null || !['https:', 'http:'].includes(parsed.protocol)) throw new Error(`not an http(s) link: ${JSON.stringify(url)}`);
  // The library backslash-escapes `;` and `,` in URI values (they are not TEXT), which would change the link.
  if (/[;,]/.test(parsed.href)) throw new Error(`calendar links must not contain ";" or ",": ${JSON.stringify(url)}`);
  return parsed.href;
}

function checkedInstant(date: Date, what: string): number {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`${what} is not a valid date`);
  return ms;
}

// --- time zone ---------------------------------------------------------------------------------------------

const vtimezoneCache = new Map<string, string>();

/** The VTIMEZONE block of an IANA zone, from timezones-ical-library (no hand-written offsets). */
function vtimezone(timeZone: string): string {
  const cached = vtimezoneCache.get(timeZone);
  if (cached !== undefined) return cached;
  const block = tzlib_get_ical_block(timeZone);
  const component = Array.isArray(block) ? block[0] : undefined;
  // The library maps some names to others (UTC → Etc/UTC); a VTIMEZONE with another TZID would not resolve.
  if (component === undefined || !component.includes(`\r\nTZID:${timeZone}\r\n`)) throw new RangeError(`no VTIMEZONE for the time zone ${JSON.stringify(timeZone)}`);
  vtimezoneCache.set(timeZone, component);
  return component;
}

const wallClockFormats = new Map<string, Intl.DateTimeFormat>();

function wallClockFormat(timeZone: string): Intl.DateTimeFormat {
  let format = wallClockFormats.get(timeZone);
  if (format === undefined) {
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
    wallClockFormats.set(timeZone, format);
  }
  return format;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** The wall-clock time as if it were UTC, in epoch milliseconds: makes two wall clocks comparable. */
  asUtc: number;
}

function wallClock(epochMilliseconds: number, timeZone: string): WallClock {
  const parts = Object.fromEntries(
    wallClockFormat(timeZone)
      .formatToParts(epochMilliseconds)
      .map((part) => [part.type, Number(part.value)]),
  );
  const year = parts.year ?? 0;
  const month = parts.month ?? 1;
  const day = parts.day ?? 1;
  const hour = parts.hour ?? 0;
  const minute = parts.minute ?? 0;
  const second = parts.second ?? 0;
  return { year, month, day, hour, minute, second, asUtc: Date.UTC(year, month - 1, day, hour, minute, second) };
}

const HOUR_MS = 3_600_000;

/**
 * A local time that occurs twice (the hour before the autumn change is repeated) cannot be written with TZID
 * unambiguously: RFC 5545 (3.3.5) says it means the first occurrence, ical.js reads the second. Writing it anyway
 * would put the meeting an hour off in some calendars. Office hours never get there; refuse rather than guess.
 */
function checkUnambiguous(epochMilliseconds: number, timeZone: string, what: string): void {
  const local = wallClock(epochMilliseconds, timeZone).asUtc;
  // Zone offsets change by at most a few hours; another instant with the same wall clock lies within that.
  for (let shift = 15 * 60_000; shift <= 3 * HOUR_MS; shift += 15 * 60_000) {
    if (wallClock(epochMilliseconds - shift, timeZone).asUtc === local || wallClock(epochMilliseconds + shift, timeZone).asUtc === local)
      throw new RangeError(`${what} ${new Date(epochMilliseconds).toISOString()} falls in the hour that occurs twice in ${timeZone} and cannot be written unambiguously`);
  }
}

/**
 * An instant seen on the wall clock of `timeZone`, shaped as ical-generator's Temporal.ZonedDateTime interface.
 * The library formats such a value as the zone's local date-time, independent of the process time zone.
 */
function zonedDateTime(epochMilliseconds: number, timeZone: string): ICalTemporalZonedDateTimeStub {
  const { year, month, day, hour, minute, second } = wallClock(epochMilliseconds, timeZone);
  const iso = `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}`;

  const self: ICalTemporalZonedDateTimeStub = {
    year,
    month,
    day,
    hour,
    minute,
    second,
    timeZoneId: timeZone,
    toInstant: (): ICalTemporalInstantStub => {
      const text = new Date(epochMilliseconds).toISOString();
      return {
        epochMilliseconds,
        toJSON: () => text,
        toString: () => text,
        toZonedDateTimeISO: (zone) => zonedDateTime(epochMilliseconds, zone),
      };
    },
    toJSON: () => `${iso}[${timeZone}]`,
    toString: () => `${iso}[${timeZone}]`,
    withTimeZone: (zone) => (zone === timeZone ? self : zonedDateTime(epochMilliseconds, zone)),
    toPlainDateTime: (): ICalTemporalPlainDateTimeStub => ({
      year,
      month,
      day,
      hour,
      minute,
      second,
      toJSON: () => iso,
      toString: () => iso,
      toPlainDate: () => ({ year, month, day, toJSON: () => iso.slice(0, 10), toString: () => iso.slice(0, 10) }),
      // Only the zone this wall clock came from maps back unambiguously (an autumn hour occurs twice).
      toZonedDateTime: (zone) => {
        if (zone !== timeZone) throw new RangeError(`cannot move the wall-clock time ${iso} from ${timeZone} to ${zone}`);
        return self;
      },
    }),
  };
  return self;
}

// --- the entry ---------------------------------------------------------------------------------------------

export function calendarEntry(input: CalendarEntryInput): string {
  const startMs = checkedInstant(input.start, 'start');
  const endMs = checkedInstant(input.end, 'end');
  if (endMs <= startMs) throw new RangeError('a meeting must end after it starts');
  if (!Number.isSafeInteger(input.sequence) || input.sequence < 0) throw new RangeError(`SEQUENCE must be a whole number ≥ 0, got ${input.sequence}`);
  const alarmMinutes = input.alarmMinutesBefore ?? DEFAULT_ALARM_MINUTES;
  if (!Number.isSafeInteger(alarmMinutes) || alarmMinutes < 1 || alarmMinutes > MAX_ALARM_MINUTES)
    throw new RangeError(`the alarm must be 1 to ${MAX_ALARM_MINUTES} minutes before the meeting, got ${alarmMinutes}`);
  const stamp = input.stamp ?? new Date();
  checkedInstant(stamp, 'stamp');
  const timezoneBlock = vtimezone(input.timeZone);
  checkUnambiguous(startMs, input.timeZone, 'start');
  checkUnambiguous(endMs, input.timeZone, 'end');
  const isRequest = input.method === 'REQUEST';

  const calendar = ical({
    prodId: { company: 'KIM Flow', product: 'Sitzungen', language: 'DE' },
    method: isRequest ? ICalCalendarMethod.REQUEST : ICalCalendarMethod.CANCEL,
    // name: null keeps DTSTAMP in UTC (a calendar-wide zone would make the library write it as local time);
    // the generator still adds the VTIMEZONE of every zone an event uses.
    timezone: { name: null, generator: (zone) => (zone === input.timeZone ? timezoneBlock : null) },
  });

  const event = calendar.createEvent({
    id: checkedUid(input.uid),
    sequence: input.sequence,
    stamp,
    timezone: input.timeZone,
    start: zonedDateTime(startMs, input.timeZone),
    end: zonedDateTime(endMs, input.timeZone),
    summary: oneLine(input.summary),
    location: oneLine(input.location),
    description: cleanText(input.description),
    organizer: { name: oneLine(input.organizer.name), email: checkedEmail(input.organizer.email) },
    status: isRequest ? ICalEventStatus.CONFIRMED : ICalEventStatus.CANCELLED,
    ...(input.url === undefined ? {} : { url: checkedUrl(input.url) }),
  });

  for (const attendee of input.attendees) {
    event.createAttendee({
      name: oneLine(attendee.name),
      email: checkedEmail(attendee.email),
      role: ICalAttendeeRole.REQ,
      status: ICalAttendeeStatus.NEEDSACTION,
      rsvp: true,
    });
  }

  if (isRequest) {
    event.createAlarm({ type: ICalAlarmType.display, trigger: alarmMinutes * 60, description: `Erinnerung: ${oneLine(input.summary)}` });
  }

  // The library ends without CRLF; RFC 5545 ends every content line with one, including the last.
  return `${calendar.toString()}\r\n`;
}
