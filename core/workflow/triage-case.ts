/** Workflow step "Triage": decide the focus area; a request not offered in the municipality becomes a gap report. */
import { workflowGapReport } from '../cases/gap-report.ts';
import { triage } from '../cases/triage.ts';
import { gapReported } from '../mail/notifications.ts';
import { deliveryDetails, noticeKeys, sendNoticeOnce, type NoticeDelivery } from '../mail/notice-ledger.ts';
import { loadCase, nameOf, StepFailed, type WorkflowDependencies } from './workflow-dependencies.ts';

export async function triageCase(deps: Pick<WorkflowDependencies, 'cases' | 'clock' | 'profile' | 'mailer' | 'notices'>, caseId: string): Promise<void> {
  const record = await loadCase(deps, caseId);
  if (record.stage !== 'intake') {
    // A retry after a successful triage, or a resumed case: nothing left to do here.
    if (record.focusArea !== undefined) return;
    throw new StepFailed(`case ${caseId} is in stage ${record.stage}, not intake`);
  }
  const now = deps.clock.now();
  const result = triage(deps.profile, record.municipalityId, record.requestedFocusArea);
  const gap = result.gap === undefined ? undefined : workflowGapReport({ reason: result.gap.reason, municipalityId: record.municipalityId, focusArea: result.gap.focusArea }, now);
  let delivery: NoticeDelivery = 'sent';
  if (result.gap !== undefined) {
    const mail = gapReported({
      needCategoryName: nameOf(deps.profile.focusAreas, result.gap.focusArea),
      municipalityName: nameOf(deps.profile.municipalities, record.municipalityId),
      focusAreaName: nameOf(deps.profile.focusAreas, result.gap.focusArea),
      reason: `${nameOf(deps.profile.focusAreas, result.gap.focusArea)} wird in dieser Kommune nicht angeboten; die Person wird über die ${nameOf(deps.profile.focusAreas, result.focusArea)} begleitet.`,
    });
    delivery = await sendNoticeOnce(deps, caseId, noticeKeys.triageGap(), { to: [deps.profile.district.coordination.contact.email], ...mail });
  }
  await deps.cases.updateCase(
    record,
    { stage: 'triaged', focusArea: result.focusArea },
    { kind: 'triaged', actor: 'system', details: { focusArea: result.focusArea, requested: record.requestedFocusArea, eligible: result.eligible, crisis: record.crisis, ...deliveryDetails(delivery) } },
    now,
    gap,
  );
}
