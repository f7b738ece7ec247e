/** The minutes on the single table: draft, editions, action items and the follow-up's entries. Keys from table-keys.ts. */
import { DeleteCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { VersionConflict } from '../cases/ports.ts';
import type { MinutesDraft, MinutesEdition, TrackedAction } from '../meetings/minutes.ts';
import type { MinutesRelease, MinutesRepository } from '../meetings/minutes-ports.ts';
import { isConditionFailure, isTransactionConflict, writeAll, type TransactItems } from './conditional-writes.ts';
import { gapReportUpdate } from './dynamo-gap-report-reader.ts';
import { gapCounterWrites } from './gap-report-counter-writes.ts';
import { withoutRetention, type DynamoItem } from './items/table-attributes.ts';
import { queryPrefix } from './query-all.ts';
import { tableKeys } from './table-keys.ts';

const actionItem = (action: TrackedAction, expiresAt: number): DynamoItem => ({
  ...tableKeys.action(action.meetingId, action.actionId, action.bodyId, action.meetingStart, { open: action.doneAt === undefined, ...(action.remindOn === undefined ? {} : { remindOn: action.remindOn }) }),
  type: 'minutesAction',
  ...action,
  expiresAt,
});

const versionedPut = (tableName: string, item: DynamoItem, expectedVersion: number) =>
  expectedVersion === 0
    ? { Put: { TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } }
    : { Put: { TableName: tableName, Item: item, ConditionExpression: 'version = :version', ExpressionAttributeValues: { ':version': expectedVersion } } };

export class DynamoMinutesRepository implements MinutesRepository {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private async write(items: TransactItems, what: string): Promise<void> {
    try {
      await writeAll(this.documents, items);
    } catch (error) {
      if (isConditionFailure(error) || isTransactionConflict(error)) throw new VersionConflict(`${what} changed meanwhile`);
      throw error;
    }
  }

  async getMinutes(meetingId: string): Promise<{ draft?: MinutesDraft; editions: MinutesEdition[] }> {
    const { pk, skPrefix } = tableKeys.minutesPrefix(meetingId);
    const items = await queryPrefix(this.documents, this.tableName, pk, skPrefix);
    const draftKey = tableKeys.minutesDraft(meetingId).sk;
    const draft = items.find((item) => item.sk === draftKey);
    return {
      ...(draft === undefined ? {} : { draft: withoutRetention(draft) as unknown as MinutesDraft }),
      editions: items.filter((item) => item.sk !== draftKey).map((item) => withoutRetention(item) as unknown as MinutesEdition),
    };
  }

  async releasedEdition(meetingId: string): Promise<number> {
    const { pk, sk } = tableKeys.minutesDraft(meetingId);
    const { Items = [] } = await this.documents.send(
      new QueryCommand({ TableName: this.tableName, KeyConditionExpression: 'pk = :pk AND sk = :sk', ExpressionAttributeValues: { ':pk': pk, ':sk': sk }, ProjectionExpression: 'releasedEdition' }),
    );
    return Number(Items[0]?.releasedEdition ?? 0);
  }

  async getEdition(meetingId: string, edition: number): Promise<MinutesEdition | undefined> {
    // A query on the one key rather than GetItem: the reconciler, which mails editions, reads by query only.
    const { pk, sk } = tableKeys.minutesEdition(meetingId, edition);
    const { Items = [] } = await this.documents.send(
      new QueryCommand({ TableName: this.tableName, KeyConditionExpression: 'pk = :pk AND sk = :sk', ExpressionAttributeValues: { ':pk': pk, ':sk': sk }, ConsistentRead: true }),
    );
    const [item] = Items;
    return item === undefined ? undefined : (withoutRetention(item) as unknown as MinutesEdition);
  }

  async saveDraft(expectedVersion: number, draft: MinutesDraft, expiresAt: number): Promise<MinutesDraft> {
    const item = { ...tableKeys.minutesDraft(draft.meetingId), type: 'minutesDraft', ...draft, expiresAt };
    await this.write([versionedPut(this.tableName, item, expectedVersion)], `minutes of ${draft.meetingId}`);
    return draft;
  }

  async release(release: MinutesRelease): Promise<void> {
    const { draft, edition, expiresAt } = release;
    const reports = release.gapReports.map((update) => ({ update, ...gapReportUpdate(this.tableName, update) }));
    await this.write(
      [
        versionedPut(this.tableName, { ...tableKeys.minutesDraft(draft.meetingId), type: 'minutesDraft', ...draft, expiresAt }, release.expectedDraftVersion),
        // An edition is written once and never changed: a second release of the same number is a lost race.
        versionedPut(this.tableName, { ...tableKeys.minutesEdition(edition.meetingId, edition.edition), type: 'minutesEdition', ...edition, expiresAt }, 0),
        { Put: { TableName: this.tableName, Item: { ...tableKeys.minutesMailDue(edition.meetingId, release.mailDue), type: 'minutesMail', meetingId: edition.meetingId, edition: edition.edition, expiresAt } } },
        ...release.actions.map(({ expectedVersion, action }) => versionedPut(this.tableName, actionItem(action, expiresAt), expectedVersion)),
        ...release.removedActions.map((action) => ({
          Delete: { TableName: this.tableName, Key: tableKeys.actionKey(action.meetingId, action.actionId), ConditionExpression: 'version = :version', ExpressionAttributeValues: { ':version': action.version } },
        })),
        ...reports.map(({ put }) => ({ Put: put })),
        ...gapCounterWrites(this.tableName, reports.map(({ update, report }) => ({ before: update.expected, after: report }))),
      ],
      `minutes of ${edition.meetingId}`,
    );
  }

  async listActions(meetingId: string): Promise<TrackedAction[]> {
    const { pk, skPrefix } = tableKeys.actionsPrefix(meetingId);
    return (await queryPrefix(this.documents, this.tableName, pk, skPrefix)).map((item) => withoutRetention(item) as unknown as TrackedAction);
  }

  async openActionsOfBody(bodyId: string, before: string, limit: number): Promise<TrackedAction[]> {
    const { Items = [] } = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk < :before',
        ExpressionAttributeValues: { ':pk': tableKeys.openActionsOfBody(bodyId).gsi2pk, ':before': before },
        // The newest `limit` (should a body leave more open than a meeting can take up, the recent ones count).
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return Items.map((item) => withoutRetention(item) as unknown as TrackedAction).reverse();
  }

  /** Changes an action item in place (its TTL stays), conditional on the version it was read at. */
  private async changeAction(expected: TrackedAction, update: string, values: Record<string, unknown>): Promise<void> {
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: tableKeys.actionKey(expected.meetingId, expected.actionId),
          UpdateExpression: update,
          ConditionExpression: 'version = :version',
          ExpressionAttributeValues: { ':version': expected.version, ':next': expected.version + 1, ...values },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new VersionConflict(`action ${expected.actionId} changed meanwhile`);
      throw error;
    }
  }

  async markActionDone(expected: TrackedAction, doneAt: string, doneBy: string): Promise<TrackedAction> {
    await this.changeAction(expected, 'SET version = :next, doneAt = :doneAt, doneBy = :doneBy REMOVE gsi1pk, gsi1sk, gsi2pk, gsi2sk, remindOn', { ':doneAt': doneAt, ':doneBy': doneBy });
    const { remindOn: _remindOn, ...rest } = expected;
    return { ...rest, version: expected.version + 1, doneAt, doneBy };
  }

  async actionReminded(expected: TrackedAction): Promise<void> {
    await this.changeAction(expected, 'SET version = :next REMOVE gsi1pk, gsi1sk, remindOn', {});
  }

  async dueFollowUps(day: string, limit: number): Promise<string[]> {
    const { Items = [] } = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk <= :day',
        ExpressionAttributeValues: { ':pk': tableKeys.followUps().gsi1pk, ':day': `${day}#\uffff` },
        ProjectionExpression: 'meetingId',
        Limit: limit,
      }),
    );
    return [...new Set(Items.map((item) => String(item.meetingId)))];
  }

  async pendingMinutesMail(meetingId: string): Promise<number | undefined> {
    const { pk, sk } = tableKeys.minutesMailDue(meetingId, '');
    const items = await queryPrefix(this.documents, this.tableName, pk, sk);
    const edition = items[0]?.edition;
    return typeof edition === 'number' ? edition : undefined;
  }

  async minutesMailDone(meetingId: string, edition: number): Promise<void> {
    const { pk, sk } = tableKeys.minutesMailDue(meetingId, '');
    try {
      await this.documents.send(new DeleteCommand({ TableName: this.tableName, Key: { pk, sk }, ConditionExpression: 'edition = :edition', ExpressionAttributeValues: { ':edition': edition } }));
    } catch (error) {
      // A newer edition was released meanwhile: its entry stays for its own mail.
      if (!isConditionFailure(error)) throw error;
    }
  }
}
