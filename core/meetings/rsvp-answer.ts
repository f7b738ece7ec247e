/**
 * An RSVP link followed. Mail scanners (Safe Links and the like) open every link in a mail, so the GET only shows
 * what the link would answer and a button; the POST of that button records the answer. The signed token says who
 * answers what for which meeting; the pages are German and say plainly what happened.
 */
import { escapeHtml } from '../html/escape-html.ts';
import { formatGerman } from '../calendar/german-format.ts';
import type { Clock } from '../clock.ts';
import type { DistrictProfile } from '../profile/schema.ts';
import type { MeetingRecord } from './meeting.ts';
import type { MeetingRepository } from './ports.ts';
import { verifyRsvp, type RsvpPayload } from './rsvp-token.ts';

export interface RsvpPage {
  readonly statusCode: number;
  readonly html: string;
}

interface RsvpDependencies {
  readonly profile: DistrictProfile;
  readonly clock: Clock;
  readonly meetings: MeetingRepository;
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} – KIM Flow</title></head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}
const paragraph = (text: string): string => `<p>${escapeHtml(text)}</p>`;

/** "8. Dezember 2026 um 10:00" */
const dateTime = (iso: string, timeZone: string): string => formatGerman(new Date(iso), 'longDateTime', timeZone);

/** The meeting a valid token answers for, or the page that says why there is nothing to answer. */
async function target(deps: RsvpDependencies, token: string | undefined, secret: string): Promise<{ payload: RsvpPayload; meeting: MeetingRecord; when: string } | RsvpPage> {
  const payload = token === undefined ? undefined : verifyRsvp(token, secret);
  if (payload === undefined) return { statusCode: 400, html: page('Link ungültig', paragraph('Dieser Antwort-Link ist ungültig oder beschädigt. Bitte verwenden Sie den Link aus der neuesten Einladung.')) };
  const meeting = await deps.meetings.getMeeting(payload.meetingId);
  if (meeting === undefined) return { statusCode: 404, html: page('Sitzung nicht gefunden', paragraph('Diese Sitzung gibt es nicht (mehr).')) };
  const when = dateTime(meeting.start, deps.profile.district.timeZone);
  if (meeting.status === 'cancelled') return { statusCode: 409, html: page('Sitzung abgesagt', paragraph(`Die Sitzung am ${when} wurde abgesagt; eine Antwort ist nicht mehr nötig.`)) };
  if (new Date(meeting.start) <= deps.clock.now()) return { statusCode: 409, html: page('Sitzung vorbei', paragraph(`Die Sitzung am ${when} hat bereits stattgefunden.`)) };
  return { payload, meeting, when };
}

/** GET: shows what the link answers and asks to confirm — records nothing. */
export async function confirmRsvpPage(deps: RsvpDependencies, token: string | undefined, secret: string): Promise<RsvpPage> {
  const found = await target(deps, token, secret);
  if ('html' in found) return found;
  const answer = found.payload.answer === 'accepted' ? 'zusagen' : 'absagen';
  const form = `<form method="post" action="/api/rsvp"><input type="hidden" name="token" value="${escapeHtml(token ?? '')}"><button type="submit">Jetzt ${escapeHtml(answer)}</button></form>`;
  return { statusCode: 200, html: page(`Sitzung am ${found.when}`, paragraph(`Möchten Sie für die Sitzung am ${found.when} ${answer}?`) + form) };
}

/** POST (the button): records the answer. */
export async function answerRsvp(deps: RsvpDependencies, token: string | undefined, secret: string): Promise<RsvpPage> {
  const found = await target(deps, token, secret);
  if ('html' in found) return found;
  const { payload, meeting, when } = found;
  const recorded = await deps.meetings.recordRsvp(meeting.meetingId, { email: payload.recipientEmail, answer: payload.answer, sequence: payload.sequence, at: deps.clock.now().toISOString() });
  if (recorded === 'stale') {
    return { statusCode: 409, html: page('Antwort veraltet', paragraph('Sie haben bereits auf eine neuere Einladung zu dieser Sitzung geantwortet; diese ältere Antwort wurde nicht übernommen.')) };
  }
  const answer = payload.answer === 'accepted' ? 'Ihre Zusage' : 'Ihre Absage';
  return { statusCode: 200, html: page('Danke für Ihre Antwort', paragraph(`${answer} zur Sitzung am ${when} ist gespeichert.`)) };
}
