/**
 * How far ahead meetings exist. The coordination publishes the next calendar year's dates of all bodies in autumn
 * (the annual plan), so the meetings are materialised up to the end of the next calendar year — 12 to 24 months
 * ahead, never less than a year. Mails need far less: an invitation goes out at most 180 days before a meeting
 * (profile, invitationLeadDays), so a reconciling run looks only at the next year's meetings and at those changed
 * since they were planned (a moved or cancelled meeting further out may owe an update or a cancellation).
 */
import { DAY_MS } from '../clock.ts';
import { localDate } from '../calendar/local-date.ts';
import { zonedInstant } from '../calendar/zoned-time.ts';
import type { MeetingRecord } from './meeting.ts';

/** The year ahead a reconciling run looks at (longer than any invitation lead time). */
const NOTICE_WINDOW_DAYS = 366;

/** The end of the next calendar year in the district's time zone: 1 January of the year after, 00:00. */
export function planHorizon(now: Date, timeZone: string): Date {
  const year = Number(localDate(now, timeZone).slice(0, 4));
  return zonedInstant(`${String(year + 2)}-01-01`, '00:00', timeZone);
}

/** Whether a reconciling run has to look at the meeting (see above). */
export function mayOweNotice(meeting: Pick<MeetingRecord, 'start' | 'sequence'>, now: Date): boolean {
  return meeting.sequence > 0 || Date.parse(meeting.start) < now.getTime() + NOTICE_WINDOW_DAYS * DAY_MS;
}
