/**
 * Staff items on the single table, in the shape the demo data gets (profile-store.ts) and the assignment reads
 * (DynamoCaseRepository.listCaseManagers): `data` is the person, `version`/`createdAt`/`updatedAt` as on every
 * item, `openCases` the caseload (the assignment's), `disabledAt` once the person has left.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { StaffMember } from '../profile/demo-data-schema.ts';
import { StaffVersionConflict, type StaffDirectory, type StaffEntry, type StaffRecord } from '../staff/ports.ts';
import { queryAll } from './query-all.ts';
import { tableKeys } from './table-keys.ts';

function recordOf(item: Record<string, unknown>): StaffRecord {
  const data = item.data as StaffMember;
  return {
    ...data,
    version: Number(item.version),
    // Demo items and people never assigned have no counter yet; the assignment reads that as 0 too.
    openCases: typeof item.openCases === 'number' ? item.openCases : 0,
    ...(typeof item.disabledAt === 'string' ? { disabledAt: item.disabledAt } : {}),
  };
}

export class DynamoStaffDirectory implements StaffDirectory {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(id: string): Promise<StaffRecord | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: tableKeys.staffKey(id), ConsistentRead: true }));
    return Item === undefined ? undefined : recordOf(Item);
  }

  async list(): Promise<StaffRecord[]> {
    const items = await queryAll(this.documents, {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': tableKeys.staffList().gsi1pk },
    });
    return items.map(recordOf);
  }

  async put(entry: StaffEntry, expectedVersion: number | undefined, now: Date): Promise<void> {
    const { disabledAt, ...member } = entry;
    const key = tableKeys.staff(member.id, member.role, member.providerId);
    const timestamp = now.toISOString();
    try {
      if (expectedVersion === undefined) {
        await this.documents.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...key, type: 'staff', version: 1, createdAt: timestamp, updatedAt: timestamp, data: member, ...(disabledAt === undefined ? {} : { disabledAt }) },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return;
      }
      // An update, not a put: openCases belongs to the assignment, which changes it without raising the version.
      const { pk, sk, ...indexes } = key;
      const set: Record<string, unknown> = { ...indexes, data: member, updatedAt: timestamp, ...(disabledAt === undefined ? {} : { disabledAt }) };
      const removed = ['gsi2pk', 'gsi2sk', 'disabledAt'].filter((name) => !(name in set));
      const names = [...Object.keys(set), ...removed];
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk, sk },
          UpdateExpression:
            `SET ${Object.keys(set).map((name) => `#${name} = :${name}`).join(', ')}, version = version + :one` +
            (removed.length === 0 ? '' : ` REMOVE ${removed.map((name) => `#${name}`).join(', ')}`),
          ConditionExpression: 'version = :expected',
          ExpressionAttributeNames: Object.fromEntries(names.map((name) => [`#${name}`, name])),
          ExpressionAttributeValues: { ...Object.fromEntries(Object.entries(set).map(([name, value]) => [`:${name}`, value])), ':one': 1, ':expected': expectedVersion },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new StaffVersionConflict(`staff item ${member.id} changed meanwhile`);
      throw error;
    }
  }
}
