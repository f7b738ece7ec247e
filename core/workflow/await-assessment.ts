/** Workflow step "AwaitAssessment" (callback): keep the task token on the case, for the assessment API to answer. */
import { listOpenReferrals } from './referral-steps.ts';
import { loadCase, StepFailed, type WorkflowDependencies } from './workflow-dependencies.ts';

export async function awaitAssessment(deps: WorkflowDependencies, caseId: string, taskToken: string): Promise<void> {
  const record = await loadCase(deps, caseId);
  if (record.stage === 'referring') {
    // The assessment came in while no token was stored (between two waits): answer this wait with it.
    await deps.callbacks.succeed(taskToken, await listOpenReferrals(deps, caseId));
    return;
  }
  if (record.stage !== 'awaiting-assessment') throw new StepFailed(`case ${caseId} is not waiting for an assessment`);
  await deps.cases.updateCase(record, { assessmentTaskToken: taskToken }, undefined, deps.clock.now());
}
