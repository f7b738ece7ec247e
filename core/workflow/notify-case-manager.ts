/** Workflow step "Notify": tell the case manager (a link, never the client's data) and start the assessment clock. */
import { caseAssigned } from '../mail/notifications.ts';
import { caseUrl, loadCase, nameOf, StepFailed, type WorkflowDependencies } from './workflow-dependencies.ts';

export async function notifyCaseManager(deps: WorkflowDependencies, caseId: string): Promise<void> {
  const record = await loadCase(deps, caseId);
  if (record.assessmentRequestedAt !== undefined) return; // told already (a retry or a resumed case)
  const manager = (await deps.cases.listCaseManagers()).find((m) => m.staffId === record.caseManagerId);
  if (record.stage !== 'assigned' || manager === undefined) throw new StepFailed(`case ${caseId} has no case manager to notify`);
  const mail = caseAssigned({
    caseNumber: caseId,
    caseUrl: caseUrl(deps, caseId),
    focusAreaName: nameOf(deps.profile.focusAreas, record.focusArea),
    municipalityName: nameOf(deps.profile.municipalities, record.municipalityId),
    crisis: record.crisis,
  });
  await deps.mailer.send({ to: [manager.email], ...mail });
  const now = deps.clock.now();
  await deps.cases.updateCase(
    record,
    { stage: 'awaiting-assessment', assessmentRequestedAt: now.toISOString() },
    { kind: 'case-manager-notified', actor: 'system', details: { caseManagerId: manager.staffId } },
    now,
  );
}
