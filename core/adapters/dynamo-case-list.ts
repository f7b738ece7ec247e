/**
 * Reading the case list a page at a time (entries and counters: case-list-entries.ts). A list is one partition per
 * stage, each already in the list's order; a page queries each stage partition from its position (at most `limit`
 * entries each, key condition only) and merges them, so it reads at most stages × limit small entries whatever the
 * number of cases. The cursor is each partition's position: the order key of its last row shown (or its end).
 */
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { CASE_STAGES, type CaseStage } from '../cases/case.ts';
import { CASE_LIST_FIELDS, stagesOfList, type CaseList, type CaseListPage, type CaseListRequest, type CaseListRow } from '../cases/case-list.ts';
import { InvalidCursor } from '../cases/ports.ts';
import { listNameOf, retentionMonth } from './case-list-entries.ts';
import { decodeCursor, encodeCursor } from './json-cursor.ts';
import { partOf, type DynamoItem } from './items/table-attributes.ts';
import { queryAll } from './query-all.ts';
import { tableKeys } from './table-keys.ts';

/** `<rank>#<createdAt>#<caseId>` (table-keys.ts caseListOrder); the case id is the entry's key. */
const ORDER = /^[0-3]#[0-9T:.Z+-]{10,32}#([A-Z0-9-]{1,64})$/;

/** Per stage: the last order key shown (continue after it) or null (nothing more); a stage not named starts at its beginning. */
const cursorSchema = z.object({ after: z.partialRecord(z.enum(CASE_STAGES), z.string().regex(ORDER).nullable()) }).strict();
type Positions = z.infer<typeof cursorSchema>['after'];

const encode = (after: Positions): string => encodeCursor({ after });

function decode(cursor: string | undefined, stages: readonly CaseStage[]): Positions {
  if (cursor === undefined) return {};
  const { after } = decodeCursor(cursor, cursorSchema, 'the case list');
  // A position in a stage the request does not read: the cursor belongs to another list.
  if (Object.keys(after).some((stage) => !(stages as readonly string[]).includes(stage))) throw new InvalidCursor('not a case list cursor');
  return after;
}

const rowOf = (item: DynamoItem): CaseListRow => partOf<CaseListRow, (typeof CASE_LIST_FIELDS)[number]>(item, CASE_LIST_FIELDS);

export async function readCaseListPage(documents: DynamoDBDocumentClient, tableName: string, request: CaseListRequest): Promise<CaseListPage> {
  const stages = request.stage === undefined ? stagesOfList(request.list, CASE_STAGES) : [request.stage];
  const positions = decode(request.cursor, stages);
  const { dimension, name } = listNameOf(request.list);
  const reads = await Promise.all(
    stages.map(async (stage) => {
      const after = positions[stage];
      if (after === null) return { stage, items: [], more: false };
      const { gsi1pk } = tableKeys.caseListIndex(name, stage, '');
      const caseId = after === undefined ? undefined : ORDER.exec(after)?.[1];
      const answer = await documents.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': gsi1pk },
          Limit: request.limit,
          ...(after === undefined || caseId === undefined ? {} : { ExclusiveStartKey: { gsi1pk, gsi1sk: after, ...tableKeys.caseListEntry(caseId, dimension) } }),
        }),
      );
      return { stage, items: answer.Items ?? [], more: answer.LastEvaluatedKey !== undefined };
    }),
  );
  // A stage that may hold more bounds what the page may show: nothing after its last entry read is known yet.
  const bound = reads.filter((read) => read.more).map((read) => String(read.items.at(-1)?.gsi1sk ?? ''));
  const frontier = bound.length === 0 ? undefined : bound.sort()[0];
  const shown = reads
    .flatMap(({ stage, items }) => items.map((item) => ({ stage, order: String(item.gsi1sk), item })))
    .filter(({ order }) => frontier === undefined || order <= frontier)
    .sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0))
    .slice(0, request.limit);
  const next: Positions = { ...positions };
  for (const read of reads) {
    const last = shown.filter((row) => row.stage === read.stage).at(-1);
    if (last !== undefined) next[read.stage] = last.order;
    // Its end: nothing more in the partition, and every entry read is shown.
    if (!read.more && (read.items.length === 0 || last?.order === String(read.items.at(-1)?.gsi1sk))) next[read.stage] = null;
  }
  const done = stages.every((stage) => next[stage] === null);
  return { rows: shown.map(({ item }) => rowOf(item)), ...(done ? {} : { next: encode(next) }) };
}

/**
 * Every row of a list in `stages`, in the list's order: for reads bounded by what those stages hold (a case manager's
 * open cases), never by the years of closed ones.
 */
export async function readCaseListRows(documents: DynamoDBDocumentClient, tableName: string, list: CaseList, stages: readonly CaseStage[]): Promise<CaseListRow[]> {
  const { name } = listNameOf(list);
  const partitions = await Promise.all(
    stages.map((stage) =>
      queryAll(documents, {
        TableName: tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': tableKeys.caseListIndex(name, stage, '').gsi1pk },
      }),
    ),
  );
  return partitions
    .flat()
    .sort((a, b) => String(a.gsi1sk).localeCompare(String(b.gsi1sk)))
    .map(rowOf);
}

/**
 * How many cases a list holds, from its counters (one query): all open stages, or one, and the closed cases whose
 * retention month has not passed — so cases whose retention ended earlier this month still count until it ends.
 */
export async function countCaseList(documents: DynamoDBDocumentClient, tableName: string, list: CaseList, stage: CaseStage | undefined, now: Date): Promise<number> {
  const { pk } = tableKeys.caseCounts(listNameOf(list).name);
  const firstClosed = `closed#${retentionMonth(Math.floor(now.getTime() / 1000))}`;
  const range =
    stage === undefined
      ? { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } }
      : stage === 'closed'
        ? { KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to', ExpressionAttributeValues: { ':pk': pk, ':from': firstClosed, ':to': 'closed#~' } }
        : { KeyConditionExpression: 'pk = :pk AND begins_with(sk, :stage)', ExpressionAttributeValues: { ':pk': pk, ':stage': `${stage}#` } };
  const counters = await queryAll(documents, { TableName: tableName, ...range });
  return counters
    .filter((item) => !String(item.sk).startsWith('closed#') || String(item.sk) >= firstClosed)
    .reduce((sum, item) => sum + Number(item.n ?? 0), 0);
}
