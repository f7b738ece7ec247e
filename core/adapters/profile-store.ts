/**
 * Writes the district profile and (locally) the demo data into the table. Profile entries follow the profile:
 * a changed entry is updated (conditional on its version). Demo people are only created when missing, so changes
 * made through the application are never overwritten by a restart; only an outdated staff item is written again
 * with the person it holds, to give it the table's current keys (items/staff-item.ts).
 */
import { createHash } from 'node:crypto';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { DistrictProfile } from '../profile/schema.ts';
import type { DemoData } from '../profile/demo-data-schema.ts';
import { StaffVersionConflict } from '../staff/ports.ts';
import { DynamoStaffDirectory } from './dynamo-staff-directory.ts';
import { toBodyMemberItem } from './items/body-member-item.ts';
import type { DataItem } from './items/data-item.ts';
import { toProfileItems } from './items/profile-item.ts';
import { toStaffItem } from './items/staff-item.ts';
import type { DynamoItem } from './items/table-attributes.ts';

interface SeedItem {
  readonly item: DataItem<object>;
  /** An existing item in create-only mode: brings it up to date if it is outdated; true when it wrote. */
  readonly refresh?: (existing: DynamoItem) => Promise<boolean>;
}

export interface SeedResult {
  created: number;
  updated: number;
  unchanged: number;
}

const hashOf = (data: unknown): string => createHash('sha256').update(JSON.stringify(data)).digest('hex');

export class ProfileStore {
  private readonly staff: DynamoStaffDirectory;

  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.staff = new DynamoStaffDirectory(documents, tableName);
  }

  async syncProfile(profile: DistrictProfile, now: Date): Promise<SeedResult> {
    return this.write(toProfileItems(profile, now).map((item) => ({ item })), 'sync');
  }

  async ensureDemoData(demo: DemoData, now: Date): Promise<SeedResult> {
    const items: SeedItem[] = [
      ...demo.staff.map((s) => ({ item: toStaffItem(s, now), refresh: (existing: DynamoItem) => this.staff.rewriteIfOutdated(existing, now) })),
      ...demo.members.map((m) => ({ item: toBodyMemberItem(m, now) })),
    ];
    return this.write(items, 'createOnly');
  }

  private async write(items: readonly SeedItem[], mode: 'sync' | 'createOnly'): Promise<SeedResult> {
    const result: SeedResult = { created: 0, updated: 0, unchanged: 0 };
    // Small batches in parallel: fast on start-up, gentle on DynamoDB Local.
    for (let i = 0; i < items.length; i += 10) {
      await Promise.all(
        items.slice(i, i + 10).map(async (item) => {
          result[await this.writeOne(item, mode)] += 1;
        }),
      );
    }
    return result;
  }

  private async writeOne({ item, refresh }: SeedItem, mode: 'sync' | 'createOnly'): Promise<keyof SeedResult> {
    const contentHash = hashOf(item.data);
    const key = { pk: item.pk, sk: item.sk };
    const { Item: existing } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    try {
      if (existing === undefined) {
        await this.documents.send(new PutCommand({ TableName: this.tableName, Item: { ...item, contentHash }, ConditionExpression: 'attribute_not_exists(pk)' }));
        return 'created';
      }
      if (mode === 'createOnly') return (await refresh?.(existing)) === true ? 'updated' : 'unchanged';
      if (existing.contentHash === contentHash) return 'unchanged';
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: 'SET #data = :data, contentHash = :hash, updatedAt = :now, version = version + :one',
          ConditionExpression: 'version = :version',
          ExpressionAttributeNames: { '#data': 'data' },
          ExpressionAttributeValues: { ':data': item.data, ':hash': contentHash, ':now': item.updatedAt, ':one': 1, ':version': Number(existing.version) },
        }),
      );
      return 'updated';
    } catch (error) {
      // Someone else wrote it between our read and write (two starts at once): theirs stands.
      if (error instanceof ConditionalCheckFailedException || error instanceof StaffVersionConflict) return 'unchanged';
      throw error;
    }
  }
}
