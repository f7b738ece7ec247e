/**
 * The hand-over of a whole caseload, and what the hand-over pages read: all case managers (those who left and still
 * own cases included), one person's open cases, and who may take a given case.
 *
 * A caseload moves one case per transaction (DynamoDB allows 100 items in one, a caseload can be larger), in order,
 * each through moveCase (hand-over.ts) with the person as `from`: a case that already moved is answered, not moved
 * again, so a re-run after an interruption finishes the rest. A case the target may not take is refused on its own
 * and the others go on.
 */
import { coveringProviderIds, leastLoadedFirst, mayTakeCase } from '../cases/assignment.ts';
import type { CaseRecord, CaseStage } from '../cases/case.ts';
import type { CaseListRow } from '../cases/case-list.ts';
import type { CaseRepository } from '../cases/ports.ts';
import { notFound, Refusal, validationFailed } from '../errors.ts';
import { requireRole, type Caller } from '../identity/caller.ts';
import { formatIssues } from '../validation/format-issues.ts';
import { caseForCaller } from './casework-dependencies.ts';
import { OPEN_STAGES } from './caseload-overview.ts';
import { HANDOVER_STAGES, moveCase, type HandOverDependencies } from './hand-over.ts';
import { caseloadHandoverSchema } from './hand-over-input.ts';

export interface CaseloadResult {
  readonly caseId: string;
  readonly stage: CaseStage;
  /** `moved`: handed over now; `unchanged`: it had moved already (a re-run); `refused`: see `message`. */
  readonly outcome: 'moved' | 'unchanged' | 'refused';
  readonly caseManagerId?: string;
  readonly message?: string;
}

/**
 * A person's open cases, oldest first: what a hand-over of their caseload moves. Their list's open stages (key
 * conditions, core/cases/case-list.ts), so the read follows the open caseload, not the years of closed cases.
 */
export async function openCasesOf(deps: { readonly cases: Pick<CaseRepository, 'listCaseRows'> }, staffId: string): Promise<CaseListRow[]> {
  return (await deps.cases.listCaseRows({ by: 'case-manager', staffId }, OPEN_STAGES))
    .filter((c) => c.caseManagerId === staffId)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.caseId.localeCompare(b.caseId));
}

/** POST /api/staff/{id}/handover: every open case of that case manager, each to the target (or the least loaded). */
export async function handOverCaseload(
  deps: HandOverDependencies,
  caller: Caller,
  staffId: string,
  raw: unknown,
): Promise<{ readonly staffId: string; readonly results: CaseloadResult[]; readonly remaining: number }> {
  requireRole(caller, 'coordinator');
  const parsed = caseloadHandoverSchema.safeParse(raw);
  if (!parsed.success) throw validationFailed(formatIssues(parsed.error.issues));
  const results: CaseloadResult[] = [];
  for (const record of await openCasesOf(deps, staffId)) {
    try {
      const moved = await moveCase(deps, caller.userId, record.caseId, { from: staffId, ...parsed.data });
      results.push({ caseId: record.caseId, stage: moved.stage, outcome: moved.handedOver ? 'moved' : 'unchanged', caseManagerId: moved.caseManagerId });
    } catch (error) {
      // A refusal concerns this case only (e.g. the target does not cover its municipality); anything else stops the run.
      if (!(error instanceof Refusal)) throw error;
      results.push({ caseId: record.caseId, stage: record.stage, outcome: 'refused', message: error.message });
    }
  }
  return { staffId, results, remaining: (await openCasesOf(deps, staffId)).length };
}

export interface CaseManagerEntry {
  readonly staffId: string;
  readonly name: string;
  readonly providerId: string;
  readonly focusAreas: string[];
  readonly openCases: number;
  readonly active: boolean;
}

/** GET /api/case-managers: everyone in case management, active or left, by name (the coordination's hand-over page). */
export async function listCaseManagersForHandOver(deps: Pick<HandOverDependencies, 'cases'>, caller: Caller): Promise<CaseManagerEntry[]> {
  requireRole(caller, 'coordinator');
  return (await deps.cases.listAllCaseManagers())
    .map(({ staffId, name, providerId, focusAreas, openCases, disabledAt }) => ({ staffId, name, providerId, focusAreas: [...focusAreas], openCases, active: disabledAt === undefined }))
    .sort((a, b) => a.name.localeCompare(b.name, 'de') || a.staffId.localeCompare(b.staffId));
}

/** What the hand-over page shows of a case: no personal data, like every list. */
export type CaseloadCase = Pick<CaseRecord, 'caseId' | 'stage' | 'municipalityId' | 'focusArea' | 'createdAt' | 'attention'>;

/** GET /api/staff/{id}/cases: that person's open cases. */
export async function listCaseloadForHandOver(deps: Pick<HandOverDependencies, 'cases' | 'clock'>, caller: Caller, staffId: string): Promise<CaseloadCase[]> {
  requireRole(caller, 'coordinator');
  if ((await deps.cases.listAllCaseManagers()).every((m) => m.staffId !== staffId)) throw notFound('Die Person im Case-Management');
  return (await openCasesOf(deps, staffId)).map(({ caseId, stage, municipalityId, focusArea, createdAt, attention }) => ({
    caseId,
    stage,
    municipalityId,
    ...(focusArea === undefined ? {} : { focusArea }),
    createdAt,
    ...(attention === undefined ? {} : { attention }),
  }));
}

export interface HandOverTarget {
  readonly staffId: string;
  readonly name: string;
  readonly providerId: string;
  readonly openCases: number;
}

/** GET /api/cases/{id}/handover: who may take this case (active, covering its municipality and focus area), least loaded first. */
export async function listHandOverTargets(
  deps: Pick<HandOverDependencies, 'cases' | 'clock' | 'profile'>,
  caller: Caller,
  caseId: string,
): Promise<{ readonly caseId: string; readonly stage: CaseStage; readonly caseManagerId?: string; readonly handsOver: boolean; readonly targets: HandOverTarget[] }> {
  requireRole(caller, 'coordinator');
  const record = await caseForCaller(deps, caller, caseId);
  const { focusArea, municipalityId, caseManagerId, stage } = record;
  const handsOver = (HANDOVER_STAGES as readonly CaseStage[]).includes(stage) && caseManagerId !== undefined && focusArea !== undefined;
  const managers = handsOver ? await deps.cases.listCaseManagers(coveringProviderIds(deps.profile, municipalityId, focusArea)) : [];
  const targets = managers
    .filter((m) => m.staffId !== caseManagerId && focusArea !== undefined && mayTakeCase(deps.profile, m, municipalityId, focusArea))
    .sort(leastLoadedFirst)
    .map(({ staffId, name, providerId, openCases }) => ({ staffId, name, providerId, openCases }));
  return { caseId, stage, ...(caseManagerId === undefined ? {} : { caseManagerId }), handsOver, targets };
}
