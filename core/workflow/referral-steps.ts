/**
 * The workflow steps of one referral (the Map iteration): send it — with consent, and only the fields the
 * service's purpose allows —, keep the token for the outcome, remind the service and escalate when it stays silent,
 * and tell it to stop when the consent is revoked.
 */
import { OPEN_REFERRAL_STATUSES, allowedClientFields, serviceToBeTold, validConsent, type ReferralRecord } from '../cases/referral.ts';
import { VersionConflict } from '../cases/ports.ts';
import { workflowGapReport } from '../cases/gap-report.ts';
import { CLIENT_FIELD_LABELS } from '../cases/client-field-labels.ts';
import { outcomeEscalation, outcomeReminder, referralToService } from '../mail/notifications.ts';
import { deliveryDetails, noticeKeys, sendNoticeOnce } from '../mail/notice-ledger.ts';
import { scopeIncludes } from '../profile/schema.ts';
import { referralAnswerUrl, referralLinkExpiry, signReferralLink } from '../casework/referral-link.ts';
import { tellServiceStopped } from './tell-service-stopped.ts';
import { caseManagerOf, caseUrl, loadCase, loadReferral, nameOf, StepFailed, type WorkflowDependencies } from './workflow-dependencies.ts';

export interface ReferralProgress {
  readonly status: ReferralRecord['status'];
  /** How long to wait for the service's answer before the next reminder step (only when sent). */
  readonly seconds?: number;
  /** True only from the invocation that sent the mail, so a retried or resumed step is not counted twice. */
  readonly sentNow?: true;
}

const AFTER_ESCALATION_SECONDS = 7 * 24 * 60 * 60;

/**
 * The person's data was erased (core/privacy/erase-person.ts): nothing more goes out or is written for the referral —
 * the iteration settles. Only an execution about to be stopped (or one whose stop failed) gets here.
 */
const ERASED: ReferralProgress = { status: 'stopped' };

export async function listOpenReferrals(deps: Pick<WorkflowDependencies, 'referrals'>, caseId: string): Promise<{ referralIds: string[] }> {
  const referrals = await deps.referrals.listReferrals(caseId);
  // A stopped referral whose service is still to be told goes through the iteration once more (sendReferral tells it).
  return { referralIds: referrals.filter((r) => OPEN_REFERRAL_STATUSES.includes(r.status) || serviceToBeTold(r)).map((r) => r.referralId).sort() };
}

function outcomeDeadlines(deps: Pick<WorkflowDependencies, 'calendar' | 'profile'>, referral: ReferralRecord): { remindAt: Date; escalateAt: Date } {
  const sentAt = new Date(referral.sentAt ?? referral.updatedAt);
  return {
    remindAt: deps.calendar.addWorkingDays(sentAt, deps.profile.reminders.outcomeReminderWorkingDays),
    escalateAt: deps.calendar.addWorkingDays(sentAt, deps.profile.reminders.outcomeEscalationWorkingDays),
  };
}

function nextWait(now: Date, deadlines: readonly Date[]): number {
  const next = deadlines.find((at) => at > now);
  return Math.max(1, next === undefined ? AFTER_ESCALATION_SECONDS : Math.ceil((next.getTime() - now.getTime()) / 1000));
}

type SendDependencies = Pick<WorkflowDependencies, 'cases' | 'referrals' | 'clock' | 'profile' | 'calendar' | 'mailer'>;

/** The service's answer link (referral-link.ts): bound to the referral, expiring a while after its send (a reminder does not extend it). */
async function answerLink(deps: Pick<WorkflowDependencies, 'appUrl' | 'linkSecret'>, referralId: string, sentAt: Date): Promise<{ url: string; validUntil: Date }> {
  const validUntil = referralLinkExpiry(sentAt);
  return { url: referralAnswerUrl(deps.appUrl, signReferralLink({ referralId, expiresAt: validUntil }, await deps.linkSecret())), validUntil };
}

/** What the workflow does next for a referral that is not (or no longer) waiting to be sent. */
async function progressOf(deps: SendDependencies, referral: ReferralRecord, now: Date): Promise<ReferralProgress> {
  if (referral.status === 'sent') {
    const { remindAt, escalateAt } = outcomeDeadlines(deps, referral);
    return { status: 'sent', seconds: nextWait(now, [remindAt, escalateAt]) };
  }
  // Stopped by a revocation after its data went out: the service is still to be told.
  await tellServiceStopped(deps, referral);
  return { status: referral.status };
}

/**
 * Exactly once, as the meeting reconciler sends: claim (a conditional write fenced by the consent, see
 * ReferralRepository.claimSend), send, mark. A retry that finds a claim without the mark cannot know whether the
 * crashed attempt died before or after the mailer took the mail — and this mail carries personal data, so it is
 * not sent again (at most once): the referral counts as sent at its claim, its history says the confirmation is
 * missing, and the outcome follow-up (reminder to the service, then escalation to the coordination) finds out if
 * it never arrived. Step Functions retries a task only after its previous attempt ended, and a case has one
 * running execution, so a claim found here belongs to an attempt that is over.
 */
export async function sendReferral(deps: SendDependencies & Pick<WorkflowDependencies, 'appUrl' | 'linkSecret'>, caseId: string, referralId: string): Promise<ReferralProgress> {
  const record = await loadCase(deps, caseId);
  const referral = await loadReferral(deps, caseId, referralId);
  if (referral.erasedAt !== undefined) return ERASED;
  const now = deps.clock.now();
  if (referral.status !== 'planned') return progressOf(deps, referral, now);
  if (referral.sendClaimedAt !== undefined) {
    const marked = await deps.referrals.updateReferral(
      referral,
      { status: 'sent', sentAt: referral.sendClaimedAt },
      { kind: 'referral-sent-unconfirmed', actor: 'system', details: { referralId, ...(referral.serviceId === undefined ? {} : { serviceId: referral.serviceId }) } },
      now,
    );
    return progressOf(deps, marked, now);
  }

  const service = deps.profile.services.find(
    (s) => s.id === referral.serviceId && s.needCategories.includes(referral.needCategory) && scopeIncludes(s.municipalities, record.municipalityId),
  );
  if (service === undefined) {
    const gap = workflowGapReport(
      { reason: 'no-service-for-need', municipalityId: record.municipalityId, needCategory: referral.needCategory, ...(record.focusArea === undefined ? {} : { focusArea: record.focusArea }) },
      now,
    );
    await deps.referrals.updateReferral(referral, { status: 'gap' }, { kind: 'referral-gap', actor: 'system', details: { referralId, needCategory: referral.needCategory } }, now, gap);
    return { status: 'gap' };
  }
  const consent = validConsent(await deps.cases.listConsents(caseId), service.id);
  if (consent === undefined) {
    // Held back, not lost: the case manager sees it and can record the consent later.
    await deps.referrals.updateReferral(referral, { status: 'held-no-consent' }, { kind: 'referral-held-no-consent', actor: 'system', details: { referralId, serviceId: service.id } }, now);
    return { status: 'held-no-consent' };
  }

  const client = await deps.cases.getClient(caseId);
  const manager = await caseManagerOf(deps, record);
  if (client === undefined || manager === undefined) throw new StepFailed(`case ${caseId} lacks client or case manager`);
  const needName = nameOf(deps.profile.needCategories, referral.needCategory);
  const fields = allowedClientFields(client, service.dataFields, {
    municipality: (id) => nameOf(deps.profile.municipalities, id),
    needsSummary: needName,
  });
  const { remindAt } = outcomeDeadlines(deps, { ...referral, sentAt: now.toISOString() });
  const mail = referralToService({
    caseNumber: caseId,
    referralNumber: referralId,
    serviceName: service.name,
    needCategoryName: needName,
    clientFields: fields.map((f) => ({ label: CLIENT_FIELD_LABELS[f.field], value: f.value })),
    caseManager: { name: manager.name, email: manager.email },
    replyByDate: remindAt,
    answerLink: await answerLink(deps, referralId, now),
  });
  // A revocation saved before this claim makes it fail (the retry finds the referral held); one coming after it
  // waits until the mark below (revoke-consent.ts).
  const claimed = await deps.referrals.claimSend(referral, consent, now);
  try {
    await deps.mailer.send({ to: [service.contact.email], ...mail });
  } catch (error) {
    // An error from the mailer is taken as "not sent" (SES refused it, or was not reached; the parked-case test's
    // MessageRejected): the claim is given back, so the retry — or "Fortsetzen" — sends it. Only a step that dies
    // between mail and mark leaves its claim. Should giving it back fail, the claim stays: at most once still holds.
    const { sendClaimedAt: _claim, ...unclaimed } = claimed;
    await deps.referrals.updateReferral(unclaimed, {}, undefined, now).catch(() => undefined);
    throw error;
  }
  try {
    const sent = await deps.referrals.updateReferral(
      claimed,
      { status: 'sent', sentAt: now.toISOString() },
      { kind: 'referral-sent', actor: 'system', details: { referralId, serviceId: service.id, fields: fields.map((f) => f.field).join(',') } },
      now,
    );
    return { ...(await progressOf(deps, sent, now)), sentNow: true };
  } catch (error) {
    if (!(error instanceof VersionConflict)) throw error;
    // A revocation that found the claim stale stopped the referral meanwhile; the mail did go out, once.
    return { ...(await progressOf(deps, await loadReferral(deps, caseId, referralId), now)), sentNow: true };
  }
}

export async function awaitOutcome(deps: Pick<WorkflowDependencies, 'referrals' | 'clock' | 'callbacks'>, caseId: string, referralId: string, taskToken: string): Promise<void> {
  const referral = await loadReferral(deps, caseId, referralId);
  if (referral.status !== 'sent') {
    // The outcome (or a revocation) came before the token was stored: answer this wait with it.
    await deps.callbacks.succeed(taskToken, { outcome: referral.status });
    return;
  }
  await deps.referrals.updateReferral(referral, { taskToken }, undefined, deps.clock.now());
}

export async function outcomeTimer(
  deps: Pick<WorkflowDependencies, 'cases' | 'referrals' | 'clock' | 'profile' | 'calendar' | 'mailer' | 'notices' | 'appUrl' | 'linkSecret'>,
  caseId: string,
  referralId: string,
): Promise<ReferralProgress> {
  let referral = await loadReferral(deps, caseId, referralId);
  if (referral.erasedAt !== undefined) return ERASED;
  const now = deps.clock.now();
  if (referral.status !== 'sent') return progressOf(deps, referral, now);
  const { remindAt, escalateAt } = outcomeDeadlines(deps, referral);
  const reminderDue = now >= remindAt && referral.reminderSentAt === undefined;
  const escalationDue = now >= escalateAt && referral.escalatedAt === undefined;
  if (!reminderDue && !escalationDue) return { status: 'sent', seconds: nextWait(now, [remindAt, escalateAt]) };
  // Only when a mail is due: the case and its case manager.
  const record = await loadCase(deps, caseId);
  const service = deps.profile.services.find((s) => s.id === referral.serviceId);
  const manager = await caseManagerOf(deps, record);
  // Status `sent` always has `sentAt`; the creation stands in for a referral written otherwise, a key that never moves.
  const sentAt = referral.sentAt ?? referral.createdAt;
  if (reminderDue && service !== undefined && manager !== undefined) {
    const mail = outcomeReminder({
      caseNumber: caseId,
      serviceName: service.name,
      referralNumber: referralId,
      caseManager: { name: manager.name, email: manager.email },
      answerLink: await answerLink(deps, referralId, new Date(sentAt)),
    });
    const delivery = await sendNoticeOnce(deps, caseId, noticeKeys.outcomeReminder(referralId, sentAt), { to: [service.contact.email], ...mail });
    referral = await deps.referrals.updateReferral(referral, { reminderSentAt: now.toISOString() }, { kind: 'referral-reminder-sent', actor: 'system', details: { referralId, ...deliveryDetails(delivery) } }, now);
  }
  if (escalationDue) {
    const mail = outcomeEscalation({
      caseNumber: caseId,
      caseUrl: caseUrl(deps, caseId),
      referralNumber: referralId,
      serviceName: service?.name ?? referral.serviceId ?? '–',
      caseManagerName: manager?.name ?? '–',
      waitingWorkingDays: deps.profile.reminders.outcomeEscalationWorkingDays,
    });
    const delivery = await sendNoticeOnce(deps, caseId, noticeKeys.outcomeEscalation(referralId, sentAt), { to: [deps.profile.district.coordination.contact.email], ...mail });
    await deps.referrals.updateReferral(referral, { escalatedAt: now.toISOString() }, { kind: 'referral-escalated', actor: 'system', details: { referralId, ...deliveryDetails(delivery) } }, now);
  }
  return { status: 'sent', seconds: nextWait(now, [remindAt, escalateAt]) };
}

/** Callback "AwaitClosure": the case is in monitoring until its case manager closes it. */
export async function awaitClosure(deps: Pick<WorkflowDependencies, 'cases' | 'referrals' | 'clock' | 'callbacks'>, caseId: string, taskToken: string): Promise<void> {
  const record = await loadCase(deps, caseId);
  if (record.stage === 'closed') {
    await deps.callbacks.succeed(taskToken, { closed: true });
    return;
  }
  if (record.stage !== 'referring' && record.stage !== 'monitoring') throw new StepFailed(`case ${caseId} cannot enter monitoring from ${record.stage}`);
  // A referral added after the assessment is on its way in a newer generation (core/casework/case-additions.ts): the
  // execution it replaces, stopped a moment later, must not put the case into monitoring. Retried; by then it is stopped.
  if (record.stage === 'referring' && (await listOpenReferrals(deps, caseId)).referralIds.length > 0) {
    throw new VersionConflict(`case ${caseId} has referrals on their way in a newer generation`);
  }
  await deps.cases.updateCase(
    record,
    { stage: 'monitoring', closureTaskToken: taskToken },
    record.stage === 'referring' ? { kind: 'monitoring', actor: 'system' } : undefined,
    deps.clock.now(),
  );
}
