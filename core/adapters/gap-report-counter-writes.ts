/**
 * The KPI counters of gap reports (core/reports/kpi-facts.ts gapReportCounters), moved in the transaction that
 * writes the report: on the day and the month it was reported, the difference between the report before and after
 * (none before: created). Several reports of one transaction (a merge) meet on the same items, so their differences
 * are summed into one update per item — a transaction may touch an item once.
 */
import type { GapReport } from '../cases/gap-report.ts';
import { addCounts, countsDelta, gapReportCounters } from '../reports/kpi-facts.ts';
import type { TransactItems } from './conditional-writes.ts';
import { counterUpdate } from './kpi-aggregate-writes.ts';
import { tableKeys } from './table-keys.ts';

export interface GapReportChange {
  readonly before?: GapReport;
  readonly after: GapReport;
}

export function gapCounterWrites(tableName: string, changes: readonly GapReportChange[]): TransactItems {
  const byItem = new Map<string, { key: { pk: string; sk: string }; delta: Map<string, number> }>();
  for (const { before, after } of changes) {
    const delta = countsDelta(before === undefined ? new Map() : gapReportCounters(before), gapReportCounters(after));
    if (delta.size === 0) continue;
    for (const key of [tableKeys.kpiGapDay(after.createdAt), tableKeys.kpiGapMonth(after.createdAt.slice(0, 7))]) {
      const id = `${key.pk}|${key.sk}`;
      byItem.set(id, { key, delta: addCounts(byItem.get(id)?.delta ?? new Map<string, number>(), delta) });
    }
  }
  return [...byItem.values()].flatMap(({ key, delta }) => {
    const moved = new Map([...delta].filter(([, n]) => n !== 0));
    return moved.size === 0 ? [] : [counterUpdate(tableName, key, moved)];
  });
}
