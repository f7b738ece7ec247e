import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RSVP_ANSWERS, rsvpUrl, signRsvp, verifyRsvp } from '../../core/meetings/rsvp-token.ts';
import type { RsvpPayload } from '../../core/meetings/rsvp-token.ts';

const SECRET = 'rsvp-test-secret-0123456789abcdef0123456789';
const payload: RsvpPayload = { meetingId: 'jour-fixe-2026-12-08', recipientEmail: 'jana.schmitz@traeger-a.example', answer: 'accepted', sequence: 2 };
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

describe('RSVP tokens', () => {
  it('round-trip, are compact and URL-safe', () => {
    const token = signRsvp(payload, SECRET);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(token.length).toBeLessThan(200);
    expect(verifyRsvp(token, SECRET)).toEqual(payload);
    const declined = { ...payload, answer: 'declined' as const, sequence: 0 };
    expect(verifyRsvp(signRsvp(declined, SECRET), SECRET)).toEqual(declined);
  });

  it('property: round-trip for any meeting id, address, answer and sequence', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 }),
        fc.emailAddress(),
        fc.constantFrom(...RSVP_ANSWERS),
        fc.nat(),
        (meetingId, recipientEmail, answer, sequence) => {
          const p = { meetingId, recipientEmail, answer, sequence };
          expect(verifyRsvp(signRsvp(p, SECRET), SECRET)).toEqual(p);
        },
      ),
    );
  });

  it('every changed character of a token is rejected', () => {
    const token = signRsvp(payload, SECRET);
    for (let i = 0; i < token.length; i++) {
      for (const replacement of BASE64URL + '.') {
        if (replacement === token[i]) continue;
        const tampered = token.slice(0, i) + replacement + token.slice(i + 1);
        expect(verifyRsvp(tampered, SECRET), `position ${i} → ${replacement}`).toBeUndefined();
      }
    }
  });

  it('every flipped bit of the decoded payload or signature is rejected', () => {
    const [encodedPayload = '', encodedSignature = ''] = signRsvp(payload, SECRET).split('.');
    for (const [part, other, first] of [
      [encodedPayload, encodedSignature, true],
      [encodedSignature, encodedPayload, false],
    ] as const) {
      const bytes = Buffer.from(part, 'base64url');
      for (let bit = 0; bit < bytes.length * 8; bit++) {
        const flipped = Buffer.from(bytes);
        flipped[bit >> 3] = (flipped[bit >> 3] ?? 0) ^ (1 << (bit & 7));
        const encoded = flipped.toString('base64url');
        expect(verifyRsvp(first ? `${encoded}.${other}` : `${other}.${encoded}`, SECRET)).toBeUndefined();
      }
    }
  });

  it('an answer cannot be turned into the other one by re-signing elsewhere', () => {
    const accepted = signRsvp(payload, SECRET);
    const declined = signRsvp({ ...payload, answer: 'declined' }, SECRET);
    const [acceptedPayload = ''] = accepted.split('.');
    const [, declinedSignature = ''] = declined.split('.');
    expect(verifyRsvp(`${acceptedPayload}.${declinedSignature}`, SECRET)).toBeUndefined();
    expect(verifyRsvp(accepted, 'another-secret-0123456789abcdef0123456789')).toBeUndefined();
  });

  it('rejects malformed input without throwing', () => {
    const [p = '', s = ''] = signRsvp(payload, SECRET).split('.');
    const unsigned = (json: string): string => Buffer.from(json).toString('base64url');
    for (const bad of ['', '.', 'abc', `${p}.`, `.${s}`, `${p}.${s}.x`, `${p}=.${s}`, `${p}.${s}=`, `${p} .${s}`, `${p}.${s.slice(0, -1)}`, `${p}.${s}AA`, 'a'.repeat(5000), `${unsigned('{}')}.${s}`])
      expect(verifyRsvp(bad, SECRET), JSON.stringify(bad.slice(0, 40))).toBeUndefined();
  });

  it('rejects a correctly signed payload that is not a valid RSVP', async () => {
    // Signed with the real key through the module's own scheme, but with content the schema must refuse.
    const { createHmac } = await import('node:crypto');
    const forge = (json: string): string => {
      const encoded = Buffer.from(json).toString('base64url');
      return `${encoded}.${createHmac('sha256', SECRET).update('kim-flow/rsvp/v1.').update(encoded).digest('base64url')}`;
    };
    expect(verifyRsvp(forge(JSON.stringify({ m: 'x', r: 'a@b.example', a: 'accepted', s: 1 })), SECRET)).toEqual({ meetingId: 'x', recipientEmail: 'a@b.example', answer: 'accepted', sequence: 1 });
    for (const json of ['not json', '[]', 'null', JSON.stringify({ m: 'x', r: 'a@b.example', a: 'maybe', s: 1 }), JSON.stringify({ m: 'x', r: 'a@b.example', a: 'accepted', s: -1 }), JSON.stringify({ m: 'x', r: 'a@b.example', a: 'accepted', s: 1, extra: true })])
      expect(verifyRsvp(forge(json), SECRET), json).toBeUndefined();
  });

  it('refuses weak secrets', () => {
    expect(() => signRsvp(payload, 'short')).toThrow(/at least 32/);
    expect(() => verifyRsvp('a.b', '')).toThrow(/at least 32/);
  });

  it('builds the link under the app URL', () => {
    expect(rsvpUrl('https://kim.kreis-dueren.example/', 'abc.def')).toBe('https://kim.kreis-dueren.example/api/rsvp?token=abc.def');
    expect(rsvpUrl('https://kim.kreis-dueren.example/app', 'abc.d-_')).toBe('https://kim.kreis-dueren.example/app/api/rsvp?token=abc.d-_');
    expect(() => rsvpUrl('javascript:alert(1)', 'x')).toThrow(/http/);
    expect(() => rsvpUrl('https://kim.example/?a=1', 'x')).toThrow(/query/);
  });
});
