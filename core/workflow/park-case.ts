/**
 * Workflow step "ParkCase": a step failed for good; mark the case needs-attention and tell the coordination. The item
 * keeps ids only — the error name the ASL's Catch passed, and the stage — and core/cases/attention-labels.ts words
 * them for the coordinator.
 */
import { attentionReason } from '../cases/attention-labels.ts';
import { needsAttention } from '../mail/notifications.ts';
import { caseUrl, loadCase, type WorkflowDependencies } from './workflow-dependencies.ts';

export async function parkCase(deps: Pick<WorkflowDependencies, 'cases' | 'clock' | 'profile' | 'mailer' | 'appUrl'>, caseId: string, step: string): Promise<void> {
  const record = await loadCase(deps, caseId);
  const now = deps.clock.now();
  if (record.attention === undefined) {
    await deps.cases.updateCase(record, { attention: { step, at: now.toISOString() } }, { kind: 'needs-attention', actor: 'system', details: { step, stage: record.stage } }, now);
  }
  await deps.mailer.send({ to: [deps.profile.district.coordination.contact.email], ...needsAttention({ caseNumber: caseId, caseUrl: caseUrl(deps, caseId), reason: attentionReason(record.stage, record.attention?.step ?? step) }) });
}
