/**
 * What the item mappers of this folder share: an item's record is the item without the table's own attributes
 * (keys, index keys, type), and a Query with a ProjectionExpression returns only a named part of that record.
 */
export type DynamoItem = Record<string, unknown>;

const TABLE_ATTRIBUTES: ReadonlySet<string> = new Set(['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'type']);

/** Items are read as written, not validated: only this folder's mappers write them. */
export function withoutTableAttributes(item: DynamoItem): DynamoItem {
  return Object.fromEntries(Object.entries(item).filter(([name]) => !TABLE_ATTRIBUTES.has(name)));
}

/** A projected item as the part of `T` it holds; `attributes` (the projection) names the part for the type. */
export function partOf<T, K extends keyof T>(item: DynamoItem, _attributes: readonly K[]): Pick<T, K> {
  return item as Pick<T, K>;
}

/** An item's record without its deletion date: `expiresAt` is the retention's, not the record's. */
export function withoutRetention(item: DynamoItem): DynamoItem {
  const { expiresAt: _expiresAt, ...rest } = withoutTableAttributes(item);
  return rest;
}

/** A record with a change applied where a field set to undefined is removed (DynamoDB stores no undefined). */
export function withoutUndefined<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}
