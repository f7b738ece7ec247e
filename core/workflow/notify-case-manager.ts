/**
 * Workflow step "Notify": tell the case manager (a link, never the client's data) and start the assessment clock.
 * Answers how long the first wait for the assessment may last (until the reminder is due), so the workflow goes
 * straight to that wait; the AssessmentTimer step runs only when a wait has timed out (or a case resumes there).
 */
import { deliveryDetails, noticeKeys, sendNoticeOnce } from '../mail/notice-ledger.ts';
import { caseAssigned } from '../mail/notifications.ts';
import { assessmentDeadlines, assessmentWaitSeconds } from './assessment-timer.ts';
import { caseManagerOf, caseUrl, loadCase, nameOf, StepFailed, type WorkflowDependencies } from './workflow-dependencies.ts';

export async function notifyCaseManager(deps: Pick<WorkflowDependencies, 'cases' | 'clock' | 'profile' | 'calendar' | 'mailer' | 'notices' | 'appUrl'>, caseId: string): Promise<{ seconds: number }> {
  const record = await loadCase(deps, caseId);
  // Told already (a retry or a resumed case): the wait runs from when the assessment was requested.
  if (record.assessmentRequestedAt !== undefined) return { seconds: assessmentWaitSeconds(assessmentDeadlines(deps, new Date(record.assessmentRequestedAt)), deps.clock.now()) };
  const manager = await caseManagerOf(deps, record);
  if (record.stage !== 'assigned' || manager === undefined) throw new StepFailed(`case ${caseId} has no case manager to notify`);
  const mail = caseAssigned({
    caseNumber: caseId,
    caseUrl: caseUrl(deps, caseId),
    focusAreaName: nameOf(deps.profile.focusAreas, record.focusArea),
    municipalityName: nameOf(deps.profile.municipalities, record.municipalityId),
    crisis: record.crisis,
  });
  const delivery = await sendNoticeOnce(deps, caseId, noticeKeys.caseAssigned(manager.staffId), { to: [manager.email], ...mail });
  const now = deps.clock.now();
  await deps.cases.updateCase(
    record,
    { stage: 'awaiting-assessment', assessmentRequestedAt: now.toISOString() },
    { kind: 'case-manager-notified', actor: 'system', details: { caseManagerId: manager.staffId, ...deliveryDetails(delivery) } },
    now,
  );
  return { seconds: assessmentWaitSeconds(assessmentDeadlines(deps, now), now) };
}
