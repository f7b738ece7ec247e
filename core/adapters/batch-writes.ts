/**
 * BatchWriteItem in pages of 25 (DynamoDB's limit), sending a page's unprocessed items (throttling) again after an
 * exponentially growing, jittered pause (as AWS advises for unprocessed items), a few times, before giving up with the
 * caller's error: the erasure's is a conflict its workflow step retries, the backfill's a message for the operator.
 */
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

type WriteRequests = NonNullable<ConstructorParameters<typeof BatchWriteCommand>[0]['RequestItems']>[string];

/** DynamoDB's limit for one BatchWriteItem. */
const BATCH_SIZE = 25;
/** The longest pause before sending unprocessed items again. */
const MAX_PAUSE_MS = 2_000;

export interface BatchWriteOptions {
  /** Attempts per page, the first included. */
  readonly attempts: number;
  /** The error when a page still has unprocessed items after the last attempt. */
  readonly failure: (left: number) => Error;
  /** After each page: requests written so far. */
  readonly onPage?: (done: number) => void;
}

export async function batchWrite(documents: DynamoDBDocumentClient, tableName: string, requests: WriteRequests, options: BatchWriteOptions): Promise<void> {
  for (let i = 0; i < requests.length; i += BATCH_SIZE) {
    let pending = requests.slice(i, i + BATCH_SIZE);
    for (let attempt = 1; pending.length > 0; attempt += 1) {
      if (attempt > options.attempts) throw options.failure(pending.length);
      if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(MAX_PAUSE_MS, 50 * 2 ** attempt)));
      const answer = await documents.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      pending = answer.UnprocessedItems?.[tableName] ?? [];
    }
    options.onPage?.(Math.min(i + BATCH_SIZE, requests.length));
  }
}
