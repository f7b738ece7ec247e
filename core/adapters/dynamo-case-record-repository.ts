/**
 * The case record (contacts, notes, goals) on the single table, in the case's partition. Every write is one
 * transaction with its history event and a check that the case is still open; lists are read a page at a time
 * (newest first), continued by an opaque cursor that names the last sort key read.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CaseEvent } from '../cases/ports.ts';
import { VersionConflict } from '../cases/ports.ts';
import { CaseClosed, type CaseRecordRepository, type GoalChanges, type PageRequest } from '../counselling/ports.ts';
import type { ContactRecord, GoalRecord, NoteLevel, NoteRecord, Page } from '../counselling/record.ts';
import type { CountIncrement } from '../counselling/record-counts.ts';
import { validationFailed } from '../errors.ts';
import { recordActivityUpdate } from './case-activity-entries.ts';
import { isConditionFailure, type TransactItems } from './conditional-writes.ts';
import { fromContactItem, fromGoalItem, fromNoteItem, toContactItem, toGoalItem, toNoteItem } from './items/case-record-items.ts';
import type { DynamoItem } from './items/table-attributes.ts';
import { counterAdd, eventPut, versioned, versionedPut } from './shared-writes.ts';
import { queryAll, queryPrefix } from './query-all.ts';
import { tableKeys } from './table-keys.ts';

const RETENTION_BATCH = 10;

/** The cursor: the sort key to continue after, base64url; checked against the list's prefix before use. */
const encodeCursor = (sk: string): string => Buffer.from(sk, 'utf8').toString('base64url');

function decodeCursor(cursor: string, prefix: string, field: string): string {
  const sk = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  if (!sk.startsWith(prefix)) throw validationFailed([{ field, message: 'ist keine gültige Fortsetzung dieser Liste' }]);
  return sk;
}

export class DynamoCaseRecordRepository implements CaseRecordRepository {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * The case must be open; a person's entry also marks it active (`lastRecordAt`, for "Ruhende Fälle"). That mark is
   * set outside the case's version on purpose: a case update that rewrites the item from an older read drops it, but
   * sets `updatedAt` to its own (later) time, and activity is the later of the two — so nothing is lost that counts.
   */
  private caseIsOpen(caseId: string, activityAt: string | undefined) {
    const condition = { TableName: this.tableName, Key: tableKeys.case(caseId), ConditionExpression: 'attribute_exists(pk) AND stage <> :closed' };
    if (activityAt === undefined) return { ConditionCheck: { ...condition, ExpressionAttributeValues: { ':closed': 'closed' } } };
    return { Update: { ...condition, UpdateExpression: 'SET lastRecordAt = :at', ExpressionAttributeValues: { ':closed': 'closed', ':at': activityAt } } };
  }

  /**
   * The record's item, its history event, the case's entry by activity (moved where lastRecordAt is set) and the
   * open-case check, all or none; the check is the last item.
   */
  private async write(caseId: string, items: TransactItems, event?: { readonly at: string; readonly event: CaseEvent }): Promise<void> {
    const activityAt = event === undefined || event.event.actor === 'system' ? undefined : event.at;
    const all = [...items, ...(activityAt === undefined ? [] : [recordActivityUpdate(this.tableName, caseId, activityAt)]), this.caseIsOpen(caseId, activityAt)];
    try {
      await this.documents.send(new TransactWriteCommand({ TransactItems: all }));
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const reasons = error instanceof TransactionCanceledException ? (error.CancellationReasons ?? []) : [];
      if (reasons[all.length - 1]?.Code === 'ConditionalCheckFailed') throw new CaseClosed(`case ${caseId} is not open`);
      throw new VersionConflict(`record of case ${caseId} changed meanwhile`);
    }
  }

  private created(item: DynamoItem) {
    return { Put: { TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } };
  }

  private event(caseId: string, at: string, source: string, event: CaseEvent) {
    return eventPut(this.tableName, caseId, at, source, event);
  }

  async addContact(contact: ContactRecord, event: CaseEvent, counts: readonly CountIncrement[]): Promise<void> {
    await this.write(contact.caseId, [
      this.created(toContactItem(contact)),
      this.event(contact.caseId, contact.recordedAt, `contact-${contact.contactId}`, event),
      ...counts.map((count) => counterAdd(this.tableName, count)),
    ], { at: contact.recordedAt, event });
  }

  async hasContactInMonth(caseId: string, month: string): Promise<boolean> {
    const { pk, skPrefix } = tableKeys.contactsPrefix(caseId);
    const result = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': `${skPrefix}${month}-` },
        ProjectionExpression: 'pk',
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    return (result.Items ?? []).length > 0;
  }

  async addNote(note: NoteRecord, event: CaseEvent): Promise<void> {
    await this.write(note.caseId, [this.created(toNoteItem(note)), this.event(note.caseId, note.createdAt, `note-${note.noteId}`, event)], { at: note.createdAt, event });
  }

  async addGoal(goal: GoalRecord, event: CaseEvent, counts: readonly CountIncrement[]): Promise<void> {
    await this.write(goal.caseId, [
      this.created(toGoalItem(goal)),
      this.event(goal.caseId, goal.createdAt, versioned(`${goal.goalId}-`, goal.version), event),
      ...counts.map((count) => counterAdd(this.tableName, count)),
    ], { at: goal.createdAt, event });
  }

  async updateGoal(expected: GoalRecord, changes: GoalChanges, event: CaseEvent | undefined, now: Date): Promise<GoalRecord> {
    const record: GoalRecord = { ...expected, ...changes, version: expected.version + 1, updatedAt: now.toISOString() };
    await this.write(expected.caseId, [
      versionedPut(this.tableName, toGoalItem(record), expected.version),
      ...(event === undefined ? [] : [this.event(record.caseId, record.updatedAt, versioned(`${record.goalId}-`, record.version), event)]),
    ], event === undefined ? undefined : { at: record.updatedAt, event });
    return record;
  }

  private async page(prefix: { pk: string; skPrefix: string }, page: PageRequest, field: string): Promise<{ items: DynamoItem[]; next?: string }> {
    const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor, prefix.skPrefix, field);
    const result = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': prefix.pk, ':prefix': prefix.skPrefix },
        ScanIndexForward: false,
        Limit: page.limit,
        ConsistentRead: true,
        ...(after === undefined ? {} : { ExclusiveStartKey: { pk: prefix.pk, sk: after } }),
      }),
    );
    const last: unknown = result.LastEvaluatedKey?.sk;
    return { items: result.Items ?? [], ...(typeof last === 'string' ? { next: encodeCursor(last) } : {}) };
  }

  async listContacts(caseId: string, page: PageRequest): Promise<Page<ContactRecord>> {
    const { items, next } = await this.page(tableKeys.contactsPrefix(caseId), page, 'contacts');
    return { items: items.map(fromContactItem), ...(next === undefined ? {} : { next }) };
  }

  async listNotes(caseId: string, level: NoteLevel, page: PageRequest): Promise<Page<NoteRecord>> {
    const { items, next } = await this.page(tableKeys.notesPrefix(caseId, level), page, level === 'ordinary' ? 'notes' : 'psychosocialNotes');
    return { items: items.map(fromNoteItem), ...(next === undefined ? {} : { next }) };
  }

  async syncRetention(caseId: string, expiresAt: number | undefined): Promise<number> {
    const pk = tableKeys.case(caseId).pk;
    const items = (
      await Promise.all(
        // The history too: its events expire with the case, except reads, which keep their own date (read-audit.ts); and the
        // notices' claims (dynamo-notice-ledger.ts).
        [...tableKeys.caseRecordPrefixes(), tableKeys.caseEventsPrefix(caseId).skPrefix, tableKeys.noticesPrefix()].map((prefix) =>
          queryAll(this.documents, {
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
            ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
            ProjectionExpression: 'pk, sk, expiresAt, ownRetention',
            ConsistentRead: true,
          }),
        ),
      )
    ).flat();
    const stale = items.filter((item) => item.ownRetention !== true && item.expiresAt !== expiresAt);
    // A few at a time: a long case has hundreds of contacts, and the step must not throttle the table.
    for (let i = 0; i < stale.length; i += RETENTION_BATCH) {
      await Promise.all(
        stale.slice(i, i + RETENTION_BATCH).map((item) =>
          this.documents.send(
            new UpdateCommand({
              TableName: this.tableName,
              Key: { pk: item.pk, sk: item.sk },
              ConditionExpression: 'attribute_exists(pk)',
              ...(expiresAt === undefined ? { UpdateExpression: 'REMOVE expiresAt' } : { UpdateExpression: 'SET expiresAt = :expiresAt', ExpressionAttributeValues: { ':expiresAt': expiresAt } }),
            }),
          ),
        ),
      );
    }
    return stale.length;
  }

  async listGoals(caseId: string): Promise<GoalRecord[]> {
    const { pk, skPrefix } = tableKeys.goalsPrefix(caseId);
    return (await queryPrefix(this.documents, this.tableName, pk, skPrefix)).map(fromGoalItem);
  }
}
