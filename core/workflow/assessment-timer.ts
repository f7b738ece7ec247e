/**
 * Workflow step "AssessmentTimer": runs before every wait for the assessment. Sends the reminder (after N working
 * days) and the escalation to the coordination (after M) when due, and answers how long the next wait may last.
 */
import { assessmentEscalation, assessmentReminder } from '../mail/notifications.ts';
import { deliveryDetails, noticeKeys, sendNoticeOnce } from '../mail/notice-ledger.ts';
import { caseManagerOf, caseUrl, loadCase, StepFailed, type WorkflowDependencies } from './workflow-dependencies.ts';

// After the escalation nothing more is due; the wait is renewed so a resumed case keeps being driven.
const AFTER_ESCALATION_SECONDS = 7 * 24 * 60 * 60;

/** When the reminder and the escalation for an assessment requested at `requestedAt` are due. */
export function assessmentDeadlines(deps: Pick<WorkflowDependencies, 'profile' | 'calendar'>, requestedAt: Date): { remindAt: Date; escalateAt: Date } {
  const { reminders } = deps.profile;
  return {
    remindAt: deps.calendar.addWorkingDays(requestedAt, reminders.assessmentReminderWorkingDays),
    escalateAt: deps.calendar.addWorkingDays(requestedAt, reminders.assessmentEscalationWorkingDays),
  };
}

/** How long the next wait for the assessment may last: until the next deadline still ahead. */
export function assessmentWaitSeconds(deadlines: { remindAt: Date; escalateAt: Date }, now: Date): number {
  const next = [deadlines.remindAt, deadlines.escalateAt].find((at) => at > now);
  const seconds = next === undefined ? AFTER_ESCALATION_SECONDS : Math.ceil((next.getTime() - now.getTime()) / 1000);
  return Math.max(1, seconds);
}

export async function assessmentTimer(deps: Pick<WorkflowDependencies, 'cases' | 'clock' | 'profile' | 'calendar' | 'mailer' | 'notices' | 'appUrl'>, caseId: string): Promise<{ seconds: number }> {
  let record = await loadCase(deps, caseId);
  // Assessed while this step was on its way: the next wait answers itself at once.
  if (record.stage === 'referring') return { seconds: 1 };
  if (record.stage !== 'awaiting-assessment' || record.assessmentRequestedAt === undefined) {
    throw new StepFailed(`case ${caseId} is not waiting for an assessment`);
  }
  const { reminders } = deps.profile;
  const { remindAt, escalateAt } = assessmentDeadlines(deps, new Date(record.assessmentRequestedAt));
  const now = deps.clock.now();
  const reminderDue = now >= remindAt && record.assessmentReminderSentAt === undefined;
  const escalationDue = now >= escalateAt && record.assessmentEscalatedAt === undefined;
  // The case manager is read only when a mail is due: most runs of this step (the first, right after the
  // notification) only answer how long to wait.
  const manager = reminderDue || escalationDue ? await caseManagerOf(deps, record) : undefined;

  const requestedAt = record.assessmentRequestedAt;
  if (reminderDue && manager !== undefined) {
    const mail = assessmentReminder({ caseNumber: caseId, caseUrl: caseUrl(deps, caseId), dueSince: remindAt });
    const delivery = await sendNoticeOnce(deps, caseId, noticeKeys.assessmentReminder(requestedAt), { to: [manager.email], ...mail });
    record = await deps.cases.updateCase(record, { assessmentReminderSentAt: now.toISOString() }, { kind: 'assessment-reminder-sent', actor: 'system', details: deliveryDetails(delivery) }, now);
  }
  if (escalationDue) {
    const mail = assessmentEscalation({
      caseNumber: caseId,
      caseUrl: caseUrl(deps, caseId),
      caseManagerName: manager?.name ?? '–',
      waitingWorkingDays: reminders.assessmentEscalationWorkingDays,
    });
    const delivery = await sendNoticeOnce(deps, caseId, noticeKeys.assessmentEscalation(requestedAt), { to: [deps.profile.district.coordination.contact.email], ...mail });
    await deps.cases.updateCase(record, { assessmentEscalatedAt: now.toISOString() }, { kind: 'assessment-escalated', actor: 'system', details: deliveryDetails(delivery) }, now);
  }
  return { seconds: assessmentWaitSeconds({ remindAt, escalateAt }, now) };
}
