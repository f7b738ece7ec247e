/**
 * POST /api/cases/{id}/erasure: a person's data is erased (Art. 17 DSGVO), on request or because the consent to
 * processing given at intake was withdrawn (Art. 7(3), 17(1)(b)) — see erase-basis.ts.
 *
 * The coordination only: erasure cannot be undone and ends the case for the whole district (services told, the
 * workflow stopped), so the office that supervises the case work and answers data protection requests for the
 * controller decides it; a case manager who receives a request passes it on. The case number is typed once more.
 *
 * Resumable, as every step off the happy path is a step of the workflow: one transaction writes the tombstone
 * (erase-plan.ts; the case closed at the next generation, so every other write — each conditional on the case's
 * version or on it being open — is refused from then on) and deletes what a send's claim is fenced by (client,
 * consents); then the old execution is stopped and the next generation started, whose Choice on the erased case
 * runs EraseCaseData (the case record, free text in the history) and TellServicesErased (Art. 19), then ends.
 * Calls at the same moment race on the case's version: one writes the tombstone and starts the one execution, the
 * others answer with it. A repeated call on an erasure not yet done starts its execution again if it has ended.
 */
import type { CaseWorkflow } from '../cases/ports.ts';
import { VersionConflict } from '../cases/ports.ts';
import type { CaseRecord } from '../cases/case.ts';
import { conflict, forbidden, validationFailed } from '../errors.ts';
import type { Caller } from '../identity/caller.ts';
import { formatIssues } from '../validation/format-issues.ts';
import { caseForCaller, isCoordinator, type CaseworkDependencies } from '../casework/casework-dependencies.ts';
import { restartWorkflow } from '../workflow/resume-cases.ts';
import { expiresAfterDays } from './retention.ts';
import type { ErasureBasis } from './erase-basis.ts';
import { erasureSchema } from './erase-input.ts';
import { countsInCaseload, erasedReferral, tombstoneOf } from './erase-plan.ts';
import type { ErasureStore } from './erase-ports.ts';

export interface ErasureDependencies extends Pick<CaseworkDependencies, 'clock' | 'cases' | 'referrals' | 'profile'> {
  readonly erasure: Pick<ErasureStore, 'eraseCase'>;
  readonly workflow: CaseWorkflow;
}

export interface ErasureAnswer {
  readonly caseId: string;
  readonly erasedAt: string;
  readonly erasedBy: string;
  readonly basis: ErasureBasis;
  /** False while the workflow is still deleting and telling the services ("Löschung läuft"). */
  readonly done: boolean;
}

const ATTEMPTS = 5;

const answerOf = (record: CaseRecord): ErasureAnswer => ({
  caseId: record.caseId,
  erasedAt: record.erasedAt ?? '',
  erasedBy: record.erasedBy ?? '',
  basis: record.erasureBasis ?? 'request',
  done: record.erasureDoneAt !== undefined,
});

export async function erasePerson(deps: ErasureDependencies, caller: Caller, caseId: string, raw: unknown): Promise<ErasureAnswer> {
  if (!isCoordinator(caller)) throw forbidden();
  let record = await caseForCaller(deps, caller, caseId, { tombstone: true });
  const parsed = erasureSchema.safeParse(raw);
  if (!parsed.success) throw validationFailed(formatIssues(parsed.error.issues));
  if (parsed.data.confirm.toUpperCase() !== caseId) {
    throw validationFailed([{ field: 'confirm', message: `stimmt nicht mit der Fallnummer ${caseId} überein` }]);
  }
  for (let attempt = 1; record.erasedAt === undefined; attempt += 1) {
    const now = deps.clock.now();
    const tombstone = tombstoneOf(record, { by: caller.userId, basis: parsed.data.basis, at: now, expiresAt: expiresAfterDays(now, deps.profile.retention.caseClosedDays) });
    const referrals = (await deps.referrals.listReferrals(caseId)).map((expected) => ({ expected, erased: erasedReferral(expected, now) }));
    try {
      const erased = await deps.erasure.eraseCase(
        record,
        tombstone,
        countsInCaseload(record),
        referrals,
        { kind: 'erased', actor: caller.userId, details: { basis: parsed.data.basis, referrals: referrals.length, generation: tombstone.generation } },
        now,
      );
      // Stop first, so the old generation sends nothing more; should the start fail, a repeated call starts it.
      await deps.workflow.stop(caseId, record.generation);
      await deps.workflow.start(caseId, erased.generation);
      return answerOf(erased);
    } catch (error) {
      if (!(error instanceof VersionConflict)) throw error;
      if (attempt >= ATTEMPTS) throw conflict('Der Fall wurde während der Löschung mehrfach geändert. Bitte versuchen Sie es noch einmal.');
      record = await caseForCaller(deps, caller, caseId, { tombstone: true });
    }
  }
  // Erased already (by this call's twin, or earlier): the same answer, and an erasure not yet done is driven on.
  if (record.erasureDoneAt === undefined) await resumeErasure(deps, record, caller.userId);
  return answerOf(record);
}

/**
 * The erasure's execution runs, or — ended without finishing (a step failed for good and parked the case, or it was
 * lost with the local engine) — runs again, in a new generation without the parked mark.
 */
async function resumeErasure(deps: ErasureDependencies, record: CaseRecord, actor: string): Promise<void> {
  const execution = await deps.workflow.execution(record.caseId, record.generation);
  if (execution?.running === true) return;
  if (execution === undefined) {
    await deps.workflow.start(record.caseId, record.generation);
    return;
  }
  const { attention: _parked, ...unparked } = record;
  // As "Fortsetzen" does (core/casework/resume-case.ts): by a person, in the history.
  await restartWorkflow(deps, unparked, { kind: 'case-resumed', actor });
}
