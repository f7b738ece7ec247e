import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDocumentClient, createDynamoDbClient } from '../../core/adapters/aws-clients.ts';
import { ProfileStore } from '../../core/adapters/profile-store.ts';
import { tableKeys } from '../../core/adapters/table-keys.ts';
import { DEFAULT_PROFILE_PATH, loadProfileFile } from '../../core/profile/load-profile.ts';
import { loadDemoData } from '../../local/demo/load-demo-data.ts';
import { ensureTable } from '../../local/ensure-table.ts';

describe('loading the profile and demo data into the table', () => {
  const tableName = `profile-${randomUUID()}`;
  const profile = loadProfileFile(DEFAULT_PROFILE_PATH);
  const demo = loadDemoData(profile);
  const now = new Date('2026-11-24T09:00:00Z');
  let client: DynamoDBClient;
  let documents: DynamoDBDocumentClient;
  let store: ProfileStore;

  beforeAll(async () => {
    client = createDynamoDbClient({ region: 'eu-central-1', endpoint: inject('dynamodbEndpoint') });
    expect(await ensureTable(client, tableName)).toBe('created');
    expect(await ensureTable(client, tableName)).toBe('unchanged');
    documents = createDocumentClient(client);
    store = new ProfileStore(documents, tableName);
  });
  afterAll(() => {
    client.destroy();
  });

  it('creates every entry once and changes nothing on a second load', async () => {
    const entries = 1 + profile.providers.length + profile.services.length + profile.bodies.length;
    expect(await store.syncProfile(profile, now)).toEqual({ created: entries, updated: 0, unchanged: 0 });
    expect(await store.ensureDemoData(demo, now)).toEqual({ created: demo.staff.length + demo.members.length, updated: 0, unchanged: 0 });
    expect(await store.syncProfile(profile, now)).toEqual({ created: 0, updated: 0, unchanged: entries });
    expect(await store.ensureDemoData(demo, now)).toEqual({ created: 0, updated: 0, unchanged: demo.staff.length + demo.members.length });
  });

  it('lists providers through the kind index', async () => {
    const { Items } = await documents.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': tableKeys.catalogueList('PROVIDER').gsi1pk },
      }),
    );
    expect(Items?.map((i) => (i.data as { id: string }).id).sort()).toEqual(profile.providers.map((p) => p.id).sort());
  });

  it('follows a changed profile entry with a raised version', async () => {
    const [first, ...rest] = profile.services;
    if (first === undefined) throw new Error('profile without services');
    const changed = { ...profile, services: [{ ...first, name: `${first.name} (neu)` }, ...rest] };
    expect(await store.syncProfile(changed, now)).toMatchObject({ created: 0, updated: 1 });
    const key = tableKeys.catalogueEntry('SERVICE', first.id);
    const { Item } = await documents.send(new GetCommand({ TableName: tableName, Key: { pk: key.pk, sk: key.sk } }));
    expect(Item).toMatchObject({ version: 2, type: 'service', data: { name: `${first.name} (neu)` } });
  });

  it('never overwrites demo people changed in the application', async () => {
    const person = demo.staff[0];
    if (person === undefined) throw new Error('demo data without staff');
    const key = tableKeys.staff(person.id, person.role, person.providerId);
    await documents.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { pk: key.pk, sk: key.sk },
        UpdateExpression: 'SET #data.#name = :name, version = version + :one',
        ConditionExpression: 'version = :v',
        ExpressionAttributeNames: { '#data': 'data', '#name': 'name' },
        ExpressionAttributeValues: { ':name': 'Geändert', ':one': 1, ':v': 1 },
      }),
    );
    await store.ensureDemoData(demo, now);
    const { Item } = await documents.send(new GetCommand({ TableName: tableName, Key: { pk: key.pk, sk: key.sk } }));
    expect(Item).toMatchObject({ version: 2, data: { name: 'Geändert' } });
  });
});
