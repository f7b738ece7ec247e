/** Workflow step "AwaitAssessment" (callback): keep the task token on the case, for the assessment API to answer. */
import { listOpenReferrals } from './referral-steps.ts';
import { loadCase, StepFailed, type WorkflowDependencies } from './workflow-dependencies.ts';

export async function awaitAssessment(deps: Pick<WorkflowDependencies, 'cases' | 'referrals' | 'clock' | 'callbacks'>, caseId: string, taskToken: string): Promise<void> {
  // The usual case — still waiting for the assessment — in one conditional write; the case is read only otherwise.
  if (await deps.cases.keepTaskToken(caseId, 'assessmentTaskToken', taskToken, 'awaiting-assessment')) return;
  const record = await loadCase(deps, caseId);
  if (record.stage === 'referring') {
    // The assessment came in while no token was stored (between two waits): answer this wait with it.
    await deps.callbacks.succeed(taskToken, await listOpenReferrals(deps, caseId));
    return;
  }
  throw new StepFailed(`case ${caseId} is not waiting for an assessment`);
}
