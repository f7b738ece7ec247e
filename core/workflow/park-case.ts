/**
 * Workflow step "ParkCase": a step failed for good; mark the case needs-attention and tell the coordination. The item
 * keeps ids only — the error name the ASL's Catch passed, and the stage — and core/cases/attention-labels.ts words
 * them for the coordinator.
 */
import { attentionReason } from '../cases/attention-labels.ts';
import { needsAttention } from '../mail/notifications.ts';
import { noticeKeys, sendNoticeOnce } from '../mail/notice-ledger.ts';
import { caseUrl, loadCase, type WorkflowDependencies } from './workflow-dependencies.ts';

export async function parkCase(deps: Pick<WorkflowDependencies, 'cases' | 'clock' | 'profile' | 'mailer' | 'notices' | 'appUrl'>, caseId: string, step: string): Promise<void> {
  const record = await loadCase(deps, caseId);
  const now = deps.clock.now();
  const attention = record.attention ?? { step, at: now.toISOString() };
  if (record.attention === undefined) {
    await deps.cases.updateCase(record, { attention }, { kind: 'needs-attention', actor: 'system', details: { step, stage: record.stage } }, now);
  }
  // Written first, mailed after: the attention list shows the case should the mail be lost with a crash.
  const mail = needsAttention({ caseNumber: caseId, caseUrl: caseUrl(deps, caseId), reason: attentionReason(record.stage, attention.step) });
  await sendNoticeOnce(deps, caseId, noticeKeys.needsAttention(attention.at), { to: [deps.profile.district.coordination.contact.email], ...mail });
}
