/**
 * Signed answer links (accept, tentative, decline) in meeting invitations (core/links/signed-link.ts): whoever holds the link may give
 * that one answer for that one recipient and meeting.
 *
 * The SEQUENCE is signed along so the answer can be matched to the version of the meeting it was given for;
 * whether an answer to an older version still counts (or arrives after the meeting) is for the caller to decide.
 */
import * as z from 'zod';
import { signedLinkUrl, signLinkPayload, verifyLinkPayload } from '../links/signed-link.ts';

/** iCalendar's PARTSTAT answers (RFC 5545): zugesagt, unter Vorbehalt, abgesagt. */
export const RSVP_ANSWERS = ['accepted', 'tentative', 'declined'] as const;
export type RsvpAnswer = (typeof RSVP_ANSWERS)[number];

export interface RsvpPayload {
  readonly meetingId: string;
  readonly recipientEmail: string;
  readonly answer: RsvpAnswer;
  readonly sequence: number;
}

const PURPOSE = 'kim-flow/rsvp/v1.';

// Short keys keep the links short; the wire form never leaves this module.
const wireSchema = z.strictObject({
  m: z.string().min(1).max(200),
  r: z.string().min(3).max(254),
  a: z.enum(RSVP_ANSWERS),
  s: z.int().min(0),
});

export function signRsvp(payload: RsvpPayload, secret: string): string {
  return signLinkPayload(PURPOSE, wireSchema.parse({ m: payload.meetingId, r: payload.recipientEmail, a: payload.answer, s: payload.sequence }), secret);
}

/** The payload of a genuine, unaltered token; undefined for anything else (never throws on bad input). */
export function verifyRsvp(token: string, secret: string): RsvpPayload | undefined {
  const wire = verifyLinkPayload(PURPOSE, token, secret, wireSchema);
  return wire === undefined ? undefined : { meetingId: wire.m, recipientEmail: wire.r, answer: wire.a, sequence: wire.s };
}

/** The link a recipient clicks: `<appUrl>/api/rsvp?token=…` (the public RSVP route of the API). */
export const rsvpUrl = (appUrl: string, token: string): string => signedLinkUrl(appUrl, '/api/rsvp', token);
