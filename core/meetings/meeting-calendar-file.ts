/**
 * The coordination's own calendar entry of a meeting (the .ics download): the same UID and SEQUENCE as the
 * mails, CANCEL once the meeting is cancelled.
 */
import type { Caller } from '../identity/caller.ts';
import { agendaDescription, calendarEntry } from './calendar-entry.ts';
import { bodyNameOf, meetingUid } from './meeting.ts';
import { meetingFor, requireStaff, type MeetingDependencies } from './meeting-admin.ts';
import { recipientsOf } from './recipients.ts';

export interface MeetingCalendarFile {
  readonly method: 'REQUEST' | 'CANCEL';
  readonly fileName: string;
  readonly text: string;
}

export async function meetingCalendarFile(deps: MeetingDependencies, caller: Caller, meetingId: string): Promise<MeetingCalendarFile> {
  requireStaff(caller);
  const meeting = await meetingFor(deps, meetingId);
  const { coordination } = deps.profile.district;
  const method = meeting.status === 'cancelled' ? 'CANCEL' : 'REQUEST';
  const text = calendarEntry({
    method,
    uid: meetingUid(meeting.meetingId, deps.profile.district.id),
    sequence: meeting.sequence,
    start: new Date(meeting.start),
    end: new Date(meeting.end),
    summary: bodyNameOf(deps.profile, meeting.bodyId),
    location: meeting.location,
    description: agendaDescription(meeting.agenda.map((a) => a.title)),
    organizer: { name: coordination.name, email: coordination.contact.email },
    attendees: await recipientsOf(deps, meeting),
    timeZone: deps.profile.district.timeZone,
    stamp: deps.clock.now(),
  });
  return { method, fileName: `${meeting.meetingId}.ics`, text };
}
