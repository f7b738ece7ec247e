/** Workflow step "AwaitAssessment" (callback): keep the task token on the case, for the assessment API to answer. */
import { loadCase, StepFailed, type WorkflowDependencies } from './workflow-dependencies.ts';

export async function awaitAssessment(deps: WorkflowDependencies, caseId: string, taskToken: string): Promise<void> {
  const record = await loadCase(deps, caseId);
  if (record.stage !== 'awaiting-assessment') throw new StepFailed(`case ${caseId} is not waiting for an assessment`);
  await deps.cases.updateCase(record, { assessmentTaskToken: taskToken }, undefined, deps.clock.now());
}
