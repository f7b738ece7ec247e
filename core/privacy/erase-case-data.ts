/**
 * Workflow step "EraseCaseData" of an erased case (erase-person.ts wrote the tombstone): deletes the case record and
 * whatever else of the person the case's partition holds (beyond DynamoDB's 100 items per transaction, so a step of
 * its own, a batch at a time) and the free text of its history events. Idempotent: a retried or repeated run finds
 * less or nothing left; nothing new can arrive, as the record takes nothing for a closed case.
 */
import { loadCase, StepFailed, type WorkflowDependencies } from '../workflow/workflow-dependencies.ts';
import { detailsWithoutFreeText } from './erase-plan.ts';
import type { ErasureStore } from './erase-ports.ts';

export async function eraseCaseData(
  deps: Pick<WorkflowDependencies, 'cases'> & { readonly erasure: Pick<ErasureStore, 'deleteCaseData' | 'scrubEvents'> },
  caseId: string,
): Promise<{ deleted: number; scrubbed: number }> {
  const record = await loadCase(deps, caseId);
  if (record.erasedAt === undefined) throw new StepFailed(`case ${caseId} is not erased`);
  const deleted = await deps.erasure.deleteCaseData(caseId);
  const scrubbed = await deps.erasure.scrubEvents(caseId, detailsWithoutFreeText);
  return { deleted, scrubbed };
}
