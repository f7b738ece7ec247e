/**
 * Writes the district profile and (locally) the demo data into the table. Profile entries follow the profile:
 * a changed entry is updated (conditional on its version). Demo people are only created when missing, so changes
 * made through the application are never overwritten by a restart.
 */
import { createHash } from 'node:crypto';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { DistrictProfile } from '../profile/schema.ts';
import type { DemoData } from '../profile/demo-data-schema.ts';
import { tableKeys, type IndexedItemKey } from './table-keys.ts';

interface SeedItem {
  readonly key: IndexedItemKey;
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface SeedResult {
  created: number;
  updated: number;
  unchanged: number;
}

function profileItems(profile: DistrictProfile): SeedItem[] {
  const { providers, services, bodies, ...settings } = profile;
  return [
    { key: tableKeys.districtProfile(), type: 'districtProfile', data: settings },
    ...providers.map((p) => ({ key: tableKeys.catalogueEntry('PROVIDER', p.id), type: 'provider', data: p })),
    ...services.map((s) => ({ key: tableKeys.catalogueEntry('SERVICE', s.id), type: 'service', data: s })),
    ...bodies.map((b) => ({ key: tableKeys.catalogueEntry('BODY', b.id), type: 'body', data: b })),
  ];
}

function demoItems(demo: DemoData): SeedItem[] {
  return [
    ...demo.staff.map((s) => ({ key: tableKeys.staff(s.id, s.role, s.providerId), type: 'staff', data: s })),
    ...demo.members.map((m) => ({ key: tableKeys.bodyMember(m.bodyId, m.id), type: 'bodyMember', data: m })),
  ];
}

const hashOf = (data: unknown): string => createHash('sha256').update(JSON.stringify(data)).digest('hex');

export class ProfileStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async syncProfile(profile: DistrictProfile, now: Date): Promise<SeedResult> {
    return this.write(profileItems(profile), now, 'sync');
  }

  async ensureDemoData(demo: DemoData, now: Date): Promise<SeedResult> {
    return this.write(demoItems(demo), now, 'createOnly');
  }

  private async write(items: SeedItem[], now: Date, mode: 'sync' | 'createOnly'): Promise<SeedResult> {
    const result: SeedResult = { created: 0, updated: 0, unchanged: 0 };
    const timestamp = now.toISOString();
    // Small batches in parallel: fast on start-up, gentle on DynamoDB Local.
    for (let i = 0; i < items.length; i += 10) {
      await Promise.all(
        items.slice(i, i + 10).map(async (item) => {
          result[await this.writeOne(item, timestamp, mode)] += 1;
        }),
      );
    }
    return result;
  }

  private async writeOne(item: SeedItem, timestamp: string, mode: 'sync' | 'createOnly'): Promise<keyof SeedResult> {
    const contentHash = hashOf(item.data);
    const { Item: existing } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: item.key.pk, sk: item.key.sk }, ConsistentRead: true }),
    );
    try {
      if (existing === undefined) {
        await this.documents.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...item.key, type: item.type, version: 1, createdAt: timestamp, updatedAt: timestamp, contentHash, data: item.data },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return 'created';
      }
      if (mode === 'createOnly' || existing.contentHash === contentHash) return 'unchanged';
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: item.key.pk, sk: item.key.sk },
          UpdateExpression: 'SET #data = :data, contentHash = :hash, updatedAt = :now, version = version + :one',
          ConditionExpression: 'version = :version',
          ExpressionAttributeNames: { '#data': 'data' },
          ExpressionAttributeValues: { ':data': item.data, ':hash': contentHash, ':now': timestamp, ':one': 1, ':version': Number(existing.version) },
        }),
      );
      return 'updated';
    } catch (error) {
      // Someone else wrote it between our read and write (two starts at once): theirs stands.
      if (error instanceof ConditionalCheckFailedException) return 'unchanged';
      throw error;
    }
  }
}
