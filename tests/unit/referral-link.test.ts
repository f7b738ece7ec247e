import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { referralAnswerUrl, referralLinkExpiry, REFERRAL_LINK_DAYS, signReferralLink, verifyReferralLink } from '../../core/casework/referral-link.ts';
import { signRsvp } from '../../core/meetings/rsvp-token.ts';

const SECRET = 'x'.repeat(32);
const SENT = new Date('2026-11-24T09:00:00Z');
const REFERRAL = 'KIM-2026-7QK3M2XD-V01';
const token = signReferralLink({ referralId: REFERRAL, expiresAt: referralLinkExpiry(SENT) }, SECRET);

describe('referral answer link', () => {
  it('names its referral until it expires, 60 days after the send', () => {
    expect(REFERRAL_LINK_DAYS).toBe(60);
    expect(verifyReferralLink(token, SECRET, SENT)).toEqual({ referralId: REFERRAL });
    expect(verifyReferralLink(token, SECRET, new Date('2027-01-23T08:59:59Z'))).toEqual({ referralId: REFERRAL });
    expect(verifyReferralLink(token, SECRET, new Date('2027-01-23T09:00:00Z'))).toBe('expired');
  });

  it('refuses any changed character, another secret and a signature for another purpose (RSVP)', () => {
    fc.assert(
      fc.property(fc.nat({ max: token.length - 1 }), fc.constantFrom('A', 'B', 'C', 'a', 'b', 'c', '0', '1', '2', '-', '_', '.'), (at, character) => {
        const changed = `${token.slice(0, at)}${character}${token.slice(at + 1)}`;
        fc.pre(changed !== token);
        expect(verifyReferralLink(changed, SECRET, SENT)).toBe('invalid');
      }),
    );
    expect(verifyReferralLink(token, 'y'.repeat(32), SENT)).toBe('invalid');
    const rsvp = signRsvp({ meetingId: REFERRAL, recipientEmail: 'a@b.example', answer: 'accepted', sequence: 0 }, SECRET);
    expect(verifyReferralLink(rsvp, SECRET, SENT)).toBe('invalid');
    for (const junk of ['', '.', 'a.b.c', 'x'.repeat(5000)]) expect(verifyReferralLink(junk, SECRET, SENT)).toBe('invalid');
  });

  it('refuses a short secret and builds the public URL', () => {
    expect(() => verifyReferralLink(token, 'short', SENT)).toThrow(/at least 32/);
    expect(referralAnswerUrl('https://kim.example/', 'a.b')).toBe('https://kim.example/api/referral-answer?token=a.b');
    expect(() => referralAnswerUrl('https://kim.example/?x=1', 'a.b')).toThrow(/query/);
  });
});
