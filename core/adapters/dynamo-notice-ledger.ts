/**
 * The notices' claims (core/mail/notice-ledger.ts): one small item per case and notice in the case's partition —
 * its key names the occasion, no personal data — so the erasure of a case empties them with the rest, and they
 * take the closed case's retention (syncRetention). A claim is kept after its mail (the proof that the notice went
 * out, or may have); it also expires on its own a little over a year after it was taken, when no step of the case can
 * still be retried (the sweeper renews an execution before its year ends, and a renewed execution's steps see the
 * recorded notices, not the claims).
 *
 * Each claim carries a random token: the SDK's own resend of a claim that went through (its answer lost) finds its
 * token and still holds the claim, and only the holder gives it back or marks it sent.
 */
import { randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { NoticeClaim, NoticeLedger } from '../mail/notice-ledger.ts';
import { isConditionFailure } from './conditional-writes.ts';
import { tableKeys } from './table-keys.ts';

const CLAIM_KEPT_SECONDS = 400 * 24 * 60 * 60;

export class DynamoNoticeLedger implements NoticeLedger {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async claim(caseId: string, notice: string, now: Date): Promise<NoticeClaim> {
    const token = randomUUID();
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...tableKeys.notice(caseId, notice), type: 'notice', status: 'claimed', claimToken: token, claimedAt: now.toISOString(), expiresAt: Math.floor(now.getTime() / 1000) + CLAIM_KEPT_SECONDS },
          ConditionExpression: 'attribute_not_exists(pk) OR claimToken = :token',
          ExpressionAttributeValues: { ':token': token },
        }),
      );
      return { status: 'claimed', token };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: tableKeys.notice(caseId, notice), ConsistentRead: true }));
    return { status: Item?.status === 'sent' ? 'sent' : 'unconfirmed' };
  }

  async markSent(caseId: string, notice: string, token: string, now: Date): Promise<void> {
    await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: tableKeys.notice(caseId, notice),
        UpdateExpression: 'SET #status = :sent, sentAt = :now',
        ConditionExpression: 'claimToken = :token',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':sent': 'sent', ':now': now.toISOString(), ':token': token },
      }),
    );
  }

  async release(caseId: string, notice: string, token: string): Promise<void> {
    try {
      await this.documents.send(new DeleteCommand({ TableName: this.tableName, Key: tableKeys.notice(caseId, notice), ConditionExpression: 'claimToken = :token', ExpressionAttributeValues: { ':token': token } }));
    } catch (error) {
      // Not this call's claim (any more): nothing of it to give back.
      if (!isConditionFailure(error)) throw error;
    }
  }
}
