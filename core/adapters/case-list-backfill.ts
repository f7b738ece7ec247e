/**
 * The case list's entries and counts (case-list-entries.ts) and the open cases' entries by activity
 * (case-activity-entries.ts) rebuilt from the case items, for the backfill
 * (dynamo-kpi-backfill.ts): every case's entries put, every list counter set to the number of cases it counts, and
 * the counters no case counts any more set to 0 — in the lists the cases and the case managers name.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CaseRecord } from '../cases/case.ts';
import { caseListsOf, type CaseList } from '../cases/case-list.ts';
import { activityEntryItemsOf } from './case-activity-entries.ts';
import { counterExpiry, listCounterKeysOf, listEntryItemsOf, listNameOf } from './case-list-entries.ts';
import { listAllCaseManagers } from './dynamo-hand-over.ts';
import type { DynamoItem } from './items/table-attributes.ts';
import { queryAll } from './query-all.ts';
import { tableKeys } from './table-keys.ts';

function counterItem(key: { readonly pk: string; readonly sk: string }, n: number): DynamoItem {
  const expiresAt = counterExpiry(key.sk);
  return { ...key, type: 'case-count', n, ...(expiresAt === undefined ? {} : { expiresAt }) };
}

/** The items to put: entries of every case, and every counter of every list a case or a case manager names. */
export async function caseListItems(documents: DynamoDBDocumentClient, tableName: string, cases: readonly CaseRecord[]): Promise<DynamoItem[]> {
  const counts = new Map<string, { key: { pk: string; sk: string }; n: number }>();
  for (const record of cases) {
    for (const key of listCounterKeysOf(record)) {
      const id = `${key.pk}|${key.sk}`;
      counts.set(id, { key, n: (counts.get(id)?.n ?? 0) + 1 });
    }
  }
  const managers = await listAllCaseManagers(documents, tableName);
  const lists = new Map<string, CaseList>(
    [...cases.flatMap(caseListsOf), { by: 'attention' as const }, { by: 'overdue' as const }, ...managers.map((m) => ({ by: 'case-manager' as const, staffId: m.staffId }))].map((list) => [
      listNameOf(list).name,
      list,
    ]),
  );
  const existing = await Promise.all(
    [...lists.keys()].map((name) => queryAll(documents, { TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': tableKeys.caseCounts(name).pk }, ProjectionExpression: 'pk, sk' })),
  );
  const stale = existing.flat().filter((item) => !counts.has(`${String(item.pk)}|${String(item.sk)}`));
  return [
    ...cases.flatMap(listEntryItemsOf),
    ...cases.flatMap(activityEntryItemsOf),
    ...[...counts.values()].map(({ key, n }) => counterItem(key, n)),
    ...stale.map((item) => counterItem({ pk: String(item.pk), sk: String(item.sk) }, 0)),
  ];
}
