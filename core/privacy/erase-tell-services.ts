/**
 * Workflow step "TellServicesErased" (Art. 19 DSGVO): every service that received the erased person's data — a referral
 * sent, or claimed and possibly sent — is told by mail, then the referral is marked; at least once, like the notice
 * after a revocation (core/workflow/tell-service-stopped.ts): the mail carries no personal data, so a crash between
 * mail and mark repeats it harmlessly, where skipping it would leave the service keeping the data. Last, the tombstone
 * says the erasure is done (the case page stops showing "Löschung läuft") and the history — these steps' events
 * included — gets the tombstone's retention date, as ApplyRetention gives a closed case's (an erased one skips it).
 */
import { erasureToService } from '../mail/notifications.ts';
import { loadCase, StepFailed, type WorkflowDependencies } from '../workflow/workflow-dependencies.ts';
import { owesErasureNotice } from './erase-plan.ts';

export async function tellServicesErased(deps: Pick<WorkflowDependencies, 'cases' | 'referrals' | 'records' | 'clock' | 'profile' | 'mailer'>, caseId: string): Promise<{ told: number }> {
  const record = await loadCase(deps, caseId);
  if (record.erasedAt === undefined) throw new StepFailed(`case ${caseId} is not erased`);
  let told = 0;
  for (const referral of (await deps.referrals.listReferrals(caseId)).filter(owesErasureNotice)) {
    const service = deps.profile.services.find((s) => s.id === referral.serviceId);
    if (service === undefined) throw new StepFailed(`service ${referral.serviceId ?? '–'} of referral ${referral.referralId} is no longer in the profile`);
    const mail = erasureToService({ caseNumber: caseId, referralNumber: referral.referralId, serviceName: service.name, sentAt: new Date(referral.sentAt ?? referral.sendClaimedAt ?? referral.updatedAt) });
    await deps.mailer.send({ to: [service.contact.email], ...mail });
    const now = deps.clock.now();
    await deps.referrals.updateReferral(referral, { erasureToldAt: now.toISOString() }, { kind: 'referral-erasure-told', actor: 'system', details: { referralId: referral.referralId, serviceId: service.id } }, now);
    told += 1;
  }
  if (record.erasureDoneAt === undefined) {
    await deps.cases.updateCase(record, { erasureDoneAt: deps.clock.now().toISOString() }, { kind: 'erasure-done', actor: 'system', details: { told } }, deps.clock.now());
  }
  await deps.records.syncRetention(caseId, record.expiresAt);
  return { told };
}
