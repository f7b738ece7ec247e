/** What the case use cases need from the outside world; adapters in core/adapters implement these. */
import type { CaseRecord, ClientRecord } from './case.ts';
import type { CaseList, CaseListPage, CaseListRequest, CaseListRow } from './case-list.ts';
import type { QuietCasesPage, QuietCasesRequest } from './quiet-cases.ts';
import type { GapReport } from './gap-report.ts';
import type { ConsentRecord, ReferralRecord } from './referral.ts';
import type { GoalRecord } from '../counselling/record.ts';
import type { CountIncrement } from '../counselling/record-counts.ts';

export interface CreatedCase {
  readonly caseId: string;
  readonly stage: CaseRecord['stage'];
  readonly generation: number;
  /** false when an earlier submission with the same idempotency key created it. */
  readonly created: boolean;
}

/** A line of the case history a person reads. `details` never holds personal data. */
export interface CaseEvent {
  readonly kind: string;
  readonly actor: string;
  readonly details?: Readonly<Record<string, string | number | boolean>>;
  /**
   * Epoch seconds: an event with its own retention (a read, core/casework/read-audit.ts). Every other event expires
   * with its case (core/workflow/apply-retention.ts).
   */
  readonly expiresAt?: number;
}

export interface CaseManagerLoad {
  readonly staffId: string;
  readonly name: string;
  readonly email: string;
  readonly providerId: string;
  readonly focusAreas: readonly string[];
  readonly openCases: number;
}

/** A case manager as the hand-over page lists them: also those who left (`disabledAt`) and still own cases. */
export interface CaseManagerStaff extends CaseManagerLoad {
  readonly disabledAt?: string;
}

/** Which case a person key points to; no personal data. `intakeKeyHash`: the Idempotency-Key hash of its intake. */
export interface PersonMarker {
  readonly caseId: string;
  readonly createdAt: string;
  readonly intakeKeyHash: string;
  readonly expiresAt?: number;
}

export type CaseChanges = Partial<Omit<CaseRecord, 'caseId' | 'version' | 'createdAt' | 'updatedAt'>>;

export interface CaseRepository {
  /**
   * Saves case, client and the first history event in one transaction, guarded by the idempotency key:
   * a second submission with the same key returns the first one's case and writes nothing.
   * Throws IdempotencyConflict when the key was used for a different submission.
   */
  createCase(input: {
    readonly case: CaseRecord;
    readonly client: ClientRecord;
    readonly idempotency: { readonly keyHash: string; readonly requestHash: string; readonly expiresAt: number };
  }): Promise<CreatedCase>;
  getCase(caseId: string): Promise<CaseRecord | undefined>;
  /**
   * Conditional on `expected.version`; writes the event (and a gap report, when given) in the same transaction,
   * so a retried step never reports twice. Throws VersionConflict.
   */
  updateCase(expected: CaseRecord, changes: CaseChanges, event: CaseEvent | undefined, now: Date, gapReport?: GapReport): Promise<CaseRecord>;
  /**
   * Assigns the case and counts it in the case manager's caseload, in one transaction that also checks the
   * caseload is still what the choice was based on. Throws VersionConflict when anything moved meanwhile.
   */
  assignCase(expected: CaseRecord, manager: CaseManagerLoad, event: CaseEvent, now: Date): Promise<CaseRecord>;
  /** The case managers of these providers who have not left, with their caseloads: read by provider, not all of them. */
  listCaseManagers(providerIds: readonly string[]): Promise<CaseManagerLoad[]>;
  /** A case manager who has not left, by staff id; undefined for anyone else. */
  getCaseManager(staffId: string): Promise<CaseManagerLoad | undefined>;
  /**
   * Keeps a waiting step's task token on the case — in one conditional write, without reading the case first — if
   * the case is still in `stage`; false when it is not (or does not exist). Raises the version like every update,
   * but not `updatedAt`: waiting is not activity.
   */
  keepTaskToken(caseId: string, field: 'assessmentTaskToken' | 'closureTaskToken', taskToken: string, stage: CaseRecord['stage']): Promise<boolean>;
  getClient(caseId: string): Promise<ClientRecord | undefined>;
  listConsents(caseId: string): Promise<ConsentRecord[]>;
  /** The assessment in one transaction: case to `referring`, its referrals and consents, one history event. */
  recordAssessment(expected: CaseRecord, referrals: readonly ReferralRecord[], consents: readonly ConsentRecord[], event: CaseEvent, now: Date): Promise<CaseRecord>;
  /**
   * Closing: the case to `closed` with its retention, the case manager's caseload down by one, and the evaluation —
   * each goal whose final status differs, conditional on its version — and the KPI counters of the closure, in one
   * transaction.
   */
  closeCase(expected: CaseRecord, changes: CaseChanges, event: CaseEvent, now: Date, evaluation?: readonly GoalEvaluation[], counts?: readonly CountIncrement[]): Promise<CaseRecord>;
  /**
   * Reopening: the case (without `expiresAt`) open again, the retention removed from its client, consents and
   * referrals, its case manager's caseload up by one if they are still there; one transaction. Throws VersionConflict.
   */
  reopenCase(expected: CaseRecord, changes: CaseChanges, event: CaseEvent, now: Date): Promise<CaseRecord>;
  /**
   * What the case manager adds after the assessment, in one transaction: the case (conditional on its version), a new
   * consent or referral (created only if absent), the held referrals it releases (each conditional on its version)
   * and the history events. Throws VersionConflict.
   */
  recordAddition(expected: CaseRecord, changes: CaseChanges, addition: CaseAddition, now: Date): Promise<CaseRecord>;
  /**
   * Hand-over: `record` (the case with its new case manager, version raised) replaces `expected`, the previous case
   * manager's caseload goes down by one and `manager`'s up by one (while active, and only from `manager.openCases`),
   * with the history event, in one transaction. Throws VersionConflict.
   */
  handOverCase(expected: CaseRecord, manager: CaseManagerLoad, changes: CaseChanges, event: CaseEvent, now: Date): Promise<CaseRecord>;
  /**
   * A correction of client data (Art. 16), in one transaction: `correction.client` replaces the client item at
   * `correction.expected.version`, `record` (the case as it becomes, at the version read) is written with its version
   * raised, the person marker moves to `correction.personKey` when given, with the history event and a gap report
   * when given. Throws VersionConflict.
   */
  correctClient(record: CaseRecord, correction: ClientCorrectionWrite, event: CaseEvent, now: Date): Promise<CaseRecord>;
  /** Every case manager, those who left included, with their caseloads. */
  listAllCaseManagers(): Promise<CaseManagerStaff[]>;
  listCasesInStage(stage: CaseRecord['stage']): Promise<CaseRecord[]>;
  /**
   * One page of a case list (core/cases/case-list.ts) in its order, by key conditions only: at most `limit` rows,
   * whatever the number of cases. Throws InvalidCursor for a cursor this list did not hand out.
   */
  listCasePage(request: CaseListRequest): Promise<CaseListPage>;
  /** Every row of a list in these stages, in its order: bounded by what they hold (e.g. the open ones), not by the history. */
  listCaseRows(list: CaseList, stages: readonly CaseRecord['stage'][]): Promise<CaseListRow[]>;
  /**
   * One page of the open cases quiet since before `request.before`, the quietest first (core/cases/quiet-cases.ts):
   * one key condition, at most `limit` rows, whatever the number of open cases. Throws InvalidCursor.
   */
  listQuietCases(request: QuietCasesRequest): Promise<QuietCasesPage>;
  /** How many cases a list holds (in one stage): maintained counters, not a read of the cases. */
  countCases(list: CaseList, stage: CaseRecord['stage'] | undefined, now: Date): Promise<number>;
  listCasesOfCaseManager(staffId: string): Promise<CaseRecord[]>;
  /**
   * The person markers under a person key (core/cases/person-key.ts), oldest first: one key condition. createCase
   * writes a case's marker in its transaction; closing and reopening change its retention with the client's.
   */
  listPersonMarkers(personKey: string): Promise<PersonMarker[]>;
  listEvents(caseId: string): Promise<(CaseEvent & { at: string })[]>;
  /** Audit: an event that changes nothing else (a read), so it never competes with the case's version. */
  appendEvent(caseId: string, event: CaseEvent, now: Date): Promise<void>;
}

/** What CaseRepository.correctClient writes besides the case. */
export interface ClientCorrectionWrite {
  /** The case as read, before the correction: what moves with it (KPI counters, list entries) is counted from it. */
  readonly caseBefore: CaseRecord;
  readonly expected: ClientRecord;
  readonly client: ClientRecord;
  readonly personKey?: string;
  readonly gapReport?: GapReport;
}

/** A consent or referral added to a case after its assessment (CaseRepository.recordAddition). */
export interface CaseAddition {
  readonly consent?: ConsentRecord;
  readonly referral?: ReferralRecord;
  /** Referrals held for lack of consent that go out now (to `planned`). */
  readonly releases: readonly ReferralStop[];
  readonly event: CaseEvent;
}

export type ReferralChanges = Partial<Omit<ReferralRecord, 'referralId' | 'caseId' | 'version' | 'createdAt' | 'updatedAt'>>;

export interface ReferralRepository {
  getReferral(referralId: string): Promise<ReferralRecord | undefined>;
  listReferrals(caseId: string): Promise<ReferralRecord[]>;
  /** Conditional on the version; the event goes into the case's history. Throws VersionConflict. */
  updateReferral(expected: ReferralRecord, changes: ReferralChanges, event: CaseEvent | undefined, now: Date, gapReport?: GapReport): Promise<ReferralRecord>;
  /**
   * Claims the referral's send (`sendClaimedAt`) before its mail goes out: conditional on the referral's version and
   * fenced by the consent it rests on — still at `consent.version`, not revoked. A revocation saved first makes the
   * claim fail; a claim saved first makes the revocation's transaction fail. Throws VersionConflict.
   */
  claimSend(expected: ReferralRecord, consent: ConsentRecord, now: Date): Promise<ReferralRecord>;
  /** The consent revoked and the referrals resting on it stopped, each with its history event, in one transaction. Throws VersionConflict. */
  revokeConsent(expected: ConsentRecord, changes: Pick<ConsentRecord, 'revokedAt' | 'stoppedReferralIds'>, event: CaseEvent, stops: readonly ReferralStop[], now: Date): Promise<ConsentRecord>;
}

/** A goal's final status at closure. */
export interface GoalEvaluation {
  readonly expected: GoalRecord;
  readonly status: GoalRecord['status'];
}

/** One referral a revocation stops: conditional on `expected.version` like every update. */
export interface ReferralStop {
  readonly expected: ReferralRecord;
  readonly changes: ReferralChanges;
  readonly event: CaseEvent;
}

/** Where an execution stands; anything but `running` has ended (Step Functions' FAILED, TIMED_OUT, ABORTED, …). */
export interface ExecutionState {
  readonly running: boolean;
  readonly startedAt: Date;
}

export interface CaseWorkflow {
  /** Starts (or, when it already runs, finds) the execution `<caseId>-<generation>` with input `{caseId}` only. */
  start(caseId: string, generation: number): Promise<void>;
  /** The execution `<caseId>-<generation>`; undefined when there is none (never started, or forgotten). */
  execution(caseId: string, generation: number): Promise<ExecutionState | undefined>;
  /** The names of all running executions with their start: one paged list instead of a question per case. */
  running(): Promise<ReadonlyMap<string, Date>>;
  /** Stops `<caseId>-<generation>` if it still runs (the predecessor of a renewed or restarted one); none is fine. */
  stop(caseId: string, generation: number): Promise<void>;
}

export class IdempotencyConflict extends Error {}

/** A list's cursor that is not one the list handed out (altered, or of another list). */
export class InvalidCursor extends Error {
  override name = 'InvalidCursor';
}

/** Someone else changed the item first; re-read and try again. */
export class VersionConflict extends Error {
  override name = 'VersionConflict';
}
