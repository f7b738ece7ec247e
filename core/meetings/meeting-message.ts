/**
 * One meeting mail for one recipient, ready for `Mailer.send`: the German text and HTML, the signed RSVP links
 * and the calendar part whose iTIP method matches the mail (REQUEST for invitation and update, CANCEL for a
 * cancellation, none for a reminder, which changes nothing in the calendar).
 *
 * One mail per recipient because the RSVP links are personal; the calendar part still lists every attendee, as
 * calendars expect of an invitation. The reconciler decides who gets which kind when; this only composes.
 */
import type { OutgoingMail } from '../mail/mail-message.ts';
import type { Body } from '../profile/schema.ts';
import { agendaDescription, calendarEntry, isCalendarEmail, oneLine } from './calendar-entry.ts';
import { OPEN_ACTIONS_TITLE, type TrackedAction } from './minutes.ts';
import { germanDay } from './minutes-document.ts';
import type { CalendarContact, CalendarMethod } from './calendar-entry.ts';
import { meetingUid } from './meeting.ts';
import type { MeetingRecord } from './meeting.ts';
import { guestLine, meetingMailContent } from './meeting-mails.ts';
import type { CancellationReason, MeetingChange, MeetingDetails, MeetingMailInput, RsvpLinks } from './meeting-mails.ts';
import { rsvpUrl, signRsvp, type RsvpAnswer } from './rsvp-token.ts';

export type MeetingMailRequest =
  | { readonly kind: 'invitation' }
  | { readonly kind: 'update'; readonly changes: readonly MeetingChange[] }
  /** Without a reason: the meeting was cancelled. */
  | { readonly kind: 'cancellation'; readonly reason?: CancellationReason }
  | { readonly kind: 'reminder'; readonly workingDaysBefore: number };

export interface MeetingMailContext {
  /** The coordination: ORGANIZER of every entry. */
  readonly organizer: CalendarContact;
  /** Everyone invited: current members and the meeting's guests. */
  readonly attendees: readonly CalendarContact[];
  /** Base of the RSVP links, e.g. `https://kim.kreis-dueren.de`. */
  readonly appUrl: string;
  readonly rsvpSecret: string;
  /** The district's zone (Europe/Berlin). */
  readonly timeZone: string;
  /** Part of the calendar UID, so two districts' meetings never collide in one calendar. */
  readonly districtId: string;
  /** DTSTAMP of the calendar part; defaults to now. */
  readonly now?: Date;
  readonly alarmMinutesBefore?: number;
  /**
   * Calendar parts built already: an invitation's or update's part is the same for every invitee of a meeting, so a
   * caller sending to many passes one Map for them and each part is built once, not once per recipient.
   */
  readonly calendarParts?: Map<string, string>;
  /** The body's action items still open from earlier meetings: the agenda's last item, until they are done. */
  readonly openActions?: readonly Pick<TrackedAction, 'what' | 'due' | 'owner'>[];
}

/** The agenda as mail and calendar show it: the meeting's items, then the open action items of earlier meetings. */
function agendaTitles(meeting: MeetingRecord, context: MeetingMailContext): string[] {
  const titles = meeting.agenda.map((item) => item.title);
  const open = context.openActions ?? [];
  if (open.length === 0) return titles;
  return [...titles, `${OPEN_ACTIONS_TITLE}: ${open.map((a) => `${oneLine(a.what)} (${oneLine(a.owner.name)}, bis ${germanDay(a.due)})`).join('; ')}`];
}

const sameAddress = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

function instant(iso: string, what: string): Date {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new RangeError(`meeting ${what} is not a valid instant: ${JSON.stringify(iso)}`);
  return date;
}

function calendarDescription(meeting: MeetingRecord, context: MeetingMailContext): string {
  const lines = [agendaDescription(agendaTitles(meeting, context))];
  if (meeting.guests.length > 0) {
    lines.push(['Gäste:', ...meeting.guests.map((guest) => `- ${guestLine(guest)}`)].join('\n'));
  }
  return lines.join('\n\n');
}

function rsvpLinks(meeting: MeetingRecord, recipient: CalendarContact, context: MeetingMailContext): RsvpLinks {
  const link = (answer: RsvpAnswer): string =>
    rsvpUrl(context.appUrl, signRsvp({ meetingId: meeting.meetingId, recipientEmail: recipient.email, answer, sequence: meeting.sequence }, context.rsvpSecret));
  return { accept: link('accepted'), tentative: link('tentative'), decline: link('declined') };
}

export function meetingMail(request: MeetingMailRequest, meeting: MeetingRecord, body: Pick<Body, 'id' | 'name'>, recipient: CalendarContact, context: MeetingMailContext): OutgoingMail {
  // A mismatch would announce the meeting under another body's name.
  if (body.id !== meeting.bodyId) throw new Error(`meeting ${meeting.meetingId} belongs to body ${meeting.bodyId}, not ${body.id}`);
  if (!isCalendarEmail(recipient.email)) throw new Error(`not a usable recipient address: ${JSON.stringify(recipient.email)}`);
  const memberLeft = request.kind === 'cancellation' && request.reason === 'membershipEnded';
  if (meeting.status === 'cancelled' && request.kind !== 'cancellation') throw new Error(`meeting ${meeting.meetingId} is cancelled; only cancellations may be sent`);
  if (request.kind === 'cancellation' && !memberLeft && meeting.status !== 'cancelled') throw new Error(`meeting ${meeting.meetingId} is not cancelled`);
  // For a departing member the CANCEL names only them, which withdraws their entry without cancelling the
  // meeting for everybody. A cancelled meeting may reach someone invited earlier who has left since: the CANCEL
  // names them too, as RFC 5546 asks of everyone it removes.
  const listed = context.attendees.some((attendee) => sameAddress(attendee.email, recipient.email));
  let attendees = context.attendees;
  if (memberLeft) attendees = [recipient];
  else if (request.kind === 'cancellation' && !listed) attendees = [...context.attendees, recipient];
  // Calendars treat an invitation that does not name the recipient as someone else's: a caller's mistake.
  if ((request.kind === 'invitation' || request.kind === 'update') && !listed) throw new Error('the recipient of an invitation must be one of its attendees');

  const start = instant(meeting.start, 'start');
  const end = instant(meeting.end, 'end');
  const details: MeetingDetails = {
    bodyName: body.name,
    start,
    end,
    location: meeting.location,
    agenda: agendaTitles(meeting, context),
    guests: meeting.guests.map((guest) => ({ name: guest.name, ...(guest.topic === undefined ? {} : { topic: guest.topic }) })),
    timeZone: context.timeZone,
  };

  let input: MeetingMailInput;
  let method: CalendarMethod | undefined;
  switch (request.kind) {
    case 'invitation':
      input = { kind: 'invitation', meeting: details, rsvp: rsvpLinks(meeting, recipient, context) };
      method = 'REQUEST';
      break;
    case 'update':
      input = { kind: 'update', meeting: details, changes: request.changes, rsvp: rsvpLinks(meeting, recipient, context) };
      method = 'REQUEST';
      break;
    case 'cancellation':
      input = { kind: 'cancellation', meeting: details, ...(request.reason === undefined ? {} : { reason: request.reason }) };
      method = 'CANCEL';
      break;
    case 'reminder':
      input = { kind: 'reminder', meeting: details, workingDaysBefore: request.workingDaysBefore };
      method = undefined;
      break;
  }

  const content = meetingMailContent(input);
  const mail: OutgoingMail = { to: [recipient.email], subject: content.subject, text: content.text, html: content.html };
  if (method === undefined) return mail;
  const partKey = [meeting.meetingId, meeting.version, meeting.sequence, method, context.now?.toISOString() ?? '', ...attendees.flatMap((a) => [a.name, a.email])].join('\n');
  let calendarPart = context.calendarParts?.get(partKey);
  if (calendarPart === undefined) {
    calendarPart = calendarEntry({
      method,
      uid: meetingUid(meeting.meetingId, context.districtId),
      sequence: meeting.sequence,
      start,
      end,
      summary: body.name,
      location: meeting.location,
      description: calendarDescription(meeting, context),
      organizer: context.organizer,
      attendees,
      timeZone: context.timeZone,
      ...(context.alarmMinutesBefore === undefined ? {} : { alarmMinutesBefore: context.alarmMinutesBefore }),
      ...(context.now === undefined ? {} : { stamp: context.now }),
    });
    context.calendarParts?.set(partKey, calendarPart);
  }
  return { ...mail, icalEvent: { method, content: calendarPart } };
}
