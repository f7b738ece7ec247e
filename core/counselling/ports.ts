/** What the case record's use cases need from the store; core/adapters/dynamo-case-record-repository.ts implements it. */
import type { CaseEvent } from '../cases/ports.ts';
import type { ContactRecord, GoalRecord, NoteLevel, NoteRecord, Page } from './record.ts';
import type { CountIncrement } from './record-counts.ts';

export interface PageRequest {
  readonly limit: number;
  /** From the `next` of the page before; refused as a validation error when it was not made for this list. */
  readonly cursor?: string;
}

export type GoalChanges = Partial<Pick<GoalRecord, 'status' | 'targetDate' | 'tasks' | 'reminderSentAt'>>;

export interface CaseRecordRepository {
  /**
   * Each write below is one transaction with its history event and a check that the case is still open, so nothing
   * is added to a closed case after its retention was set. Throws CaseClosed when it is not open (any more).
   */
  addContact(contact: ContactRecord, event: CaseEvent, counts: readonly CountIncrement[]): Promise<void>;
  addNote(note: NoteRecord, event: CaseEvent): Promise<void>;
  /** Created only if no goal has this number yet (numbers count up per case): throws VersionConflict otherwise. */
  addGoal(goal: GoalRecord, event: CaseEvent, counts: readonly CountIncrement[]): Promise<void>;
  /** Whether the case has a contact on a day of `month` (`YYYY-MM`) already: one key condition, at most one item read. */
  hasContactInMonth(caseId: string, month: string): Promise<boolean>;
  /** Conditional on `expected.version`. Throws VersionConflict, or CaseClosed. */
  updateGoal(expected: GoalRecord, changes: GoalChanges, event: CaseEvent | undefined, now: Date): Promise<GoalRecord>;
  /** Newest contact first (by the day of the contact). */
  listContacts(caseId: string, page: PageRequest): Promise<Page<ContactRecord>>;
  /** One level's notes, newest first: a coordinator's read never touches the psychosocial ones. */
  listNotes(caseId: string, level: NoteLevel, page: PageRequest): Promise<Page<NoteRecord>>;
  /** All goals of the case, in the order they were agreed (a case has at most MAX_GOALS). */
  listGoals(caseId: string): Promise<GoalRecord[]>;
  /**
   * Gives every item of the record the case's retention (`expiresAt`), or removes it when the case has none (open
   * again); items that already have it are left alone, so a repeated run changes nothing. Answers how many changed.
   */
  syncRetention(caseId: string, expiresAt: number | undefined): Promise<number>;
}

/** The case is closed (or gone): its record takes nothing new. */
export class CaseClosed extends Error {
  override name = 'CaseClosed';
}
