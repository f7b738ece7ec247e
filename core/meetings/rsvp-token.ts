/**
 * Signed accept/decline links in meeting invitations. Members and guests have no KIM Flow account, so the link
 * itself is the proof: whoever holds it may give that one answer for that one recipient and meeting.
 *
 * Token: `<payload>.<signature>`, both base64url without padding; payload is compact JSON, signature is
 * HMAC-SHA256 over a purpose label plus the payload text as sent (so nothing is re-serialised before checking).
 * The label keeps a signature made with the same secret for another purpose from passing as an RSVP.
 *
 * The SEQUENCE is signed along so the answer can be matched to the version of the meeting it was given for;
 * whether an answer to an older version still counts (or arrives after the meeting) is for the caller to decide.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';

export type RsvpAnswer = 'accepted' | 'declined';

export interface RsvpPayload {
  readonly meetingId: string;
  readonly recipientEmail: string;
  readonly answer: RsvpAnswer;
  readonly sequence: number;
}

const PURPOSE = 'kim-flow/rsvp/v1.';
const SIGNATURE_BYTES = 32;
// An HMAC key shorter than this is guessable offline from a single link.
const MIN_SECRET_LENGTH = 32;
// Generous for a meeting id and an e-mail address; caps the work an attacker can make us do per request.
const MAX_TOKEN_LENGTH = 2048;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

// Short keys keep the links short; the wire form never leaves this module.
const wireSchema = z.strictObject({
  m: z.string().min(1).max(200),
  r: z.string().min(3).max(254),
  a: z.enum(['accepted', 'declined']),
  s: z.int().min(0),
});

function checkedSecret(secret: string): string {
  if (secret.length < MIN_SECRET_LENGTH) throw new Error(`the RSVP secret must be at least ${MIN_SECRET_LENGTH} characters long`);
  return secret;
}

function sign(encodedPayload: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(PURPOSE).update(encodedPayload).digest();
}

export function signRsvp(payload: RsvpPayload, secret: string): string {
  const wire = wireSchema.parse({ m: payload.meetingId, r: payload.recipientEmail, a: payload.answer, s: payload.sequence });
  const encodedPayload = Buffer.from(JSON.stringify(wire), 'utf8').toString('base64url');
  return `${encodedPayload}.${sign(encodedPayload, checkedSecret(secret)).toString('base64url')}`;
}

/** The payload of a genuine, unaltered token; undefined for anything else (never throws on bad input). */
export function verifyRsvp(token: string, secret: string): RsvpPayload | undefined {
  const key = checkedSecret(secret);
  if (token.length > MAX_TOKEN_LENGTH) return undefined;
  const parts = token.split('.');
  if (parts.length !== 2) return undefined;
  const [encodedPayload = '', encodedSignature = ''] = parts;
  if (!BASE64URL.test(encodedPayload) || !BASE64URL.test(encodedSignature)) return undefined;

  const given = Buffer.from(encodedSignature, 'base64url');
  // Base64 leaves spare bits in the last character; without this check several spellings of the same signature
  // would pass, i.e. a changed character would not always be noticed.
  if (given.length !== SIGNATURE_BYTES || given.toString('base64url') !== encodedSignature) return undefined;
  if (!timingSafeEqual(given, sign(encodedPayload, key))) return undefined;

  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(encodedPayload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const wire = wireSchema.safeParse(json);
  if (!wire.success) return undefined;
  return { meetingId: wire.data.m, recipientEmail: wire.data.r, answer: wire.data.a, sequence: wire.data.s };
}

/** The link a recipient clicks: `<appUrl>/api/rsvp?token=…` (the public RSVP route of the API). */
export function rsvpUrl(appUrl: string, token: string): string {
  const base = URL.parse(appUrl);
  // A query or fragment in the base would swallow the path appended to it.
  if (base === null || !['https:', 'http:'].includes(base.protocol) || base.search !== '' || base.hash !== '')
    throw new Error(`not an http(s) app URL without query and fragment: ${JSON.stringify(appUrl)}`);
  return `${appUrl.replace(/\/+$/, '')}/api/rsvp?token=${encodeURIComponent(token)}`;
}
