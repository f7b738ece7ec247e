/**
 * The case manager's daily record of a case (issue 14): counselling contacts (Beratungskontakte), notes on two
 * levels, and the support plan's goals (Hilfeplan). All of it is personal data of the case: it lives in the case's
 * partition, every read is audited, and it expires with the case (core/workflow/apply-retention.ts).
 * Browser-safe: plain data and types only (the case page uses the lists and labels).
 */

/** How the counselling took place; a closed list, so the KPI report can count by it. */
export const CONTACT_FORMS = ['in-person', 'phone', 'video', 'outreach', 'accompaniment'] as const;
export type ContactForm = (typeof CONTACT_FORMS)[number];

export const CONTACT_FORM_LABELS: Readonly<Record<ContactForm, string>> = {
  'in-person': 'persönlich',
  phone: 'telefonisch',
  video: 'Video',
  outreach: 'aufsuchend',
  accompaniment: 'Begleitung zu einem Termin',
};

export interface ContactRecord {
  readonly contactId: string;
  readonly caseId: string;
  /** The day of the contact (YYYY-MM-DD, the district's calendar). */
  readonly date: string;
  readonly durationMinutes: number;
  readonly form: ContactForm;
  /** ISO 639 code of the language interpreted, when an interpreter was there. */
  readonly interpreterLanguage?: string;
  /** The need categories (profile ids) the contact was about. */
  readonly needCategories: readonly string[];
  readonly note?: string;
  readonly recordedBy: string;
  readonly recordedAt: string;
}

/**
 * Ordinary notes are read by the case manager and the coordination (supervision); psychosocial notes are health
 * data (DSGVO Art. 9): the case's case manager only — never the coordination, never an export, never a KPI.
 */
export const NOTE_LEVELS = ['ordinary', 'psychosocial'] as const;
export type NoteLevel = (typeof NOTE_LEVELS)[number];

export interface NoteRecord {
  readonly noteId: string;
  readonly caseId: string;
  readonly level: NoteLevel;
  readonly text: string;
  readonly author: string;
  readonly createdAt: string;
}

export const GOAL_STATUSES = ['open', 'achieved', 'partly-achieved', 'not-achieved', 'dropped'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];
/** The statuses a goal can end with when the case is evaluated and closed. */
export const FINAL_GOAL_STATUSES = GOAL_STATUSES.filter((status): status is Exclude<GoalStatus, 'open'> => status !== 'open');

export const GOAL_STATUS_LABELS: Readonly<Record<GoalStatus, string>> = {
  open: 'offen',
  achieved: 'erreicht',
  'partly-achieved': 'teilweise erreicht',
  'not-achieved': 'nicht erreicht',
  dropped: 'entfallen',
};

export interface GoalRecord {
  readonly goalId: string;
  readonly caseId: string;
  readonly version: number;
  readonly text: string;
  readonly needCategory: string;
  /** By when the goal should be reached (YYYY-MM-DD); the monitoring step reminds after it. */
  readonly targetDate: string;
  /** Who does what, as agreed with the person. */
  readonly tasks?: string;
  readonly status: GoalStatus;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
  /** When the case manager was reminded that the target date had passed (once per target date). */
  readonly reminderSentAt?: string;
}

/** A page of a list, newest first; `next` continues it (opaque to the caller). */
export interface Page<T> {
  readonly items: readonly T[];
  readonly next?: string;
}

/** Goal is overdue: still open after its target date. */
export const isGoalOverdue = (goal: Pick<GoalRecord, 'status' | 'targetDate'>, today: string): boolean => goal.status === 'open' && goal.targetDate < today;
