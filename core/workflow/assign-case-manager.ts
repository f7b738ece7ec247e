/**
 * Workflow step "Assign": the least-loaded case manager of a provider covering the municipality and focus area,
 * counted in one transaction with the case. When the caseload moved meanwhile (concurrent intakes), choose again.
 * Nobody available: the case waits on the waiting list, the coordination is told once and a gap is reported.
 */
import { chooseCaseManager, coveringProviderIds } from '../cases/assignment.ts';
import { workflowGapReport } from '../cases/gap-report.ts';
import { VersionConflict } from '../cases/ports.ts';
import { waitingList } from '../mail/notifications.ts';
import { deliveryDetails, noticeKeys, sendNoticeOnce } from '../mail/notice-ledger.ts';
import { caseUrl, loadCase, nameOf, StepFailed, type WorkflowDependencies } from './workflow-dependencies.ts';

const ATTEMPTS = 25;

type AssignDependencies = Pick<WorkflowDependencies, 'cases' | 'clock' | 'profile' | 'mailer' | 'notices' | 'appUrl'>;

export async function assignCaseManager(deps: AssignDependencies, caseId: string): Promise<{ assigned: boolean }> {
  for (let attempt = 1; ; attempt += 1) {
    const record = await loadCase(deps, caseId);
    if (record.caseManagerId !== undefined) return { assigned: true };
    if ((record.stage !== 'triaged' && record.stage !== 'waiting-list') || record.focusArea === undefined) {
      throw new StepFailed(`case ${caseId} cannot be assigned in stage ${record.stage}`);
    }
    const now = deps.clock.now();
    const { municipalityId, focusArea } = record;
    // Only the covering providers' case managers are read, each provider's by a key condition.
    const candidates = await deps.cases.listCaseManagers(coveringProviderIds(deps.profile, municipalityId, focusArea));
    const manager = chooseCaseManager(deps.profile, candidates, municipalityId, focusArea);
    try {
      if (manager === undefined) {
        if (record.stage === 'waiting-list') return { assigned: false };
        await putOnWaitingList(deps, caseId, now);
        return { assigned: false };
      }
      await deps.cases.assignCase(record, manager, { kind: 'assigned', actor: 'system', details: { caseManagerId: manager.staffId, providerId: manager.providerId } }, now);
      return { assigned: true };
    } catch (error) {
      if (!(error instanceof VersionConflict) || attempt >= ATTEMPTS) throw error;
      // Another intake took that caseload slot first; a short random pause spreads the retries.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}

async function putOnWaitingList(deps: AssignDependencies, caseId: string, now: Date): Promise<void> {
  const record = await loadCase(deps, caseId);
  const focusArea = record.focusArea;
  // Mail first, at most once (core/mail/notice-ledger.ts): the retry after a failed write records it unconfirmed.
  const mail = waitingList({
    caseNumber: caseId,
    caseUrl: caseUrl(deps, caseId),
    municipalityName: nameOf(deps.profile.municipalities, record.municipalityId),
    focusAreaName: nameOf(deps.profile.focusAreas, focusArea),
  });
  const delivery = await sendNoticeOnce(deps, caseId, noticeKeys.waitingList(record.generation), { to: [deps.profile.district.coordination.contact.email], ...mail });
  const gap = workflowGapReport({ reason: 'waiting-list', municipalityId: record.municipalityId, ...(focusArea === undefined ? {} : { focusArea }) }, now);
  await deps.cases.updateCase(record, { stage: 'waiting-list' }, { kind: 'waiting-list', actor: 'system', details: deliveryDetails(delivery) }, now, gap);
}
