/**
 * After a revocation: the service that received a referral's data (or may have: a send whose confirmation was lost)
 * is told to stop using it. Run by the referral's own workflow iteration — when its wait for the service's answer is
 * ended by the revocation, or when a resumed execution finds the mail still owed (listOpenReferrals) — so a failing
 * mail is retried and, for good, parks the case like any step.
 */
import { serviceToBeTold, type ReferralRecord } from '../cases/referral.ts';
import { consentRevokedToService } from '../mail/notifications.ts';
import { caseManagerOf, loadCase, StepFailed, type WorkflowDependencies } from './workflow-dependencies.ts';

/**
 * At least once, unlike the referral itself (referral-steps.ts): this mail carries no personal data and telling
 * the service is owed, so it is sent, then marked; a crash between the two sends it again on the retry — a
 * harmless repetition — where skipping it would leave the service using data it may no longer use.
 */
export async function tellServiceStopped(deps: Pick<WorkflowDependencies, 'cases' | 'referrals' | 'clock' | 'profile' | 'mailer'>, referral: ReferralRecord): Promise<ReferralRecord> {
  if (!serviceToBeTold(referral)) return referral;
  const service = deps.profile.services.find((s) => s.id === referral.serviceId);
  if (service === undefined) throw new StepFailed(`service ${referral.serviceId ?? '–'} of referral ${referral.referralId} is no longer in the profile`);
  const manager = await caseManagerOf(deps, await loadCase(deps, referral.caseId));
  const mail = consentRevokedToService({
    caseNumber: referral.caseId,
    referralNumber: referral.referralId,
    serviceName: service.name,
    sentAt: new Date(referral.sentAt),
    ...(manager === undefined ? {} : { caseManager: { name: manager.name, email: manager.email } }),
  });
  await deps.mailer.send({ to: [service.contact.email], ...mail });
  const now = deps.clock.now();
  return deps.referrals.updateReferral(referral, { serviceToldAt: now.toISOString() }, { kind: 'referral-service-told', actor: 'system', details: { referralId: referral.referralId, serviceId: service.id } }, now);
}
