/** The case repository on the single table. Key shapes come from table-keys.ts only. */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CaseRecord } from '../cases/case.ts';
import { IdempotencyConflict, type CaseRepository, type CreatedCase } from '../cases/ports.ts';
import { tableKeys } from './table-keys.ts';

export function caseItem(record: CaseRecord): Record<string, unknown> {
  return {
    ...tableKeys.case(record.caseId),
    ...tableKeys.caseIndexes(record.caseId, record.stage, record.createdAt, record.caseManagerId),
    type: 'case',
    ...record,
  };
}

export class DynamoCaseRepository implements CaseRepository {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async createCase({ case: record, client, idempotency }: Parameters<CaseRepository['createCase']>[0]): Promise<CreatedCase> {
    const idempotencyKey = tableKeys.idempotency(idempotency.keyHash);
    try {
      await this.documents.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...idempotencyKey,
                  type: 'idempotency',
                  version: 1,
                  caseId: record.caseId,
                  requestHash: idempotency.requestHash,
                  createdAt: record.createdAt,
                  expiresAt: idempotency.expiresAt,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            { Put: { TableName: this.tableName, Item: caseItem(record), ConditionExpression: 'attribute_not_exists(pk)' } },
            {
              Put: {
                TableName: this.tableName,
                Item: { ...tableKeys.client(record.caseId), type: 'client', ...client },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...tableKeys.caseEvent(record.caseId, record.createdAt, 0),
                  type: 'caseEvent',
                  caseId: record.caseId,
                  at: record.createdAt,
                  kind: 'intake-received',
                  actor: record.intakeBy,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
      return { caseId: record.caseId, stage: record.stage, generation: record.generation, created: true };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      return this.replay(idempotency.keyHash, idempotency.requestHash, error);
    }
  }

  /** The transaction lost against an earlier (or concurrent) submission with the same key: answer with its case. */
  private async replay(keyHash: string, requestHash: string, cause: TransactionCanceledException): Promise<CreatedCase> {
    const { Item: previous } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: tableKeys.idempotency(keyHash), ConsistentRead: true }),
    );
    // Not an idempotency clash (e.g. a case id collision or a conflict on another item): let the caller retry.
    if (previous === undefined) throw cause;
    if (previous.requestHash !== requestHash) throw new IdempotencyConflict('idempotency key reused for a different request');
    const caseId = String(previous.caseId);
    const { Item: existing } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: tableKeys.case(caseId), ConsistentRead: true }),
    );
    if (existing === undefined) throw cause;
    return { caseId, stage: existing.stage as CaseRecord['stage'], generation: Number(existing.generation), created: false };
  }
}
