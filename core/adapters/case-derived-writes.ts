/**
 * Every transaction that writes a case item or a referral item goes through writeCaseChange, wherever it is built
 * (creation, updates, assignment, assessment, closing and reopening, hand-over, correction, erasure, additions,
 * referral steps): what is derived from the case is written in the same transaction, so it can never disagree with
 * the case — the KPI counters its facts move (kpi-aggregate-writes.ts), its case list entries and counts
 * (case-list-entries.ts), its entry by last activity (case-activity-entries.ts).
 */
import type { CaseRecord } from '../cases/case.ts';
import type { ReferralRecord } from '../cases/referral.ts';
import { activityEntryWrite } from './case-activity-entries.ts';
import { caseListWrites } from './case-list-entries.ts';
import type { TransactItems } from './conditional-writes.ts';
import { writeCounted, type CountedTable } from './kpi-aggregate-writes.ts';

export type { CountedTable } from './kpi-aggregate-writes.ts';

/** A write of one case: the case before (none: created) and after, and referrals before (none: created) and after. */
export interface CaseChange {
  readonly caseId: string;
  readonly case?: { readonly before?: CaseRecord; readonly after: CaseRecord };
  readonly referrals?: readonly { readonly before?: ReferralRecord; readonly after: ReferralRecord }[];
}

/** Writes `items` (all or none) with what the change derives. */
export async function writeCaseChange(table: CountedTable, items: TransactItems, change: CaseChange): Promise<void> {
  const created = change.case !== undefined && change.case.before === undefined;
  const listWrites = change.case === undefined ? [] : [...caseListWrites(table.tableName, change.case.before, change.case.after), ...activityEntryWrite(table.tableName, change.case.before, change.case.after)];
  await writeCounted(table, [...items, ...listWrites], { ...change, ...(created ? { created } : {}) });
}
