/**
 * GET /api/inactive-cases ("Ruhende Fälle"): open cases in which nothing has happened for the profile's
 * `retention.inactiveCaseDays` — no step of the workflow, no change, no entry in the record. An open case has no
 * deletion date (its retention starts at closure), so the coordination is shown these to close them or, on the
 * person's request, erase them: nothing personal stays forever just because nobody closed the case.
 *
 * A page at a time, the longest quiet first (the coordination works from the oldest), from the open cases' entries
 * by last activity (core/adapters/case-activity-entries.ts): one key condition, "quiet since before the cutoff", so
 * a page reads at most `limit` entries whatever the number of open cases. No total: counting the quiet cases would
 * read them all, and the cutoff moves with the clock so no counter can hold it. No personal data, so no audit event.
 */
import type { CaseRecord } from '../cases/case.ts';
import { InvalidCursor } from '../cases/ports.ts';
import type { QuietCaseRow } from '../cases/quiet-cases.ts';
import { forbidden, validationFailed } from '../errors.ts';
import type { Caller } from '../identity/caller.ts';
import { isCoordinator, isExpired, type CaseworkDependencies } from './casework-dependencies.ts';
import { DAY_MS } from '../clock.ts';

export const INACTIVE_CASES_DEFAULT_LIMIT = 50;
export const INACTIVE_CASES_MAX_LIMIT = 100;

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
  /** The next quietest, at most `limit`. */
  readonly cases: InactiveCase[];
  /** The cursor of the next page; absent at the end. */
  readonly next?: string;
}

export interface InactiveCasesQuery {
  readonly limit?: number;
  readonly cursor?: string;
}

function inactiveCase(row: QuietCaseRow, names: ReadonlyMap<string, string>, now: Date): InactiveCase {
  const name = row.caseManagerId === undefined ? undefined : names.get(row.caseManagerId);
  return {
    caseId: row.caseId,
    stage: row.stage,
    municipalityId: row.municipalityId,
    ...(row.focusArea === undefined ? {} : { focusArea: row.focusArea }),
    ...(row.caseManagerId === undefined ? {} : { caseManagerId: row.caseManagerId }),
    ...(name === undefined ? {} : { caseManagerName: name }),
    createdAt: row.createdAt,
    lastActivityAt: row.lastActivityAt,
    quietDays: Math.floor((now.getTime() - Date.parse(row.lastActivityAt)) / DAY_MS),
    parked: row.attention !== undefined,
  };
}

export async function listInactiveCases(deps: Pick<CaseworkDependencies, 'cases' | 'clock' | 'profile'>, caller: Caller, query: InactiveCasesQuery = {}): Promise<InactiveCases> {
  if (!isCoordinator(caller)) throw forbidden();
  const now = deps.clock.now();
  const { inactiveCaseDays } = deps.profile.retention;
  const before = new Date(now.getTime() - inactiveCaseDays * DAY_MS).toISOString();
  const limit = Math.min(query.limit ?? INACTIVE_CASES_DEFAULT_LIMIT, INACTIVE_CASES_MAX_LIMIT);
  try {
    // The case managers' names: one read of the staff, bounded by the district's people, not by its cases.
    const [page, managers] = await Promise.all([deps.cases.listQuietCases({ before, limit, ...(query.cursor === undefined ? {} : { cursor: query.cursor }) }), deps.cases.listAllCaseManagers()]);
    const names = new Map(managers.map((manager) => [manager.staffId, manager.name]));
    return {
      inactiveCaseDays,
      cases: page.rows.filter((row) => !isExpired(row, now)).map((row) => inactiveCase(row, names, now)),
      ...(page.next === undefined ? {} : { next: page.next }),
    };
  } catch (error) {
    if (error instanceof InvalidCursor) throw validationFailed([{ field: 'cursor', message: 'ist ungültig' }]);
    throw error;
  }
}
