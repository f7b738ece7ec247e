import { describe, expect, it } from 'vitest';
import { planRevocation, SEND_CLAIM_LEASE_MS } from '../../core/casework/revocation-plan.ts';
import { serviceToBeTold, type ConsentRecord, type ReferralRecord } from '../../core/cases/referral.ts';

const NOW = new Date('2026-11-24T09:00:00Z');
const at = (msBefore: number): string => new Date(NOW.getTime() - msBefore).toISOString();
const consent: ConsentRecord = {
  consentId: 'c1',
  caseId: 'KIM-2026-7QK3M2XD',
  version: 1,
  recipientServiceId: 'vhs',
  purpose: 'referral',
  form: 'written',
  givenAt: '2026-11-20',
  recordedBy: 'jana',
};
const referral = (index: number, changes: Partial<ReferralRecord>): ReferralRecord => ({
  referralId: `KIM-2026-7QK3M2XD-V0${index}`,
  caseId: consent.caseId,
  version: 3,
  createdAt: at(60_000),
  updatedAt: at(60_000),
  needCategory: 'language',
  serviceId: 'vhs',
  status: 'planned',
  ...changes,
});

describe('planRevocation', () => {
  it('holds a planned referral, stops a sent one without its token, and leaves others and other services alone', () => {
    const plan = planRevocation(
      consent,
      [
        referral(1, {}),
        referral(2, { status: 'sent', sentAt: at(1000), taskToken: 'token-2', sendClaimedAt: at(2000) }),
        referral(3, { status: 'accepted' }),
        referral(4, { serviceId: 'jobcenter' }),
      ],
      'jana',
      NOW,
    );
    if (plan.kind !== 'revoke') throw new Error(`expected a revocation, got ${plan.kind}`);
    expect(plan.stops.map((s) => [s.expected.referralId, s.changes.status])).toEqual([
      ['KIM-2026-7QK3M2XD-V01', 'held-no-consent'],
      ['KIM-2026-7QK3M2XD-V02', 'stopped'],
    ]);
    // Each stop is conditional on the version read, and its event names the referral and the reason.
    expect(plan.stops.every((s) => s.expected.version === 3)).toBe(true);
    expect(plan.stops[1]?.expected.taskToken).toBeUndefined();
    expect(plan.stops[1]?.event).toEqual({ kind: 'referral-stopped', actor: 'jana', details: { referralId: 'KIM-2026-7QK3M2XD-V02', reason: 'consent-revoked' } });
    expect(plan.tokens).toEqual(['token-2']);
  });

  it('waits while a send is claimed and not yet marked', () => {
    expect(planRevocation(consent, [referral(1, { sendClaimedAt: at(500) })], 'jana', NOW)).toEqual({ kind: 'wait-for-send', referralId: 'KIM-2026-7QK3M2XD-V01' });
  });

  it('takes a claim older than the lease as a send that may have gone out: stopped, and the service to be told', () => {
    const claimedAt = at(SEND_CLAIM_LEASE_MS + 1);
    const plan = planRevocation(consent, [referral(1, { sendClaimedAt: claimedAt })], 'jana', NOW);
    if (plan.kind !== 'revoke') throw new Error(`expected a revocation, got ${plan.kind}`);
    const [stop] = plan.stops;
    expect(stop?.changes).toEqual({ status: 'stopped', sentAt: claimedAt });
    expect(stop?.expected.sendClaimedAt).toBeUndefined();
    if (stop === undefined) throw new Error('no stop');
    expect(serviceToBeTold({ ...stop.expected, ...stop.changes })).toBe(true);
  });
});

describe('serviceToBeTold', () => {
  it('is true only for a stopped referral whose data went out and whose service was not told yet', () => {
    expect(serviceToBeTold(referral(1, { status: 'stopped', sentAt: at(1) }))).toBe(true);
    expect(serviceToBeTold(referral(1, { status: 'stopped', sentAt: at(1), serviceToldAt: at(0) }))).toBe(false);
    expect(serviceToBeTold(referral(1, { status: 'held-no-consent' }))).toBe(false);
    expect(serviceToBeTold(referral(1, { status: 'sent', sentAt: at(1) }))).toBe(false);
  });
});
