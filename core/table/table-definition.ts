/**
 * The one definition of the single DynamoDB table. CDK (lib/stacks/data-stack.ts) and the local bootstrap
 * (local/ensure-table.ts) both build the table from this, so they cannot drift apart.
 * Plain data on purpose: core/ has no AWS imports.
 */
export interface KeyAttribute {
  readonly name: string;
  readonly type: 'S' | 'N';
}

export interface GlobalSecondaryIndexDefinition {
  readonly indexName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
}

export interface TableDefinition {
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
  readonly globalSecondaryIndexes: readonly GlobalSecondaryIndexDefinition[];
  /** Epoch seconds; TTL deletes late, so reads filter expired items themselves. */
  readonly timeToLiveAttribute: string;
}

export const TABLE_DEFINITION: TableDefinition = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  globalSecondaryIndexes: [
    // gsi1: lists by kind ("all providers", "all bodies", later "cases by status").
    { indexName: 'gsi1', partitionKey: { name: 'gsi1pk', type: 'S' }, sortKey: { name: 'gsi1sk', type: 'S' } },
    // gsi2: lists by owner ("cases of a case manager", "meetings of a body by date").
    { indexName: 'gsi2', partitionKey: { name: 'gsi2pk', type: 'S' }, sortKey: { name: 'gsi2sk', type: 'S' } },
  ],
  timeToLiveAttribute: 'expiresAt',
};

/** Attribute names every item carries (see ARCHITECTURE.md "Data"). */
export const ITEM_VERSION_ATTRIBUTE = 'version';
