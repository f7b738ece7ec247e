/**
 * Signed links for people without a KIM Flow account (RSVP links in invitations, a service's answer to a
 * referral): the link itself is the proof, so whoever holds it may do exactly what its payload says.
 *
 * Token: `<payload>.<signature>`, both base64url without padding; payload is compact JSON, signature is
 * HMAC-SHA256 over a purpose label plus the payload text as sent (so nothing is re-serialised before checking).
 * The label keeps a signature made with the same secret for one purpose from passing for another.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type * as z from 'zod';

const SIGNATURE_BYTES = 32;
// An HMAC key shorter than this is guessable offline from a single link.
const MIN_SECRET_LENGTH = 32;
// Generous for the ids and addresses a payload holds; caps the work an attacker can make us do per request.
const MAX_TOKEN_LENGTH = 2048;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

function checkedSecret(secret: string): string {
  if (secret.length < MIN_SECRET_LENGTH) throw new Error(`the link secret must be at least ${MIN_SECRET_LENGTH} characters long`);
  return secret;
}

function sign(purpose: string, encodedPayload: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(purpose).update(encodedPayload).digest();
}

/** `wire` must already be in its wire form (short keys), checked by the caller's schema. */
export function signLinkPayload(purpose: string, wire: unknown, secret: string): string {
  const encodedPayload = Buffer.from(JSON.stringify(wire), 'utf8').toString('base64url');
  return `${encodedPayload}.${sign(purpose, encodedPayload, checkedSecret(secret)).toString('base64url')}`;
}

/** The wire payload of a genuine, unaltered token of this purpose; undefined for anything else (never throws on bad input). */
export function verifyLinkPayload<T>(purpose: string, token: string, secret: string, schema: z.ZodType<T>): T | undefined {
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
  if (!timingSafeEqual(given, sign(purpose, encodedPayload, key))) return undefined;

  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(encodedPayload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const wire = schema.safeParse(json);
  return wire.success ? wire.data : undefined;
}

/** The link a person clicks: `<appUrl><path>?token=…` (`path` a public route of the API, e.g. `/api/rsvp`). */
export function signedLinkUrl(appUrl: string, path: string, token: string): string {
  const base = URL.parse(appUrl);
  // A query or fragment in the base would swallow the path appended to it.
  if (base === null || !['https:', 'http:'].includes(base.protocol) || base.search !== '' || base.hash !== '')
    throw new Error(`not an http(s) app URL without query and fragment: ${JSON.stringify(appUrl)}`);
  return `${appUrl.replace(/\/+$/, '')}${path}?token=${encodeURIComponent(token)}`;
}
