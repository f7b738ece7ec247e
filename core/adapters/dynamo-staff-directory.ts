/** Staff items on the single table (`npm run staff`); their shape is items/staff-item.ts's. */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { StaffVersionConflict, type StaffDirectory, type StaffEntry, type StaffRecord } from '../staff/ports.ts';
import { fromStaffItem, staffItemChanges, toStaffItem } from './items/staff-item.ts';
import type { DynamoItem } from './items/table-attributes.ts';
import { queryAll } from './query-all.ts';
import { tableKeys } from './table-keys.ts';

export class DynamoStaffDirectory implements StaffDirectory {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(id: string): Promise<StaffRecord | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: tableKeys.staffKey(id), ConsistentRead: true }));
    return Item === undefined ? undefined : fromStaffItem(Item);
  }

  async list(): Promise<StaffRecord[]> {
    const items = await queryAll(this.documents, {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': tableKeys.staffList().gsi1pk },
    });
    return items.map(fromStaffItem);
  }

  async put(entry: StaffEntry, expectedVersion: number | undefined, now: Date): Promise<void> {
    try {
      if (expectedVersion === undefined) {
        await this.documents.send(new PutCommand({ TableName: this.tableName, Item: toStaffItem(entry, now), ConditionExpression: 'attribute_not_exists(pk)' }));
        return;
      }
      // An update, not a put: openCases belongs to the assignment, which changes it without raising the version.
      const { key, set, remove } = staffItemChanges(entry, now);
      const names = [...Object.keys(set), ...remove];
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression:
            `SET ${Object.keys(set).map((name) => `#${name} = :${name}`).join(', ')}, version = version + :one` +
            (remove.length === 0 ? '' : ` REMOVE ${remove.map((name) => `#${name}`).join(', ')}`),
          ConditionExpression: 'version = :expected',
          ExpressionAttributeNames: Object.fromEntries(names.map((name) => [`#${name}`, name])),
          ExpressionAttributeValues: { ...Object.fromEntries(Object.entries(set).map(([name, value]) => [`:${name}`, value])), ':one': 1, ':expected': expectedVersion },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new StaffVersionConflict(`staff item ${entry.id} changed meanwhile`);
      throw error;
    }
  }

  /**
   * Writes an outdated item (items/staff-item.ts) again with the person it holds, so it gets the current keys;
   * false when it is current. Throws StaffVersionConflict when it changed since it was read.
   */
  async rewriteIfOutdated(item: DynamoItem, now: Date): Promise<boolean> {
    const { version, openCases: _openCases, outdatedItem, ...entry } = fromStaffItem(item);
    if (outdatedItem !== true) return false;
    await this.put(entry, version, now);
    return true;
  }
}
