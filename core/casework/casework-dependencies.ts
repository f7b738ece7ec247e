/** What the case-work API needs, and who may see and change which case. */
import type { Clock } from '../clock.ts';
import type { CaseRecord } from '../cases/case.ts';
import { CASE_ID_PATTERN } from '../cases/case.ts';
import type { CaseRepository, ReferralRepository } from '../cases/ports.ts';
import type { TaskCallbacks } from '../cases/task-callbacks.ts';
import { forbidden, notFound } from '../errors.ts';
import type { Caller } from '../identity/caller.ts';
import type { DistrictProfile } from '../profile/schema.ts';

export interface CaseworkDependencies {
  readonly profile: DistrictProfile;
  readonly clock: Clock;
  readonly cases: CaseRepository;
  readonly referrals: ReferralRepository;
  readonly callbacks: TaskCallbacks;
}

export const isCoordinator = (caller: Caller): boolean => caller.roles.includes('coordinator');

/** TTL deletes late (up to days); a case past its retention period is gone for everyone at once. */
export const isExpired = (record: Pick<CaseRecord, 'expiresAt'>, now: Date): boolean => record.expiresAt !== undefined && record.expiresAt * 1000 <= now.getTime();

/**
 * A case manager works on the cases assigned to them, coordinators on all (supervision). Everyone else — intake
 * staff, administrators — is not allowed: they have no business with a case once it is recorded.
 */
export async function caseForCaller(deps: Pick<CaseworkDependencies, 'cases' | 'clock'>, caller: Caller, caseId: string): Promise<CaseRecord> {
  if (!caller.roles.includes('casemanager') && !isCoordinator(caller)) throw forbidden();
  const record = CASE_ID_PATTERN.test(caseId) ? await deps.cases.getCase(caseId) : undefined;
  if (record === undefined || isExpired(record, deps.clock.now())) throw notFound('Der Fall');
  if (!isCoordinator(caller) && record.caseManagerId !== caller.userId) throw forbidden();
  return record;
}
