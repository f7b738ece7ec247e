/**
 * POST /api/cases/{id}/consents/{cid}/revoke: the client withdraws a consent. Referrals to that recipient that
 * are still open stop: a planned one is held, one waiting for the service's answer ends as `stopped`.
 */
import { VersionConflict } from '../cases/ports.ts';
import { conflict, notFound } from '../errors.ts';
import type { Caller } from '../identity/caller.ts';
import { caseForCaller, type CaseworkDependencies } from './casework-dependencies.ts';

export async function revokeConsent(deps: CaseworkDependencies, caller: Caller, caseId: string, consentId: string): Promise<{ stoppedReferrals: string[] }> {
  await caseForCaller(deps, caller, caseId);
  const consent = (await deps.cases.listConsents(caseId)).find((c) => c.consentId === consentId);
  if (consent === undefined) throw notFound('Die Einwilligung');
  if (consent.revokedAt !== undefined) throw conflict('Diese Einwilligung ist bereits widerrufen.');
  const now = deps.clock.now();
  try {
    await deps.referrals.updateConsent(consent, { revokedAt: now.toISOString() }, { kind: 'consent-revoked', actor: caller.userId, details: { serviceId: consent.recipientServiceId } }, now);
  } catch (error) {
    if (error instanceof VersionConflict) throw conflict('Die Einwilligung wurde zwischenzeitlich geändert. Bitte laden Sie den Fall neu.');
    throw error;
  }
  const stopped: string[] = [];
  for (const referral of await deps.referrals.listReferrals(caseId)) {
    if (referral.serviceId !== consent.recipientServiceId || (referral.status !== 'sent' && referral.status !== 'planned')) continue;
    const { taskToken, ...rest } = referral;
    await deps.referrals.updateReferral(
      rest,
      { status: referral.status === 'sent' ? 'stopped' : 'held-no-consent' },
      { kind: 'referral-stopped', actor: caller.userId, details: { referralId: referral.referralId, reason: 'consent-revoked' } },
      now,
    );
    stopped.push(referral.referralId);
    if (referral.status === 'sent' && taskToken !== undefined) await deps.callbacks.succeed(taskToken, { outcome: 'stopped' });
  }
  return { stoppedReferrals: stopped };
}
