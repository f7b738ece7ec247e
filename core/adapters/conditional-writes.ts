/** Writing several conditional items all or none, and telling a failed condition from other failures. */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { PutCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { VersionConflict } from '../cases/ports.ts';

export type TransactItems = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>;

/** A condition refused the write: of a single write, or of one item of a transaction. */
export function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException ||
    (error instanceof TransactionCanceledException && (error.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed'))
  );
}

/**
 * Two transactions wrote the same items at the same moment and DynamoDB cancelled one (e.g. a send's claim and a
 * revocation): for the caller the same as a changed version — read again, decide again.
 */
export const isTransactionConflict = (error: unknown): boolean =>
  error instanceof TransactionCanceledException && (error.CancellationReasons ?? []).some((r) => r.Code === 'TransactionConflict');

/**
 * Writes the items all or none: a transaction, or — for a single conditional put, e.g. a case update without an
 * event — that put alone (less work for DynamoDB; the same condition, the same outcome).
 */
export async function writeAll(documents: DynamoDBDocumentClient, items: TransactItems): Promise<void> {
  const [only] = items;
  if (items.length === 1 && only?.Put !== undefined) await documents.send(new PutCommand(only.Put));
  else await documents.send(new TransactWriteCommand({ TransactItems: items }));
}

/**
 * writeAll for items under version conditions: a failed condition, or another transaction writing the same items
 * right now, becomes VersionConflict — the caller reads again and decides again.
 */
export async function writeVersioned(documents: DynamoDBDocumentClient, items: TransactItems, what: string): Promise<void> {
  try {
    await writeAll(documents, items);
  } catch (error) {
    // Only these: throttling or a malformed request is a fault, not a change to read again.
    if (isConditionFailure(error) || isTransactionConflict(error)) throw new VersionConflict(`${what} changed meanwhile`);
    throw error;
  }
}
