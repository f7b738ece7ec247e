/** What the case-work API needs, and who may see and change which case. */
import type { Clock } from '../clock.ts';
import type { CaseRecord } from '../cases/case.ts';
import { CASE_ID_PATTERN } from '../cases/case.ts';
import type { CaseRepository, ReferralRepository } from '../cases/ports.ts';
import type { TaskCallbacks } from '../cases/task-callbacks.ts';
import { forbidden, notFound, Refusal } from '../errors.ts';
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

/** Said to the case manager and the coordination while the data protection officer has blocked a case. */
export const RESTRICTED_MESSAGE = 'Der Fall ist gesperrt (Einschränkung der Verarbeitung, Art. 18 DSGVO).';
export const caseRestricted = (): Refusal => new Refusal('not-allowed', RESTRICTED_MESSAGE);

/**
 * A case manager works on the cases assigned to them, coordinators on all (supervision). Everyone else — intake
 * staff, administrators — is not allowed: they have no business with a case once it is recorded.
 */
/** Said to anyone who would work on an erased case: only its tombstone is left (core/privacy/erase-person.ts). */
export const caseErased = (): Refusal => new Refusal('conflict', 'Die Daten dieses Falls wurden gelöscht (Art. 17 DSGVO); es bleibt nur der Nachweis der Löschung.');

/** `tombstone`: the caller can handle an erased case (the case page shows the tombstone, a repeated erasure answers). */
export async function caseForCaller(
  deps: Pick<CaseworkDependencies, 'cases' | 'clock'>,
  caller: Caller,
  caseId: string,
  options: { readonly tombstone?: true } = {},
): Promise<CaseRecord> {
  if (!caller.roles.includes('casemanager') && !isCoordinator(caller)) throw forbidden();
  const record = CASE_ID_PATTERN.test(caseId) ? await deps.cases.getCase(caseId) : undefined;
  if (record === undefined || isExpired(record, deps.clock.now())) throw notFound('Der Fall');
  if (!isCoordinator(caller) && record.caseManagerId !== caller.userId) throw forbidden();
  // Restricted (Art. 18): refused to everyone who may otherwise work on it, so no read, answer or change gets through.
  if (record.restrictedAt !== undefined) throw caseRestricted();
  // Erased: no read, answer or change of anything but the tombstone (reopening, an outcome, the record …).
  if (record.erasedAt !== undefined && options.tombstone !== true) throw caseErased();
  return record;
}
