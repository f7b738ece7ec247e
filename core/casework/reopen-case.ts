/**
 * POST /api/cases/{id}/reopen: a closed case comes back (DOMAIN.md: "closure with a reason; the case can come
 * back") — within its retention period, by the coordination or its former case manager, with a reason. In one
 * transaction the retention clock stops again for the case, client, consents and referrals, the case returns to
 * monitoring with its case manager (caseload up by one) and the history says who reopened it and why; then a new
 * execution generation starts, and the state machine's Choice on the stage sends it to the wait for closure.
 *
 * A case past its retention period is gone for everyone (caseForCaller: not found), as for every other read.
 * Reopening calls at the same moment race on the case's version: one wins and starts the one execution.
 */
import type { CaseStage } from '../cases/case.ts';
import { VersionConflict, type CaseWorkflow } from '../cases/ports.ts';
import { conflict, validationFailed } from '../errors.ts';
import type { Caller } from '../identity/caller.ts';
import { formatIssues } from '../validation/format-issues.ts';
import { caseForCaller, type CaseworkDependencies } from './casework-dependencies.ts';
import { reopenSchema } from './reopen-input.ts';

export interface ReopenDependencies extends Pick<CaseworkDependencies, 'clock' | 'cases'> {
  readonly workflow: CaseWorkflow;
}

/** Where a reopened case stands: waiting for its case manager to close it again. */
const REOPENED_STAGE: CaseStage = 'monitoring';

export async function reopenCase(deps: ReopenDependencies, caller: Caller, caseId: string, raw: unknown): Promise<{ reopenedAt: string; stage: CaseStage; generation: number }> {
  const record = await caseForCaller(deps, caller, caseId);
  const parsed = reopenSchema.safeParse(raw);
  if (!parsed.success) throw validationFailed(formatIssues(parsed.error.issues));
  if (record.stage !== 'closed') throw conflict('Der Fall ist nicht abgeschlossen; nur ein abgeschlossener Fall kann wiedereröffnet werden.');
  const manager = record.caseManagerId === undefined ? undefined : await deps.cases.getCaseManager(record.caseManagerId);
  if (manager === undefined) {
    throw conflict('Der Fall kann nicht wiedereröffnet werden: die bisher zuständige Person arbeitet nicht mehr im Case-Management.');
  }
  const now = deps.clock.now();
  const generation = record.generation + 1;
  // Without closedAt, expiresAt and the closure's reason: the case is open again and nothing of it is due for deletion
  // (the earlier closure and its evaluation stay in the history and on the goals).
  const { closedAt: _closedAt, expiresAt: _expiresAt, closureReason: _reason, ...open } = record;
  try {
    await deps.cases.reopenCase(open, { stage: REOPENED_STAGE, generation }, { kind: 'reopened', actor: caller.userId, details: { reason: parsed.data.reason, generation } }, now);
  } catch (error) {
    if (error instanceof VersionConflict) throw conflict('Der Fall wurde zwischenzeitlich geändert (etwa schon wiedereröffnet). Bitte laden Sie ihn neu.');
    throw error;
  }
  await deps.workflow.start(caseId, generation);
  return { reopenedAt: now.toISOString(), stage: REOPENED_STAGE, generation };
}
