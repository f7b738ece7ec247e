/**
 * A body's meetings as a subscribable calendar (iCalendar METHOD:PUBLISH): calendar programs fetch it without a
 * sign-in, so the URL carries a signature over the body's id. Times are written in UTC, which every calendar
 * program shows in its own zone; the entries keep the meetings' UIDs and SEQUENCEs, so they match the invitations.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { Clock } from '../clock.ts';
import { forbidden, notFound } from '../errors.ts';
import type { DistrictProfile } from '../profile/schema.ts';
import { agendaDescription, cleanText, oneLine } from './calendar-entry.ts';
import { meetingUid } from './meeting.ts';
import { planHorizon } from './plan-horizon.ts';
import type { MeetingRepository } from './ports.ts';
import { DAY_MS } from '../clock.ts';

export function feedToken(bodyId: string, secret: string): string {
  return createHmac('sha256', secret).update(`calendar-feed\n${bodyId}`).digest('base64url');
}

export function feedUrl(apiUrl: string, bodyId: string, secret: string): string {
  return `${apiUrl.replace(/\/$/, '')}/api/bodies/${encodeURIComponent(bodyId)}/calendar.ics?token=${feedToken(bodyId, secret)}`;
}

function validToken(bodyId: string, token: string | undefined, secret: string): boolean {
  if (token === undefined) return false;
  const expected = Buffer.from(feedToken(bodyId, secret));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export async function bodyFeed(
  deps: { profile: DistrictProfile; clock: Clock; meetings: Pick<MeetingRepository, 'listMeetings'> },
  bodyId: string,
  token: string | undefined,
  secret: string,
): Promise<string> {
  // The signature first: without it, the answer must not tell whether such a body exists (403 either way).
  if (!validToken(bodyId, token, secret)) throw forbidden();
  const body = deps.profile.bodies.find((b) => b.id === bodyId);
  if (body === undefined) throw notFound('Das Gremium');
  const now = deps.clock.now();
  // The last three months and the whole annual plan (plan-horizon.ts).
  const meetings = await deps.meetings.listMeetings(new Date(now.getTime() - 90 * DAY_MS), planHorizon(now, deps.profile.district.timeZone), bodyId);
  const calendar = ical({ prodId: { company: 'KIM Flow', product: 'Sitzungen', language: 'DE' }, method: ICalCalendarMethod.PUBLISH, name: oneLine(body.name) });
  for (const meeting of meetings) {
    const cancelled = meeting.status === 'cancelled';
    calendar.createEvent({
      id: meetingUid(meeting.meetingId, deps.profile.district.id),
      sequence: meeting.sequence,
      stamp: now,
      start: new Date(meeting.start),
      end: new Date(meeting.end),
      summary: `${cancelled ? 'Abgesagt: ' : ''}${oneLine(body.name)}`,
      location: oneLine(meeting.location),
      description: cleanText(agendaDescription(meeting.agenda.map((a) => a.title))),
      status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return `${calendar.toString()}\r\n`;
}
