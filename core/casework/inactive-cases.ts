/**
 * GET /api/inactive-cases ("Ruhende Fälle"): open cases in which nothing has happened for the profile's
 * `retention.inactiveCaseDays` — no step of the workflow, no change, no entry in the record. An open case has no
 * deletion date (its retention starts at closure), so the coordination is shown these to close them or, on the
 * person's request, erase them: nothing personal stays forever just because nobody closed the case.
 *
 * Reads the open stages by key condition (gsi1 CASES#<stage>), never the closed ones: the cost follows the open
 * caseload, not the years of history. No personal data, so no audit event. At most MAX_SHOWN cases, the longest
 * quiet first, with their total count: the coordination works from the oldest, and the next ones follow.
 */
import type { CaseRecord } from '../cases/case.ts';
import { forbidden } from '../errors.ts';
import type { Caller } from '../identity/caller.ts';
import { OPEN_STAGES } from './caseload-overview.ts';
import { isCoordinator, isExpired, type CaseworkDependencies } from './casework-dependencies.ts';

export const MAX_SHOWN = 100;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface InactiveCase {
  readonly caseId: string;
  readonly stage: CaseRecord['stage'];
  readonly municipalityId: string;
  readonly focusArea?: string;
  readonly caseManagerId?: string;
  readonly caseManagerName?: string;
  readonly createdAt: string;
  readonly lastActivityAt: string;
  readonly quietDays: number;
  readonly parked: boolean;
}

export interface InactiveCases {
  readonly inactiveCaseDays: number;
  /** All open cases quiet that long; `cases` holds the first MAX_SHOWN of them. */
  readonly total: number;
  readonly cases: InactiveCase[];
}

/** The case's last activity: its last update, or a later entry in its record. */
export const lastActivityAt = (record: Pick<CaseRecord, 'updatedAt' | 'lastRecordAt'>): string =>
  record.lastRecordAt !== undefined && record.lastRecordAt > record.updatedAt ? record.lastRecordAt : record.updatedAt;

export async function listInactiveCases(deps: Pick<CaseworkDependencies, 'cases' | 'clock' | 'profile'>, caller: Caller): Promise<InactiveCases> {
  if (!isCoordinator(caller)) throw forbidden();
  const now = deps.clock.now();
  const { inactiveCaseDays } = deps.profile.retention;
  const cutoff = new Date(now.getTime() - inactiveCaseDays * DAY_MS).toISOString();
  const [byStage, managers] = await Promise.all([Promise.all(OPEN_STAGES.map((stage) => deps.cases.listCasesInStage(stage))), deps.cases.listAllCaseManagers()]);
  const names = new Map(managers.map((manager) => [manager.staffId, manager.name]));
  const quiet = byStage
    .flat()
    .filter((record) => !isExpired(record, now) && lastActivityAt(record) < cutoff)
    .sort((a, b) => lastActivityAt(a).localeCompare(lastActivityAt(b)) || a.caseId.localeCompare(b.caseId));
  return {
    inactiveCaseDays,
    total: quiet.length,
    cases: quiet.slice(0, MAX_SHOWN).map((record) => {
      const last = lastActivityAt(record);
      const name = record.caseManagerId === undefined ? undefined : names.get(record.caseManagerId);
      return {
        caseId: record.caseId,
        stage: record.stage,
        municipalityId: record.municipalityId,
        ...(record.focusArea === undefined ? {} : { focusArea: record.focusArea }),
        ...(record.caseManagerId === undefined ? {} : { caseManagerId: record.caseManagerId }),
        ...(name === undefined ? {} : { caseManagerName: name }),
        createdAt: record.createdAt,
        lastActivityAt: last,
        quietDays: Math.floor((now.getTime() - Date.parse(last)) / DAY_MS),
        parked: record.attention !== undefined,
      };
    }),
  };
}
