/**
 * The calendar part of a mail in the local outbox: what an invitation, update or cancellation would do in the
 * recipient's calendar (METHOD, SEQUENCE, SUMMARY, DTSTART), and the part itself as an .ics. The MIME is read with
 * mailparser and the iCalendar with ical.js — the same readers the meeting-mail tests check the mails with; both
 * are development dependencies, like everything else `npm start` runs from the repository.
 */
import ICAL from 'ical.js';
import { simpleParser } from 'mailparser';
import { formatGerman } from '../../core/calendar/german-format.ts';

export interface OutboxCalendar {
  /** iTIP method (RFC 5546): REQUEST invites or updates, CANCEL removes the entry. */
  readonly method: string;
  readonly sequence: number;
  readonly summary?: string;
  /** DTSTART as written: a wall-clock time (`2026-12-08T10:00:00`) in `timeZone`, or a UTC instant ending in Z. */
  readonly start?: string;
  readonly timeZone?: string;
}

// Outlook and Thunderbird act on the text/calendar alternative; nodemailer adds the same object as an
// application/ics attachment for other programs. Either will do when only one is there.
export const CALENDAR_TYPES: readonly string[] = ['text/calendar', 'application/ics'];

/** The iCalendar text of the message's calendar part, or undefined when it has none. */
export async function calendarText(raw: Buffer): Promise<string | undefined> {
  // Most mails (case notifications, reminders) have no calendar part: no need to parse them.
  if (!raw.includes('text/calendar') && !raw.includes('application/ics')) return undefined;
  const { attachments } = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true });
  const part = CALENDAR_TYPES.map((type) => attachments.find((a) => a.contentType === type)).find((a) => a !== undefined);
  return part?.content.toString('utf8');
}

/** What the calendar object does; throws when it is no iCalendar object at all. */
export function summariseCalendar(text: string): OutboxCalendar {
  const root = new ICAL.Component(ICAL.parse(text) as unknown[]);
  const event = root.getFirstSubcomponent('vevent');
  const summary = event?.getFirstPropertyValue('summary');
  const start = event?.getFirstProperty('dtstart');
  const startValue = start?.getFirstValue();
  const timeZone = start?.getParameter('tzid');
  return {
    method: String(root.getFirstPropertyValue('method') ?? 'PUBLISH').toUpperCase(),
    sequence: Number(event?.getFirstPropertyValue('sequence') ?? 0),
    ...(typeof summary === 'string' ? { summary } : {}),
    ...(startValue instanceof ICAL.Time ? { start: startValue.toString() } : {}),
    ...(typeof timeZone === 'string' ? { timeZone } : {}),
  };
}

/** Einladung, Aktualisierung or Absage, as the recipient's calendar would take it. */
export function calendarKind(calendar: Pick<OutboxCalendar, 'method' | 'sequence'>): string {
  if (calendar.method === 'CANCEL') return 'Absage';
  if (calendar.method === 'REQUEST') return calendar.sequence > 0 ? 'Aktualisierung' : 'Einladung';
  return calendar.method;
}

/** DTSTART in German: an instant in Düren's time, a wall-clock time as written (with its zone unless Düren's). */
export function calendarStart(calendar: Pick<OutboxCalendar, 'start' | 'timeZone'>): string | undefined {
  const { start, timeZone } = calendar;
  if (start === undefined) return undefined;
  if (start.endsWith('Z')) return `${formatGerman(new Date(start), 'dateTime', 'Europe/Berlin')} Uhr`;
  // Dates and wall-clock digits are formatted as they are: read as UTC and shown in UTC, nothing shifts them.
  if (/^\d{4}-\d{2}-\d{2}$/.test(start)) return `${formatGerman(new Date(`${start}T00:00:00Z`), 'date', 'UTC')} (ganztägig)`;
  const text = `${formatGerman(new Date(`${start}Z`), 'dateTime', 'UTC')} Uhr`;
  return timeZone === undefined || timeZone === 'Europe/Berlin' ? text : `${text} (${timeZone})`;
}
