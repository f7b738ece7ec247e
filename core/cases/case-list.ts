/**
 * The case list as the coordination and the case managers page through it: which rows, in which order, and which
 * lists ("filters") a case belongs to. Pure and browser-safe (type imports only, and overdue.ts): the adapter
 * (core/adapters/case-list-entries.ts) keeps one small entry per list and case, written with the case, so each list
 * is one key condition, already in this order.
 */
import type { CaseRecord, CaseStage } from './case.ts';
import { isAssessmentOverdue } from './overdue.ts';

/** What a row of the list shows (and no more: every entry carries it, once per list the case is in). */
export const CASE_LIST_FIELDS = [
  'caseId',
  'stage',
  'municipalityId',
  'requestedFocusArea',
  'focusArea',
  'crisis',
  'attention',
  'caseManagerId',
  'providerId',
  'createdAt',
  'updatedAt',
  'assessmentRequestedAt',
  'assessmentReminderSentAt',
  'assessmentEscalatedAt',
  'closedAt',
  'expiresAt',
  'restrictedAt',
  'erasedAt',
] as const satisfies readonly (keyof CaseRecord)[];

export type CaseListRow = Pick<CaseRecord, (typeof CASE_LIST_FIELDS)[number]>;

export function caseListRow(record: CaseRecord): CaseListRow {
  return Object.fromEntries(CASE_LIST_FIELDS.flatMap((field) => (record[field] === undefined ? [] : [[field, record[field]]]))) as unknown as CaseListRow;
}

/**
 * The order coordinators work in: parked cases (needs attention) first, then open crises, then the other open cases,
 * closed cases last — each oldest first. Closed last (before, a closed crisis came before open cases): a closed
 * case needs nothing, and the years of closed cases would otherwise push the open ones off the first pages.
 */
export function caseListRank(record: Pick<CaseRecord, 'attention' | 'crisis' | 'stage'>): 0 | 1 | 2 | 3 {
  if (record.attention !== undefined) return 0;
  if (record.stage === 'closed') return 3;
  return record.crisis ? 1 : 2;
}

/**
 * One list: all cases, a municipality's, a case manager's (their own caseload, or the coordination's filter), the
 * parked ones, the overdue ones — each also split by stage. Overdue is what the list marks "überfällig": the
 * assessment reminded or escalated (core/cases/overdue.ts); overdue referrals are the caseload overview's.
 */
export type CaseList =
  | { readonly by: 'all' }
  | { readonly by: 'municipality'; readonly municipalityId: string }
  | { readonly by: 'case-manager'; readonly staffId: string }
  | { readonly by: 'attention' }
  | { readonly by: 'overdue' };

/** The lists a case is in. */
export function caseListsOf(record: CaseRecord): CaseList[] {
  return [
    { by: 'all' },
    { by: 'municipality', municipalityId: record.municipalityId },
    ...(record.caseManagerId === undefined ? [] : [{ by: 'case-manager' as const, staffId: record.caseManagerId }]),
    ...(record.attention === undefined ? [] : [{ by: 'attention' as const }]),
    ...(isAssessmentOverdue(record) ? [{ by: 'overdue' as const }] : []),
  ];
}

/** The stages a list can hold cases of: an overdue assessment is only awaited in one. */
export const stagesOfList = (list: CaseList, all: readonly CaseStage[]): readonly CaseStage[] => (list.by === 'overdue' ? ['awaiting-assessment'] : all);

export const CASE_LIST_DEFAULT_LIMIT = 50;
export const CASE_LIST_MAX_LIMIT = 100;

export interface CaseListRequest {
  readonly list: CaseList;
  readonly stage?: CaseStage;
  readonly limit: number;
  /** Opaque: the `next` of the previous page. */
  readonly cursor?: string;
}

export interface CaseListPage {
  readonly rows: CaseListRow[];
  /** Set while more rows follow: pass it as `cursor` for the next page. */
  readonly next?: string;
}
