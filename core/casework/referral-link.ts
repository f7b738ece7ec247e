/**
 * The signed link in a referral mail (core/links/signed-link.ts): whoever holds it may answer that one referral —
 * accept, decline with a coded reason, report the first appointment, completion or a no-show. The service has no
 * KIM Flow account; it got the person's data by the same mail, so the link opens nothing it does not already know.
 *
 * The link expires REFERRAL_LINK_DAYS after the mail was sent: long enough for the answer (the coordination is told
 * after 20 working days of silence), the first appointment and, mostly, the end of the counselling; short enough
 * that a forwarded or long-kept mail stops being a way to change the case. Later answers the case manager records.
 */
import * as z from 'zod';
import { signedLinkUrl, signLinkPayload, verifyLinkPayload } from '../links/signed-link.ts';
import { DAY_MS } from '../clock.ts';

export const REFERRAL_LINK_DAYS = 60;

// Distinct from the RSVP label: a signature for one purpose never passes for the other.
const PURPOSE = 'kim-flow/referral-answer/v1.';

// Short keys keep the link short; `x` is the expiry in epoch seconds.
const wireSchema = z.strictObject({ r: z.string().min(1).max(80), x: z.int().min(0) });

export interface ReferralLinkPayload {
  readonly referralId: string;
  readonly expiresAt: Date;
}

export const referralLinkExpiry = (sentAt: Date): Date => new Date(sentAt.getTime() + REFERRAL_LINK_DAYS * DAY_MS);

export function signReferralLink(payload: ReferralLinkPayload, secret: string): string {
  return signLinkPayload(PURPOSE, wireSchema.parse({ r: payload.referralId, x: Math.floor(payload.expiresAt.getTime() / 1000) }), secret);
}

/** The referral a genuine, unaltered link answers; 'invalid' for anything else, 'expired' once its time is up. */
export function verifyReferralLink(token: string, secret: string, now: Date): { readonly referralId: string } | 'invalid' | 'expired' {
  const wire = verifyLinkPayload(PURPOSE, token, secret, wireSchema);
  if (wire === undefined) return 'invalid';
  return wire.x * 1000 <= now.getTime() ? 'expired' : { referralId: wire.r };
}

/** The public route of the API the link leads to (functions/referral-links/). */
export const REFERRAL_ANSWER_PATH = '/api/referral-answer';

export const referralAnswerUrl = (appUrl: string, token: string): string => signedLinkUrl(appUrl, REFERRAL_ANSWER_PATH, token);
