/**
 * Creates the table from the shared definition (core/table/table-definition.ts), or brings an existing local
 * table up to date by adding missing indexes, so a data dir from an older version keeps working.
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
  type AttributeDefinition,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
} from '@aws-sdk/client-dynamodb';
import { TABLE_DEFINITION, type GlobalSecondaryIndexDefinition, type KeyAttribute } from '../core/table/table-definition.ts';

const attribute = (key: KeyAttribute): AttributeDefinition => ({ AttributeName: key.name, AttributeType: key.type });

function index(gsi: GlobalSecondaryIndexDefinition): GlobalSecondaryIndex {
  return {
    IndexName: gsi.indexName,
    KeySchema: [
      { AttributeName: gsi.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: gsi.sortKey.name, KeyType: 'RANGE' },
    ],
    Projection: { ProjectionType: 'ALL' },
  };
}

function attributeDefinitions(): AttributeDefinition[] {
  const all = [
    TABLE_DEFINITION.partitionKey,
    TABLE_DEFINITION.sortKey,
    ...TABLE_DEFINITION.globalSecondaryIndexes.flatMap((g) => [g.partitionKey, g.sortKey]),
  ];
  return [...new Map(all.map((a) => [a.name, attribute(a)])).values()];
}

async function enableTimeToLive(client: DynamoDBClient, tableName: string): Promise<void> {
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: TABLE_DEFINITION.timeToLiveAttribute, Enabled: true },
    }),
  );
}

export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<'created' | 'updated' | 'unchanged'> {
  let existing: string[] | undefined;
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    existing = (Table?.GlobalSecondaryIndexes ?? []).map((g) => g.IndexName ?? '');
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }

  if (existing === undefined) {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: attributeDefinitions(),
        KeySchema: [
          { AttributeName: TABLE_DEFINITION.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: TABLE_DEFINITION.sortKey.name, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: TABLE_DEFINITION.globalSecondaryIndexes.map(index),
      }),
    );
    await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: tableName });
    await enableTimeToLive(client, tableName);
    return 'created';
  }

  // A start interrupted between creating the table and enabling TTL left it without; enable it now.
  const { TimeToLiveDescription } = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  const ttlMissing = TimeToLiveDescription?.TimeToLiveStatus !== 'ENABLED' && TimeToLiveDescription?.TimeToLiveStatus !== 'ENABLING';
  if (ttlMissing) await enableTimeToLive(client, tableName);

  const missing = TABLE_DEFINITION.globalSecondaryIndexes.filter((g) => !existing.includes(g.indexName));
  // DynamoDB accepts one index creation per UpdateTable call.
  for (const gsi of missing) {
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: attributeDefinitions(),
        GlobalSecondaryIndexUpdates: [{ Create: index(gsi) }],
      }),
    );
  }
  return missing.length > 0 || ttlMissing ? 'updated' : 'unchanged';
}
