/**
 * GET /api/cases and GET /api/cases/{id}. Lists carry no personal data (the case item has none). The detail
 * shows the client's data to the case's case manager and to coordinators — but a psychosocial case's free-text
 * notes only to its case manager — and every read of a case's detail is written to its history (audit).
 */
import { auditRead } from './read-audit.ts';
import { CASE_STAGES, type CaseRecord, type CaseStage, type ClientRecord } from '../cases/case.ts';
import { CASE_LIST_DEFAULT_LIMIT, CASE_LIST_MAX_LIMIT, type CaseList, type CaseListRow } from '../cases/case-list.ts';
import { InvalidCursor, type CaseEvent } from '../cases/ports.ts';
import type { ConsentRecord, ReferralRecord } from '../cases/referral.ts';
import { forbidden, validationFailed } from '../errors.ts';
import type { Caller } from '../identity/caller.ts';
import { caseForCaller, isCoordinator, isExpired, type CaseworkDependencies } from './casework-dependencies.ts';

export type CaseSummary = Omit<CaseRecord, 'assessmentTaskToken' | 'closureTaskToken'>;

function summary(record: CaseRecord): CaseSummary {
  const { assessmentTaskToken: _a, closureTaskToken: _c, ...rest } = record;
  return rest;
}

/** The case list's query (GET /api/cases): besides the stage at most one of the others, so each is one key condition. */
export interface CaseListQuery {
  readonly stage?: string;
  readonly municipality?: string;
  readonly caseManager?: string;
  readonly needsAttention?: boolean;
  readonly overdue?: boolean;
  readonly cursor?: string;
  readonly limit?: number;
}

export interface CaseListAnswer {
  /** At most the limit (≤ CASE_LIST_MAX_LIMIT), in the coordination's order (core/cases/case-list.ts). */
  readonly cases: CaseListRow[];
  /** All cases of the list (and stage), from maintained counters. */
  readonly total: number;
  /** The cursor of the next page; absent on the last. */
  readonly next?: string;
}

/** The one list the query names, or the German field errors (a case manager's list is their own caseload). */
function chosenList(deps: Pick<CaseworkDependencies, 'profile'>, caller: Caller, query: CaseListQuery): CaseList {
  const lists: { field: string; list: CaseList }[] = [
    ...(query.municipality === undefined ? [] : [{ field: 'municipality', list: { by: 'municipality' as const, municipalityId: query.municipality } }]),
    ...(query.caseManager === undefined ? [] : [{ field: 'caseManager', list: { by: 'case-manager' as const, staffId: query.caseManager } }]),
    ...(query.needsAttention === true ? [{ field: 'needsAttention', list: { by: 'attention' as const } }] : []),
    ...(query.overdue === true ? [{ field: 'overdue', list: { by: 'overdue' as const } }] : []),
  ];
  if (!isCoordinator(caller)) {
    if (!caller.roles.includes('casemanager')) throw forbidden();
    const [other] = lists;
    if (other !== undefined) throw validationFailed([{ field: other.field, message: 'steht nur der Koordination zur Verfügung; die eigenen Fälle lassen sich nach Phase filtern' }]);
    return { by: 'case-manager', staffId: caller.userId };
  }
  const [first, second] = lists;
  if (second !== undefined) throw validationFailed([{ field: second.field, message: 'nur ein Filter neben der Phase: Kommune, Case-Management, Klärungsbedarf oder überfällig' }]);
  if (first?.list.by === 'municipality' && deps.profile.municipalities.every((m) => m.id !== query.municipality)) {
    throw validationFailed([{ field: 'municipality', message: 'ist keine Kommune des Kreises' }]);
  }
  return first?.list ?? { by: 'all' };
}

/**
 * Own caseload for case managers, all cases (or one list) for coordinators, a page at a time: parked first, then
 * crises, then the other open cases, closed last, each oldest first. Cases from before the list entries appear once
 * the backfill has written theirs.
 */
export async function listCases(deps: Pick<CaseworkDependencies, 'cases' | 'clock' | 'profile'>, caller: Caller, query: CaseListQuery): Promise<CaseListAnswer> {
  if (query.stage !== undefined && !(CASE_STAGES as readonly string[]).includes(query.stage)) {
    throw validationFailed([{ field: 'stage', message: 'ist keine bekannte Phase' }]);
  }
  const stage = query.stage as CaseStage | undefined;
  const list = chosenList(deps, caller, query);
  const limit = Math.min(query.limit ?? CASE_LIST_DEFAULT_LIMIT, CASE_LIST_MAX_LIMIT);
  const now = deps.clock.now();
  try {
    const [page, total] = await Promise.all([
      deps.cases.listCasePage({ list, ...(stage === undefined ? {} : { stage }), limit, ...(query.cursor === undefined ? {} : { cursor: query.cursor }) }),
      deps.cases.countCases(list, stage, now),
    ]);
    // TTL deletes late: an entry past its case's retention is left out (its place in the cursor is kept).
    return { cases: page.rows.filter((row) => !isExpired(row, now)), total, ...(page.next === undefined ? {} : { next: page.next }) };
  } catch (error) {
    if (error instanceof InvalidCursor) throw validationFailed([{ field: 'cursor', message: 'ist ungültig' }]);
    throw error;
  }
}

export interface CaseDetail {
  readonly case: CaseSummary;
  readonly client?: Partial<ClientRecord>;
  readonly referrals: Omit<ReferralRecord, 'taskToken'>[];
  readonly consents: ConsentRecord[];
  readonly history: (CaseEvent & { at: string })[];
}

export async function getCaseDetail(deps: Pick<CaseworkDependencies, 'cases' | 'clock' | 'referrals' | 'profile'>, caller: Caller, caseId: string): Promise<CaseDetail> {
  const record = await caseForCaller(deps, caller, caseId, { tombstone: true });
  // An erased case is its tombstone only (core/privacy/erase-person.ts): nothing of the person is read, so no audit.
  if (record.erasedAt !== undefined) return { case: summary(record), referrals: [], consents: [], history: [] };
  const [client, referrals, consents] = await Promise.all([
    deps.cases.getClient(caseId),
    deps.referrals.listReferrals(caseId),
    deps.cases.listConsents(caseId),
  ]);
  const ownCase = record.caseManagerId === caller.userId;
  let shownClient: Partial<ClientRecord> | undefined = client;
  const psychosocial = record.focusArea === 'psychosocial' || record.requestedFocusArea === 'psychosocial' || record.needCategories.includes('psychosocial');
  if (client !== undefined && !ownCase && psychosocial) {
    // Supervision sees who the person is, not the notes of a psychosocial (health) counselling.
    const { needsDescription: _notes, ...rest } = client;
    shownClient = rest;
  }
  await auditRead(deps, caller, caseId, 'case-read');
  const history = await deps.cases.listEvents(caseId);
  return {
    case: summary(record),
    ...(shownClient === undefined ? {} : { client: shownClient }),
    referrals: referrals.map(({ taskToken: _t, ...r }) => r),
    consents,
    history,
  };
}
