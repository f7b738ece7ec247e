/** What the erasure (core/privacy/erase-person.ts and its workflow steps) needs from the table; dynamo-erasure.ts implements it. */
import type { CaseRecord } from '../cases/case.ts';
import type { CaseEvent } from '../cases/ports.ts';
import type { ReferralRecord } from '../cases/referral.ts';

/** A referral replaced by its erased form, conditional on the version it was read at. */
export interface ReferralErasure {
  readonly expected: ReferralRecord;
  readonly erased: ReferralRecord;
}

export interface ErasureStore {
  /**
   * The tombstone, in one transaction: the case replaced by `tombstone` at `expected.version` (raised by one), its
   * case manager's caseload down by one when `releaseCaseload`, the history event, every referral at its version in
   * its erased form (with the tombstone's retention), and deleted: the client, the person marker, the intake's
   * idempotency item and every consent — a send claimed after this finds its consent gone (ReferralRepository.claimSend)
   * and one claimed before changed its referral's version, so the two cannot both succeed. Throws VersionConflict.
   */
  eraseCase(expected: CaseRecord, tombstone: CaseRecord, releaseCaseload: boolean, referrals: readonly ReferralErasure[], event: CaseEvent, now: Date): Promise<CaseRecord>;
  /**
   * Deletes every item of the case's partition but the case item and its history — contacts, notes, goals and anything
   * a later feature keeps there — a batch at a time; what is gone already is not missed. Returns how many it deleted.
   */
  deleteCaseData(caseId: string): Promise<number>;
  /** Replaces the details of every history event `scrub` answers for (free text removed); returns how many changed. */
  scrubEvents(caseId: string, scrub: (event: CaseEvent) => CaseEvent['details'] | undefined): Promise<number>;
}
