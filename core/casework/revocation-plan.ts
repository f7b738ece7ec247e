/**
 * What revoking a consent does to the referrals resting on it (same case, same receiving service), decided on one
 * read of them: pure, so the rules are tested without a table. The revocation saves the plan in one transaction
 * (revoke-consent.ts), conditional on every referral's version, so a referral that moved meanwhile makes it re-plan.
 */
import type { ReferralStop } from '../cases/ports.ts';
import type { ConsentRecord, ReferralRecord } from '../cases/referral.ts';

/**
 * A send-referral attempt lasts seconds (its Lambda times out after a few); a send claimed longer ago than this was
 * left by an attempt that died between claim and mark, whose mail may have gone out.
 */
export const SEND_CLAIM_LEASE_MS = 5 * 60_000;

export type RevocationPlan =
  /** A referral's mail is going out right now: revoking now could let it arrive after the revocation was saved. */
  | { readonly kind: 'wait-for-send'; readonly referralId: string }
  | { readonly kind: 'revoke'; readonly stops: readonly ReferralStop[]; readonly tokens: readonly string[] };

export function planRevocation(consent: ConsentRecord, referrals: readonly ReferralRecord[], actor: string, now: Date): RevocationPlan {
  const resting = referrals.filter((r) => r.serviceId === consent.recipientServiceId);
  const inFlight = resting.find((r) => r.status === 'planned' && r.sendClaimedAt !== undefined && now.getTime() - Date.parse(r.sendClaimedAt) < SEND_CLAIM_LEASE_MS);
  if (inFlight !== undefined) return { kind: 'wait-for-send', referralId: inFlight.referralId };
  const stops = resting.flatMap((referral): ReferralStop[] => {
    const event = { kind: 'referral-stopped', actor, details: { referralId: referral.referralId, reason: 'consent-revoked' } };
    // The wait for the service's answer is answered by the revocation itself (`tokens`); the stopped referral keeps no token.
    const { taskToken: _token, sendClaimedAt, ...rest } = referral;
    if (referral.status === 'sent') return [{ expected: rest, changes: { status: 'stopped' }, event }];
    if (referral.status !== 'planned') return [];
    // An abandoned claim: its mail may have gone out, so the referral counts as sent then, and the service is told.
    if (sendClaimedAt !== undefined) return [{ expected: rest, changes: { status: 'stopped', sentAt: sendClaimedAt }, event }];
    return [{ expected: referral, changes: { status: 'held-no-consent' }, event }];
  });
  const tokens = resting.flatMap((r) => (r.status === 'sent' && r.taskToken !== undefined ? [r.taskToken] : []));
  return { kind: 'revoke', stops, tokens };
}
