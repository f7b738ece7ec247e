/**
 * The workflow steps of one referral (the Map iteration): send it — with consent, and only the fields the
 * service's purpose allows —, keep the token for the outcome, remind the service and escalate when it stays silent.
 */
import { OPEN_REFERRAL_STATUSES, allowedClientFields, validConsent, type ReferralRecord } from '../cases/referral.ts';
import { workflowGapReport } from '../cases/gap-report.ts';
import { CLIENT_FIELD_LABELS } from '../cases/client-field-labels.ts';
import { outcomeEscalation, outcomeReminder, referralToService } from '../mail/notifications.ts';
import { scopeIncludes } from '../profile/schema.ts';
import { caseManagerOf, caseUrl, loadCase, loadReferral, nameOf, StepFailed, type WorkflowDependencies } from './workflow-dependencies.ts';

export interface ReferralProgress {
  readonly status: ReferralRecord['status'];
  /** How long to wait for the service's answer before the next reminder step (only when sent). */
  readonly seconds?: number;
  /** True only from the invocation that sent the mail, so a retried or resumed step is not counted twice. */
  readonly sentNow?: true;
}

const AFTER_ESCALATION_SECONDS = 7 * 24 * 60 * 60;

export async function listOpenReferrals(deps: Pick<WorkflowDependencies, 'referrals'>, caseId: string): Promise<{ referralIds: string[] }> {
  const referrals = await deps.referrals.listReferrals(caseId);
  return { referralIds: referrals.filter((r) => OPEN_REFERRAL_STATUSES.includes(r.status)).map((r) => r.referralId).sort() };
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

export async function sendReferral(deps: Pick<WorkflowDependencies, 'cases' | 'referrals' | 'clock' | 'profile' | 'calendar' | 'mailer'>, caseId: string, referralId: string): Promise<ReferralProgress> {
  const record = await loadCase(deps, caseId);
  let referral = await loadReferral(deps, caseId, referralId);
  const now = deps.clock.now();
  if (referral.status === 'sent') {
    const { remindAt, escalateAt } = outcomeDeadlines(deps, referral);
    return { status: 'sent', seconds: nextWait(now, [remindAt, escalateAt]) };
  }
  if (referral.status !== 'planned') return { status: referral.status };

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
  if (validConsent(await deps.cases.listConsents(caseId), service.id) === undefined) {
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
  const { remindAt, escalateAt } = outcomeDeadlines(deps, { ...referral, sentAt: now.toISOString() });
  const mail = referralToService({
    caseNumber: caseId,
    referralNumber: referralId,
    serviceName: service.name,
    needCategoryName: needName,
    clientFields: fields.map((f) => ({ label: CLIENT_FIELD_LABELS[f.field], value: f.value })),
    caseManager: { name: manager.name, email: manager.email },
    replyByDate: remindAt,
  });
  await deps.mailer.send({ to: [service.contact.email], ...mail });
  referral = await deps.referrals.updateReferral(
    referral,
    { status: 'sent', sentAt: now.toISOString() },
    { kind: 'referral-sent', actor: 'system', details: { referralId, serviceId: service.id, fields: fields.map((f) => f.field).join(',') } },
    now,
  );
  return { status: referral.status, seconds: nextWait(now, [remindAt, escalateAt]), sentNow: true };
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

export async function outcomeTimer(deps: Pick<WorkflowDependencies, 'cases' | 'referrals' | 'clock' | 'profile' | 'calendar' | 'mailer' | 'appUrl'>, caseId: string, referralId: string): Promise<ReferralProgress> {
  let referral = await loadReferral(deps, caseId, referralId);
  if (referral.status !== 'sent') return { status: referral.status };
  const now = deps.clock.now();
  const { remindAt, escalateAt } = outcomeDeadlines(deps, referral);
  const reminderDue = now >= remindAt && referral.reminderSentAt === undefined;
  const escalationDue = now >= escalateAt && referral.escalatedAt === undefined;
  if (!reminderDue && !escalationDue) return { status: 'sent', seconds: nextWait(now, [remindAt, escalateAt]) };
  // Only when a mail is due: the case and its case manager.
  const record = await loadCase(deps, caseId);
  const service = deps.profile.services.find((s) => s.id === referral.serviceId);
  const manager = await caseManagerOf(deps, record);
  if (reminderDue && service !== undefined && manager !== undefined) {
    const mail = outcomeReminder({ caseNumber: caseId, serviceName: service.name, referralNumber: referralId, caseManager: { name: manager.name, email: manager.email } });
    await deps.mailer.send({ to: [service.contact.email], ...mail });
    referral = await deps.referrals.updateReferral(referral, { reminderSentAt: now.toISOString() }, { kind: 'referral-reminder-sent', actor: 'system', details: { referralId } }, now);
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
    await deps.mailer.send({ to: [deps.profile.district.coordination.contact.email], ...mail });
    await deps.referrals.updateReferral(referral, { escalatedAt: now.toISOString() }, { kind: 'referral-escalated', actor: 'system', details: { referralId } }, now);
  }
  return { status: 'sent', seconds: nextWait(now, [remindAt, escalateAt]) };
}

/** Callback "AwaitClosure": the case is in monitoring until its case manager closes it. */
export async function awaitClosure(deps: Pick<WorkflowDependencies, 'cases' | 'clock' | 'callbacks'>, caseId: string, taskToken: string): Promise<void> {
  const record = await loadCase(deps, caseId);
  if (record.stage === 'closed') {
    await deps.callbacks.succeed(taskToken, { closed: true });
    return;
  }
  if (record.stage !== 'referring' && record.stage !== 'monitoring') throw new StepFailed(`case ${caseId} cannot enter monitoring from ${record.stage}`);
  await deps.cases.updateCase(
    record,
    { stage: 'monitoring', closureTaskToken: taskToken },
    record.stage === 'referring' ? { kind: 'monitoring', actor: 'system' } : undefined,
    deps.clock.now(),
  );
}
