/**
 * POST /api/cases/{id}/consents/{cid}/revoke: the client withdraws a consent. In one transaction the consent is
 * revoked and the referrals resting on it stop: a planned one is held, one whose data went out ends as `stopped` —
 * its waiting workflow step is answered and then tells the service to stop using the data (tell-service-stopped.ts).
 *
 * Fenced against sending: a referral's send is claimed in a write conditional on this consent (claimSend), and this
 * transaction is conditional on every referral's version, so one of the two goes first. A send claimed and not yet
 * marked is waited for, so no referral's mail leaves after the revocation is saved. Idempotent: a revoked consent
 * answers with the referrals its revocation stopped, as saved with it.
 */
import { VersionConflict } from '../cases/ports.ts';
import { conflict, notFound } from '../errors.ts';
import type { Caller } from '../identity/caller.ts';
import { caseForCaller, type CaseworkDependencies } from './casework-dependencies.ts';
import { planRevocation } from './revocation-plan.ts';

// Up to about five seconds for a send in flight (it takes well under one) or a lost race to pass, then a clean refusal.
const ATTEMPTS = 50;
const PAUSE_MS = 100;

export async function revokeConsent(deps: CaseworkDependencies, caller: Caller, caseId: string, consentId: string): Promise<{ stoppedReferrals: string[] }> {
  await caseForCaller(deps, caller, caseId);
  for (let attempt = 1; ; attempt += 1) {
    const consent = (await deps.cases.listConsents(caseId)).find((c) => c.consentId === consentId);
    if (consent === undefined) throw notFound('Die Einwilligung');
    if (consent.revokedAt !== undefined) return { stoppedReferrals: [...(consent.stoppedReferralIds ?? [])] };
    const now = deps.clock.now();
    const plan = planRevocation(consent, await deps.referrals.listReferrals(caseId), caller.userId, now);
    if (plan.kind === 'revoke') {
      const stoppedReferrals = plan.stops.map((stop) => stop.expected.referralId);
      try {
        await deps.referrals.revokeConsent(
          consent,
          { revokedAt: now.toISOString(), stoppedReferralIds: stoppedReferrals },
          { kind: 'consent-revoked', actor: caller.userId, details: { serviceId: consent.recipientServiceId } },
          plan.stops,
          now,
        );
        // An answer that does not arrive is picked up by the waiting step's timer, which finds the referral stopped.
        await Promise.all(plan.tokens.map((token) => deps.callbacks.succeed(token, { outcome: 'stopped' })));
        return { stoppedReferrals };
      } catch (error) {
        // A send was claimed, a referral or the consent changed after the read: read again.
        if (!(error instanceof VersionConflict)) throw error;
      }
    }
    if (attempt >= ATTEMPTS) throw conflict('Eine Vermittlung auf Grund dieser Einwilligung wird gerade verschickt. Bitte versuchen Sie es in einer Minute erneut.');
    // Real time, not the case clock: this waits for another request to finish, not for a date.
    await new Promise((resolve) => setTimeout(resolve, PAUSE_MS * (0.5 + Math.random())));
  }
}
