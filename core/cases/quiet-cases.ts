/**
 * Open cases by their last activity, the quietest first ("Ruhende Fälle", core/casework/inactive-cases.ts): what a
 * row holds and how a page is asked for. Pure and browser-safe (type imports only). The adapter
 * (core/adapters/case-activity-entries.ts) keeps one entry per open case ordered by its last activity, so "quiet since
 * before D" is one key condition read a page at a time.
 */
import type { CaseRecord } from './case.ts';
import type { CaseListRow } from './case-list.ts';

/** The case's last activity: its last update, or a later entry in its record (contact, note, goal). */
export const lastActivityAt = (record: Pick<CaseRecord, 'updatedAt' | 'lastRecordAt'>): string =>
  record.lastRecordAt !== undefined && record.lastRecordAt > record.updatedAt ? record.lastRecordAt : record.updatedAt;

export type QuietCaseRow = CaseListRow & { readonly lastActivityAt: string };

export interface QuietCasesRequest {
  /** ISO instant: open cases whose last activity is before it. */
  readonly before: string;
  readonly limit: number;
  /** The `next` of the previous page. */
  readonly cursor?: string;
}

export interface QuietCasesPage {
  readonly rows: QuietCaseRow[];
  readonly next?: string;
}
