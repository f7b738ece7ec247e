/**
 * GET /api/caseload: the coordination's overview per case manager (Fachaufsicht) — open cases by stage, overdue
 * steps (assessment reminded or escalated, referrals the service was reminded of and has not answered), parked
 * cases, cases waiting for the assessment — and the waiting list. Counts and case numbers only (those that need
 * action, so the page links to them), no personal data: reading it is not a read of any case and writes no audit
 * event.
 *
 * Reads by key condition, bounded by the district's open caseload, not by the years of closed cases: the case
 * managers (one query of the staff index), each one's open cases (their case list's open stages,
 * core/cases/case-list.ts), the waiting list's count (its counters) and the referrals of the cases in referral or
 * monitoring (one query per such case) — never a scan.
 */
import { CASE_STAGES, type CaseStage } from '../cases/case.ts';
import type { CaseListRow } from '../cases/case-list.ts';
import { isAssessmentOverdue, isReferralOverdue } from '../cases/overdue.ts';
import { forbidden } from '../errors.ts';
import type { Caller } from '../identity/caller.ts';
import { isCoordinator, type CaseworkDependencies } from './casework-dependencies.ts';

export type OpenStage = Exclude<CaseStage, 'closed'>;
export const OPEN_STAGES = CASE_STAGES.filter((stage): stage is OpenStage => stage !== 'closed');

export interface CaseManagerCaseload {
  readonly staffId: string;
  readonly name: string;
  readonly providerId: string;
  readonly openCases: number;
  readonly byStage: Readonly<Record<OpenStage, number>>;
  /** Parked: a step failed for good and the coordination must clear it. */
  readonly parked: number;
  readonly awaitingAssessment: number;
  readonly assessmentOverdue: number;
  /** Cases with at least one overdue referral. */
  readonly referralOverdue: number;
  readonly crisis: number;
  /** The cases that need action — parked, or a step overdue — oldest first. */
  readonly needsAction: string[];
  /** Set when the person has left but still owns open cases: those are to be handed over (page "Übergabe"). */
  readonly leftAt?: string;
}

export interface Caseload {
  readonly caseManagers: CaseManagerCaseload[];
  /** Cases no case manager could take yet. */
  readonly waitingList: number;
}

const hasReferrals = (record: CaseListRow): boolean => record.stage === 'referring' || record.stage === 'monitoring';

export async function caseload(deps: Pick<CaseworkDependencies, 'profile' | 'cases' | 'referrals' | 'clock'>, caller: Caller): Promise<Caseload> {
  if (!isCoordinator(caller)) throw forbidden();
  const now = deps.clock.now();
  // Everyone who is or was a case manager (one Query of the staff index): people who left appear while they still
  // own open cases, so the coordination sees what has to be handed over.
  const [managers, waitingList] = await Promise.all([deps.cases.listAllCaseManagers(), deps.cases.countCases({ by: 'all' }, 'waiting-list', now)]);
  const rows = await Promise.all(
    managers.map(async (manager): Promise<CaseManagerCaseload | undefined> => {
      const cases = await deps.cases.listCaseRows({ by: 'case-manager', staffId: manager.staffId }, OPEN_STAGES);
      if (manager.disabledAt !== undefined && cases.length === 0) return undefined;
      const withOverdueReferral = new Set(
        (
          await Promise.all(
            cases.filter(hasReferrals).map(async (record) => ((await deps.referrals.listReferrals(record.caseId)).some(isReferralOverdue) ? [record.caseId] : [])),
          )
        ).flat(),
      );
      const byStage = Object.fromEntries(OPEN_STAGES.map((stage) => [stage, cases.filter((c) => c.stage === stage).length])) as Record<OpenStage, number>;
      return {
        staffId: manager.staffId,
        name: manager.name,
        providerId: manager.providerId,
        openCases: cases.length,
        byStage,
        parked: cases.filter((c) => c.attention !== undefined).length,
        awaitingAssessment: byStage['awaiting-assessment'],
        assessmentOverdue: cases.filter(isAssessmentOverdue).length,
        referralOverdue: withOverdueReferral.size,
        crisis: cases.filter((c) => c.crisis).length,
        needsAction: cases
          .filter((c) => c.attention !== undefined || isAssessmentOverdue(c) || withOverdueReferral.has(c.caseId))
          .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
          .map((c) => c.caseId),
        ...(manager.disabledAt === undefined ? {} : { leftAt: manager.disabledAt }),
      };
    }),
  );
  const caseManagers = rows.filter((row): row is CaseManagerCaseload => row !== undefined);
  return {
    caseManagers: caseManagers.sort((a, b) => a.providerId.localeCompare(b.providerId) || a.name.localeCompare(b.name, 'de')),
    waitingList,
  };
}
