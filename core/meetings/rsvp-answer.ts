/**
 * An RSVP link followed: the signed token says who answers what for which meeting. Recorded per recipient and
 * shown on the meeting; the answer page is German and says plainly what happened.
 */
import { escapeHtml } from '../html/escape-html.ts';
import type { Clock } from '../clock.ts';
import type { DistrictProfile } from '../profile/schema.ts';
import type { MeetingRepository } from './ports.ts';
import { verifyRsvp } from './rsvp-token.ts';

export interface RsvpPage {
  readonly statusCode: number;
  readonly html: string;
}

function page(title: string, message: string): string {
  return `<!doctype html><html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} – KIM Flow</title></head><body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></main></body></html>`;
}

const dateTime = (iso: string, timeZone: string): string =>
  new Intl.DateTimeFormat('de-DE', { dateStyle: 'long', timeStyle: 'short', timeZone }).format(new Date(iso));

export async function answerRsvp(
  deps: { profile: DistrictProfile; clock: Clock; meetings: MeetingRepository },
  token: string | undefined,
  secret: string,
): Promise<RsvpPage> {
  const payload = token === undefined ? undefined : verifyRsvp(token, secret);
  if (payload === undefined) return { statusCode: 400, html: page('Link ungültig', 'Dieser Antwort-Link ist ungültig oder beschädigt. Bitte verwenden Sie den Link aus der neuesten Einladung.') };
  const meeting = await deps.meetings.getMeeting(payload.meetingId);
  if (meeting === undefined) return { statusCode: 404, html: page('Sitzung nicht gefunden', 'Diese Sitzung gibt es nicht (mehr).') };
  const when = dateTime(meeting.start, deps.profile.district.timeZone);
  if (meeting.status === 'cancelled') return { statusCode: 409, html: page('Sitzung abgesagt', `Die Sitzung am ${when} wurde abgesagt; eine Antwort ist nicht mehr nötig.`) };
  const recorded = await deps.meetings.recordRsvp(meeting.meetingId, { email: payload.recipientEmail, answer: payload.answer, sequence: payload.sequence, at: deps.clock.now().toISOString() });
  if (recorded === 'stale') {
    return { statusCode: 409, html: page('Antwort veraltet', 'Sie haben bereits auf eine neuere Einladung zu dieser Sitzung geantwortet; diese ältere Antwort wurde nicht übernommen.') };
  }
  const answer = payload.answer === 'accepted' ? 'Ihre Zusage' : 'Ihre Absage';
  return { statusCode: 200, html: page('Danke für Ihre Antwort', `${answer} zur Sitzung am ${when} ist gespeichert.`) };
}
