/**
 * The notices' claims (core/mail/notice-ledger.ts): one small item per case and notice in the case's partition —
 * its key names the occasion, no personal data — so the erasure of a case empties them with the rest. A claim is
 * kept after its mail (it is the proof that the notice went out, or may have); it expires on its own a little
 * over a year after it was taken, when no step of the case can still be retried (the sweeper renews an execution
 * before its year ends, and a renewed execution's steps see the recorded notices, not the claims).
 */
import { DeleteCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { NoticeLedger } from '../mail/notice-ledger.ts';
import { isConditionFailure } from './conditional-writes.ts';
import { tableKeys } from './table-keys.ts';

const CLAIM_KEPT_SECONDS = 400 * 24 * 60 * 60;

export class DynamoNoticeLedger implements NoticeLedger {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async claim(caseId: string, notice: string, now: Date): Promise<boolean> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...tableKeys.notice(caseId, notice), type: 'notice', claimedAt: now.toISOString(), expiresAt: Math.floor(now.getTime() / 1000) + CLAIM_KEPT_SECONDS },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async release(caseId: string, notice: string): Promise<void> {
    await this.documents.send(new DeleteCommand({ TableName: this.tableName, Key: tableKeys.notice(caseId, notice) }));
  }
}
