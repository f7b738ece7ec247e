/** Workflow step "ParkCase": a step failed for good; mark the case needs-attention and tell the coordination. */
import { needsAttention } from '../mail/notifications.ts';
import { caseUrl, loadCase, type WorkflowDependencies } from './workflow-dependencies.ts';

export async function parkCase(deps: Pick<WorkflowDependencies, 'cases' | 'clock' | 'profile' | 'mailer' | 'appUrl'>, caseId: string, step: string): Promise<void> {
  const record = await loadCase(deps, caseId);
  const now = deps.clock.now();
  if (record.attention === undefined) {
    await deps.cases.updateCase(record, { attention: { step, at: now.toISOString() } }, { kind: 'needs-attention', actor: 'system', details: { step } }, now);
  }
  await deps.mailer.send({ to: [deps.profile.district.coordination.contact.email], ...needsAttention({ caseNumber: caseId, caseUrl: caseUrl(deps, caseId), step }) });
}
