/**
 * Workflow step "ApplyRetention": the case record (contacts, notes, goals — any number of items) and its history
 * get the case's retention, or lose it when the case is open again (reopened); reads of the audit keep their own
 * date (core/casework/read-audit.ts). The closing and reopening transactions carry the
 * case, client, consents and referrals — a bounded set; the record can outgrow DynamoDB's 100 items per
 * transaction, so this step follows them: after the closure (before the execution ends) and at every start in
 * monitoring (after a reopening). Idempotent: a retried or repeated run finds nothing left to change. No write to
 * the record can slip in between: a closed case's record takes nothing new (core/counselling/ports.ts).
 */
import { loadCase, type WorkflowDependencies } from './workflow-dependencies.ts';

export async function applyRetention(deps: Pick<WorkflowDependencies, 'cases' | 'records'>, caseId: string): Promise<{ closed: boolean; changed: number }> {
  const record = await loadCase(deps, caseId);
  const changed = await deps.records.syncRetention(caseId, record.stage === 'closed' ? record.expiresAt : undefined);
  return { closed: record.stage === 'closed', changed };
}
