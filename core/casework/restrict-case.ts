/**
 * Restriction of processing (Art. 18 DSGVO), by the data protection officer only: POST /api/cases/{id}/restriction.
 *
 * Restricting marks the case (`restrictedAt`, `restrictedBy`) in one write conditional on its version, with the
 * history event, and stops the running execution. While it is marked, caseForCaller refuses the case manager and the
 * coordination (so no read, no answer to a waiting task, no change), the search finds nothing, the daily sweeper and
 * `npm start` leave it stopped, and the service's answer link records nothing. The officer sees the case item only —
 * stage and block, never the person's data (GET, `restrictionStatus`).
 *
 * Lifting removes the mark with a history event and lets the workflow go on from the case's stage in a new execution
 * generation (restartWorkflow), as "Fortsetzen" does — except for a closed case (nothing runs) and a parked one (it
 * waits for "Fortsetzen" as before).
 *
 * Both are idempotent and race-safe: of many calls at once, one write wins on the case's version; the others read
 * the case again, find it already restricted (or free) and answer without an event, a stop or a start.
 */
import { CASE_ID_PATTERN, type CaseRecord } from '../cases/case.ts';
import { VersionConflict, type CaseWorkflow } from '../cases/ports.ts';
import { conflict, notFound, validationFailed } from '../errors.ts';
import { requireRole, type Caller } from '../identity/caller.ts';
import { formatIssues } from '../validation/format-issues.ts';
import { restartWorkflow } from '../workflow/resume-cases.ts';
import { isExpired, type CaseworkDependencies } from './casework-dependencies.ts';
import { restrictionSchema, type RestrictionGround } from './restrict-case-input.ts';

export type RestrictionDependencies = Pick<CaseworkDependencies, 'cases' | 'clock'> & { readonly workflow: CaseWorkflow };

/** What the officer sees of a case: no personal data. */
export interface RestrictionStatus {
  readonly caseId: string;
  readonly stage: CaseRecord['stage'];
  readonly restrictedAt?: string;
  readonly restrictedBy?: string;
  /** The ground of the current restriction, from its history event. */
  readonly reason?: RestrictionGround;
}

export interface RestrictionResult extends RestrictionStatus {
  /** false when the case already was restricted (or free): this call changed nothing. */
  readonly changed: boolean;
  /** The generation driving the case after a lift that restarted its workflow. */
  readonly generation?: number;
}

const ATTEMPTS = 25;

/** The case within its retention period, whatever its block; not found otherwise, as for every read. */
async function readCase(deps: Pick<RestrictionDependencies, 'cases' | 'clock'>, caseId: string): Promise<CaseRecord> {
  const record = CASE_ID_PATTERN.test(caseId) ? await deps.cases.getCase(caseId) : undefined;
  if (record === undefined || isExpired(record, deps.clock.now())) throw notFound('Der Fall');
  return record;
}

const statusOf = ({ caseId, stage, restrictedAt, restrictedBy }: CaseRecord, reason?: RestrictionGround): RestrictionStatus => ({
  caseId,
  stage,
  ...(restrictedAt === undefined ? {} : { restrictedAt }),
  ...(restrictedBy === undefined ? {} : { restrictedBy }),
  ...(restrictedAt === undefined || reason === undefined ? {} : { reason }),
});

/** GET /api/cases/{id}/restriction: stage and block of a case, for the officer. */
export async function restrictionStatus(deps: Pick<RestrictionDependencies, 'cases' | 'clock'>, caller: Caller, caseId: string): Promise<RestrictionStatus> {
  requireRole(caller, 'dpo');
  const record = await readCase(deps, caseId);
  if (record.restrictedAt === undefined) return statusOf(record);
  const restricted = (await deps.cases.listEvents(caseId)).filter((event) => event.kind === 'case-restricted').at(-1);
  return statusOf(record, restricted?.details?.reason as RestrictionGround | undefined);
}

// Many calls at once lose on the version in turn; a little jitter keeps them from colliding again.
const pause = (attempt: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));

async function restrict(deps: RestrictionDependencies, actor: string, caseId: string, reason: RestrictionGround): Promise<RestrictionResult> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
    const record = await readCase(deps, caseId);
    if (record.restrictedAt !== undefined) return { ...statusOf(record), changed: false };
    // Its execution may still be erasing and telling the services: stopping it would leave that half done.
    if (record.erasedAt !== undefined) throw conflict('Die Daten dieses Falls wurden gelöscht (Art. 17 DSGVO); es gibt nichts mehr einzuschränken.');
    const now = deps.clock.now();
    let restricted: CaseRecord;
    try {
      restricted = await deps.cases.updateCase(record, { restrictedAt: now.toISOString(), restrictedBy: actor }, { kind: 'case-restricted', actor, details: { reason } }, now);
    } catch (error) {
      if (!(error instanceof VersionConflict)) throw error;
      await pause(attempt);
      continue;
    }
    // After the write every new generation is refused (caseForCaller, the sweeper, conditional writes on the version);
    // a start by a call that raised its generation just before is stopped by the next daily sweep (sweep-cases.ts).
    await deps.workflow.stop(caseId, record.generation);
    return { ...statusOf(restricted, reason), changed: true };
  }
  throw conflict('Der Fall wurde zwischenzeitlich mehrfach geändert. Bitte versuchen Sie es noch einmal.');
}

async function lift(deps: RestrictionDependencies, actor: string, caseId: string): Promise<RestrictionResult> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
    const record = await readCase(deps, caseId);
    if (record.restrictedAt === undefined) return { ...statusOf(record), changed: false };
    const { restrictedAt: _at, restrictedBy: _by, ...free } = record;
    const event = { kind: 'restriction-lifted', actor };
    if (record.stage === 'closed' || record.attention !== undefined) {
      try {
        return { ...statusOf(await deps.cases.updateCase(free, {}, event, deps.clock.now())), changed: true };
      } catch (error) {
        if (!(error instanceof VersionConflict)) throw error;
      }
    } else {
      const next = await restartWorkflow(deps, free, event);
      if (next !== undefined) return { ...statusOf(next), changed: true, generation: next.generation };
    }
    await pause(attempt);
  }
  throw conflict('Der Fall wurde zwischenzeitlich mehrfach geändert. Bitte versuchen Sie es noch einmal.');
}

/** POST /api/cases/{id}/restriction: `{ action: 'restrict', reason }` or `{ action: 'lift' }`. */
export async function changeRestriction(deps: RestrictionDependencies, caller: Caller, caseId: string, raw: unknown): Promise<RestrictionResult> {
  requireRole(caller, 'dpo');
  const parsed = restrictionSchema.safeParse(raw);
  if (!parsed.success) throw validationFailed(formatIssues(parsed.error.issues));
  const input = parsed.data;
  return input.action === 'lift' ? lift(deps, caller.userId, caseId) : restrict(deps, caller.userId, caseId, input.reason);
}
