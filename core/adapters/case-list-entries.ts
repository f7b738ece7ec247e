/**
 * What a case write also writes for the case list (keys: table-keys.ts, "the case list"): the case's list entries
 * and the lists' counters. A pure function of the case before and after the write — never of what the table holds —
 * so a backfill can rebuild any case's entries (listEntryItemsOf) and counts (listCounterKeysOf) from the case item
 * alone. Entries and counters carry no condition: they follow the case item, whose own write is the conditional one.
 */
import { createHash } from 'node:crypto';
import type { CaseRecord } from '../cases/case.ts';
import { caseListRank, caseListRow, caseListsOf, type CaseList } from '../cases/case-list.ts';
import type { TransactItems } from './conditional-writes.ts';
import type { DynamoItem } from './items/table-attributes.ts';
import { tableKeys, type ItemKey } from './table-keys.ts';

/** Shards of an open stage's counter: concurrent intakes (all in `intake`) mostly write different items. */
export const COUNTER_SHARDS = 8;
/** The retention month of a closed case that has none (it never leaves the count). */
const NO_RETENTION = '9999-12';

/** The entries' sort keys: one entry per dimension and case. */
const DIMENSIONS = ['ALL', 'MUNICIPALITY', 'CASEMANAGER', 'ATTENTION', 'OVERDUE'] as const;
type Dimension = (typeof DIMENSIONS)[number];

/** A list's name in the keys, and its dimension. */
export function listNameOf(list: CaseList): { readonly dimension: Dimension; readonly name: string } {
  switch (list.by) {
    case 'all':
      return { dimension: 'ALL', name: 'ALL' };
    case 'municipality':
      return { dimension: 'MUNICIPALITY', name: `MUNICIPALITY#${list.municipalityId}` };
    case 'case-manager':
      return { dimension: 'CASEMANAGER', name: `CASEMANAGER#${list.staffId}` };
    case 'attention':
      return { dimension: 'ATTENTION', name: 'ATTENTION' };
    case 'overdue':
      return { dimension: 'OVERDUE', name: 'OVERDUE' };
  }
}

const shardOf = (caseId: string): number => (createHash('sha256').update(caseId).digest()[0] ?? 0) % COUNTER_SHARDS;

/** The retention month a closed case counts under: the first month whose reads no longer count it. */
export const retentionMonth = (expiresAt: number | undefined): string => (expiresAt === undefined ? NO_RETENTION : new Date(expiresAt * 1000).toISOString().slice(0, 7));

/** The counter a case counts in, within a list: its open stage's shard, or a closed case's retention month. */
export function counterBucketOf(record: Pick<CaseRecord, 'caseId' | 'stage' | 'expiresAt'>): string {
  return record.stage === 'closed' ? `closed#${retentionMonth(record.expiresAt)}` : `${record.stage}#${String(shardOf(record.caseId))}`;
}

/** A case's list entries, one per list it is in: what a backfill writes for a case item from before the entries. */
export function listEntryItemsOf(record: CaseRecord): DynamoItem[] {
  const row = caseListRow(record);
  const order = tableKeys.caseListOrder(caseListRank(record), record.createdAt, record.caseId);
  return caseListsOf(record).map((list) => {
    const { dimension, name } = listNameOf(list);
    return { ...tableKeys.caseListEntry(record.caseId, dimension), ...tableKeys.caseListIndex(name, record.stage, order), type: 'case-list-entry', ...row };
  });
}

/** The counters a case adds one to: a backfill sums these over all cases (and sets them, rather than adding). */
export function listCounterKeysOf(record: CaseRecord): ItemKey[] {
  const bucket = counterBucketOf(record);
  return caseListsOf(record).map((list) => tableKeys.caseCount(listNameOf(list).name, bucket));
}

/** A counter's retention: a closed month's bucket is read no more once its month is over (TTL then deletes it). */
export function counterExpiry(bucket: string): number | undefined {
  const month = /^closed#(\d{4})-(\d{2})$/.exec(bucket);
  if (month === null || bucket.endsWith(NO_RETENTION)) return undefined;
  return Date.UTC(Number(month[1]), Number(month[2]), 2) / 1000;
}

function counterAdd(tableName: string, key: ItemKey, by: 1 | -1) {
  const expiresAt = counterExpiry(key.sk);
  return {
    Update: {
      TableName: tableName,
      Key: key,
      UpdateExpression: `ADD #n :by SET #type = :type${expiresAt === undefined ? '' : ', expiresAt = :expiresAt'}`,
      ExpressionAttributeNames: { '#n': 'n', '#type': 'type' },
      ExpressionAttributeValues: { ':by': by, ':type': 'case-count', ...(expiresAt === undefined ? {} : { ':expiresAt': expiresAt }) },
    },
  };
}

/**
 * The list writes of one case write (`before` undefined: the case is new): the case's entries as `after` has them —
 * put, and deleted in the dimensions it has none, whatever `before` says, so entries cannot drift — and a counter
 * moved where the case's place in a list's counts changed between `before` and `after`.
 */
export function caseListWrites(tableName: string, before: CaseRecord | undefined, after: CaseRecord): TransactItems {
  const entries = listEntryItemsOf(after);
  const kept = new Set(caseListsOf(after).map((list) => listNameOf(list).dimension));
  const counted = new Map((before === undefined ? [] : listCounterKeysOf(before)).map((key) => [key.pk, key]));
  const counters = listCounterKeysOf(after);
  const moves = [
    ...counters.flatMap((key) => {
      const old = counted.get(key.pk);
      if (old?.sk === key.sk) return [];
      return [...(old === undefined ? [] : [counterAdd(tableName, old, -1)]), counterAdd(tableName, key, 1)];
    }),
    // Lists the case left altogether.
    ...[...counted.values()].filter((key) => counters.every((c) => c.pk !== key.pk)).map((key) => counterAdd(tableName, key, -1)),
  ];
  return [
    ...entries.map((Item) => ({ Put: { TableName: tableName, Item } })),
    ...DIMENSIONS.filter((dimension) => !kept.has(dimension)).map((dimension) => ({ Delete: { TableName: tableName, Key: tableKeys.caseListEntry(after.caseId, dimension) } })),
    ...moves,
  ];
}
