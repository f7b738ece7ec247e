/**
 * The writes the case and referral repositories share: an item replaced only at the version that was read, and the
 * items written beside it — a line of the case's history, a gap report — created conditionally, so a retried write
 * never adds them twice.
 */
import type { CaseEvent } from '../cases/ports.ts';
import type { GapReport } from '../cases/gap-report.ts';
import { toCaseEventItem } from './items/case-event-item.ts';
import type { TransactItems } from './conditional-writes.ts';
import { gapCounterWrites } from './gap-report-counter-writes.ts';
import { toGapReportItem } from './items/gap-report-item.ts';
import type { DynamoItem } from './items/table-attributes.ts';
import type { CountIncrement } from '../counselling/record-counts.ts';
import { tableKeys } from './table-keys.ts';

/** Optimistic locking: the item replaced only if it is still at the version the change was made on. */
export function versionedPut(tableName: string, item: DynamoItem, expectedVersion: number) {
  return { Put: { TableName: tableName, Item: item, ConditionExpression: 'version = :version', ExpressionAttributeValues: { ':version': expectedVersion } } };
}

/** A line of a case's history, written conditionally so the same event is never written twice. */
export function eventPut(tableName: string, caseId: string, at: string, source: string, event: CaseEvent) {
  return { Put: { TableName: tableName, Item: toCaseEventItem(caseId, at, source, event), ConditionExpression: 'attribute_not_exists(pk)' } };
}

/** The key source of an event that belongs to one version of an item (`prefix` names the item, empty for the case). */
export const versioned = (prefix: string, version: number): string => `${prefix}v${String(version).padStart(4, '0')}`;

/** A new gap report, created conditionally, with the KPI counters it adds (gap-report-counter-writes.ts). */
export function gapReportPuts(tableName: string, report: GapReport): TransactItems {
  const created: GapReport = { version: 1, ...report };
  return [{ Put: { TableName: tableName, Item: toGapReportItem(created), ConditionExpression: 'attribute_not_exists(pk)' } }, ...gapCounterWrites(tableName, [{ after: created }])];
}

/** A KPI counter raised in the same transaction as the fact it counts (core/counselling/record-counts.ts). */
export function counterAdd(tableName: string, increment: CountIncrement) {
  return {
    Update: {
      TableName: tableName,
      Key: tableKeys.kpiCounter(increment.day, increment.key),
      UpdateExpression: 'ADD #n :by SET #type = :type',
      ExpressionAttributeNames: { '#n': 'n', '#type': 'type' },
      ExpressionAttributeValues: { ':by': increment.by, ':type': 'kpiCounter' },
    },
  };
}
