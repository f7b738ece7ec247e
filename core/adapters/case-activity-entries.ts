/**
 * "Ruhende Fälle" on the table (keys: table-keys.ts, "the open cases by their last activity"): one entry per open
 * case in the index by its last activity, carrying the row the page shows, so a page of the quietest cases is one
 * Query with a key condition (gsi1sk < the cutoff) and a limit — its cost is the page, not the open caseload.
 *
 * Two writers keep the entry where the case's activity is. A case write puts it as a pure function of the case after
 * the write (activityEntryWrite, with the case-list entries in case-derived-writes.ts), or deletes it when the case is
 * closed; a record entry by a person moves it in the record's transaction, exactly where that transaction sets the
 * case's lastRecordAt (recordActivityUpdate). Like lastRecordAt it is set outside the case's version: the later of
 * two concurrent writes wins, which both stamp with "now", so the entry can only be off by those milliseconds — never
 * by the months the page asks about.
 */
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { CaseRecord } from '../cases/case.ts';
import { CASE_LIST_FIELDS, caseListRow } from '../cases/case-list.ts';
import { lastActivityAt, type QuietCaseRow, type QuietCasesPage, type QuietCasesRequest } from '../cases/quiet-cases.ts';
import type { TransactItems } from './conditional-writes.ts';
import { decodeCursor, encodeCursor } from './json-cursor.ts';
import { InvalidCursor } from '../cases/ports.ts';
import { partOf, type DynamoItem } from './items/table-attributes.ts';
import { tableKeys } from './table-keys.ts';

/** `<lastActivityAt>#<caseId>` (table-keys.ts caseActivityIndex). */
const ORDER = /^\d{4}-\d{2}-\d{2}T[0-9:.]{5,12}Z#([A-Z0-9-]{1,64})$/;
const cursorSchema = z.strictObject({ after: z.string().regex(ORDER) });

/** A case's activity entry, none once it is closed: what a case write puts and the backfill writes. */
export function activityEntryItemsOf(record: CaseRecord): DynamoItem[] {
  if (record.stage === 'closed') return [];
  const at = lastActivityAt(record);
  return [{ ...tableKeys.caseActivityEntry(record.caseId), ...tableKeys.caseActivityIndex(at, record.caseId), type: 'case-activity', ...caseListRow(record), lastActivityAt: at }];
}

/**
 * A case write's activity entry, as the case is after it: put while open, deleted when closed — and left alone when
 * the write changes nothing the entry holds (the workflow renewing a task token, which is no activity): such a write
 * may come from a read older than a person's record entry, and putting the entry would take that activity back.
 */
export function activityEntryWrite(tableName: string, before: CaseRecord | undefined, after: CaseRecord): TransactItems {
  const [Item] = activityEntryItemsOf(after);
  if (before !== undefined && JSON.stringify(activityEntryItemsOf(before)) === JSON.stringify(Item === undefined ? [] : [Item])) return [];
  return [Item === undefined ? { Delete: { TableName: tableName, Key: tableKeys.caseActivityEntry(after.caseId) } } : { Put: { TableName: tableName, Item } }];
}

/**
 * A person's record entry at `at` moves the open case's entry (the record write checks in the same transaction that
 * the case is open). Only the sort key and the time: the row stays as the last case write put it. An entry a backfill
 * has not written yet gets no index partition key here, so it stays out of the index instead of showing half a row.
 * No version condition, unlike every other update: the entry has no version of its own, and the later of two
 * concurrent stamps is the right one (see the header).
 */
export function recordActivityUpdate(tableName: string, caseId: string, at: string) {
  return {
    Update: {
      TableName: tableName,
      Key: tableKeys.caseActivityEntry(caseId),
      UpdateExpression: 'SET gsi1sk = :order, lastActivityAt = :at',
      ExpressionAttributeValues: { ':order': tableKeys.caseActivityIndex(at, caseId).gsi1sk, ':at': at },
    },
  };
}

const ROW_FIELDS = [...CASE_LIST_FIELDS, 'lastActivityAt'] as const;
const rowOf = (item: DynamoItem): QuietCaseRow => partOf<QuietCaseRow, (typeof ROW_FIELDS)[number]>(item, ROW_FIELDS);

/** One page of open cases quiet since before `request.before`, the quietest first: one Query, key condition only. */
export async function readQuietCases(documents: DynamoDBDocumentClient, tableName: string, request: QuietCasesRequest): Promise<QuietCasesPage> {
  const after = request.cursor === undefined ? undefined : decodeCursor(request.cursor, cursorSchema, 'the quiet cases').after;
  // A cursor past the cutoff (altered, or from a later cutoff) lies outside the key condition, which DynamoDB refuses.
  if (after !== undefined && after >= request.before) throw new InvalidCursor('past the cutoff');
  const { gsi1pk } = tableKeys.caseActivityIndex('', '');
  const caseId = after === undefined ? undefined : ORDER.exec(after)?.[1];
  const answer = await documents.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: 'gsi1',
      // The case id after the time: every entry of an instant before the cutoff sorts before `<cutoff>#`.
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk < :before',
      ExpressionAttributeValues: { ':pk': gsi1pk, ':before': request.before },
      // One more than shown: whether another page exists is known now, so the last page has no "next" to an empty one.
      Limit: request.limit + 1,
      ...(after === undefined || caseId === undefined ? {} : { ExclusiveStartKey: { gsi1pk, gsi1sk: after, ...tableKeys.caseActivityEntry(caseId) } }),
    }),
  );
  const items = (answer.Items ?? []).slice(0, request.limit);
  const last = items.at(-1);
  const more = (answer.Items ?? []).length > request.limit && last !== undefined;
  return { rows: items.map(rowOf), ...(more ? { next: encodeCursor({ after: String(last.gsi1sk) }) } : {}) };
}
