/**
 * An RSVP link followed. Mail scanners (Safe Links and the like) open every link in a mail, so following the link
 * only finds out what it would answer (`rsvpTarget`); confirming records the answer (`answerRsvp`). The signed
 * token says who answers what for which meeting. Both return a decision; the meeting-links function turns it into
 * the German page the person sees.
 */
import { formatGerman } from '../calendar/german-format.ts';
import type { Clock } from '../clock.ts';
import type { DistrictProfile } from '../profile/schema.ts';
import type { MeetingRepository } from './ports.ts';
import { verifyRsvp, type RsvpPayload } from './rsvp-token.ts';

/** Why there is nothing to answer, or what the link answers for which meeting (`when`: German date and time). */
export type RsvpDecision =
  | { readonly outcome: 'invalid-link' }
  | { readonly outcome: 'unknown-meeting' }
  | { readonly outcome: 'cancelled'; readonly when: string }
  | { readonly outcome: 'past'; readonly when: string }
  | { readonly outcome: 'stale' }
  | { readonly outcome: 'confirm'; readonly when: string; readonly answer: RsvpPayload['answer']; readonly token: string }
  | { readonly outcome: 'recorded'; readonly when: string; readonly answer: RsvpPayload['answer'] };

interface RsvpDependencies {
  readonly profile: DistrictProfile;
  readonly clock: Clock;
  readonly meetings: MeetingRepository;
}

/** "8. Dezember 2026 um 10:00" */
const dateTime = (iso: string, timeZone: string): string => formatGerman(new Date(iso), 'longDateTime', timeZone);

type Target = { readonly outcome: 'answerable'; readonly payload: RsvpPayload; readonly when: string; readonly token: string };

/** The meeting a valid token answers for, or why there is nothing to answer. */
async function target(deps: RsvpDependencies, token: string | undefined, secret: string): Promise<Target | RsvpDecision> {
  const payload = token === undefined ? undefined : verifyRsvp(token, secret);
  if (token === undefined || payload === undefined) return { outcome: 'invalid-link' };
  const meeting = await deps.meetings.getMeeting(payload.meetingId);
  if (meeting === undefined) return { outcome: 'unknown-meeting' };
  const when = dateTime(meeting.start, deps.profile.district.timeZone);
  if (meeting.status === 'cancelled') return { outcome: 'cancelled', when };
  if (new Date(meeting.start) <= deps.clock.now()) return { outcome: 'past', when };
  return { outcome: 'answerable', payload, when, token };
}

/** Following the link: what it would answer — records nothing. */
export async function rsvpTarget(deps: RsvpDependencies, token: string | undefined, secret: string): Promise<RsvpDecision> {
  const found = await target(deps, token, secret);
  if (found.outcome !== 'answerable') return found;
  return { outcome: 'confirm', when: found.when, answer: found.payload.answer, token: found.token };
}

/** Confirming (the button): records the answer unless a newer invitation was answered already. */
export async function answerRsvp(deps: RsvpDependencies, token: string | undefined, secret: string): Promise<RsvpDecision> {
  const found = await target(deps, token, secret);
  if (found.outcome !== 'answerable') return found;
  const { payload, when } = found;
  const recorded = await deps.meetings.recordRsvp(payload.meetingId, { email: payload.recipientEmail, answer: payload.answer, sequence: payload.sequence, at: deps.clock.now().toISOString() });
  return recorded === 'stale' ? { outcome: 'stale' } : { outcome: 'recorded', when, answer: payload.answer };
}
