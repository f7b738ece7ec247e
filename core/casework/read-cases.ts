/**
 * GET /api/cases and GET /api/cases/{id}. Lists carry no personal data (the case item has none). The detail
 * shows the client's data to the case's case manager and to coordinators — but a psychosocial case's free-text
 * notes only to its case manager — and every read of a case's detail is written to its history (audit).
 */
import { auditRead } from './read-audit.ts';
import { CASE_STAGES, type CaseRecord, type ClientRecord } from '../cases/case.ts';
import type { CaseEvent } from '../cases/ports.ts';
import type { ConsentRecord, ReferralRecord } from '../cases/referral.ts';
import { forbidden, validationFailed } from '../errors.ts';
import type { Caller } from '../identity/caller.ts';
import { caseForCaller, isCoordinator, isExpired, type CaseworkDependencies } from './casework-dependencies.ts';

export type CaseSummary = Omit<CaseRecord, 'assessmentTaskToken' | 'closureTaskToken'>;

function summary(record: CaseRecord): CaseSummary {
  const { assessmentTaskToken: _a, closureTaskToken: _c, ...rest } = record;
  return rest;
}

export interface CaseFilter {
  readonly stage?: string;
  readonly municipalityId?: string;
}

/** Own caseload for case managers, all cases for coordinators; needs-attention first, then oldest first. */
export async function listCases(deps: Pick<CaseworkDependencies, 'cases' | 'clock' | 'referrals'>, caller: Caller, filter: CaseFilter): Promise<CaseSummary[]> {
  if (filter.stage !== undefined && !(CASE_STAGES as readonly string[]).includes(filter.stage)) {
    throw validationFailed([{ field: 'stage', message: 'ist keine bekannte Phase' }]);
  }
  let cases: CaseRecord[];
  if (isCoordinator(caller)) {
    const stages = filter.stage === undefined ? CASE_STAGES : [filter.stage as CaseRecord['stage']];
    cases = (await Promise.all(stages.map((stage) => deps.cases.listCasesInStage(stage)))).flat();
  } else if (caller.roles.includes('casemanager')) {
    cases = (await deps.cases.listCasesOfCaseManager(caller.userId)).filter((c) => filter.stage === undefined || c.stage === filter.stage);
  } else {
    throw forbidden();
  }
  const now = deps.clock.now();
  return cases
    .filter((c) => !isExpired(c, now) && (filter.municipalityId === undefined || c.municipalityId === filter.municipalityId))
    // Parked cases first, then crises, then oldest first.
    .sort(
      (a, b) =>
        Number(b.attention !== undefined) - Number(a.attention !== undefined) || Number(b.crisis) - Number(a.crisis) || a.createdAt.localeCompare(b.createdAt),
    )
    .map(summary);
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
