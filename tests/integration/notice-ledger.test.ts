/**
 * The notices' claims against DynamoDB Local (core/adapters/dynamo-notice-ledger.ts): one claim per case and notice,
 * the SDK's resend of a claim whose answer was lost still holds it, only the holder gives it back or marks it sent,
 * and what an earlier attempt's claim came to (sent or unconfirmed) is told to the next.
 */
import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDocumentClient, createDynamoDbClient } from '../../core/adapters/aws-clients.ts';
import { DynamoNoticeLedger } from '../../core/adapters/dynamo-notice-ledger.ts';
import { tableKeys } from '../../core/adapters/table-keys.ts';
import { ensureTable } from '../../local/ensure-table.ts';

describe('the notices\' claims', () => {
  const tableName = `notices-${randomUUID()}`;
  const now = new Date('2026-11-24T09:00:00Z');
  let client: DynamoDBClient;
  let documents: DynamoDBDocumentClient;
  let ledger: DynamoNoticeLedger;
  /** Puts of a claim sent twice — the first answer lost, the SDK sends the same request again. */
  let resendPuts = 0;

  beforeAll(async () => {
    client = createDynamoDbClient({ region: 'eu-central-1', endpoint: inject('dynamodbEndpoint') });
    await ensureTable(client, tableName);
    documents = createDocumentClient(client);
    documents.middlewareStack.add(
      (next) => async (args) => {
        if (resendPuts > 0 && 'Item' in args.input) {
          resendPuts -= 1;
          await next(args);
        }
        return next(args);
      },
      { step: 'initialize', name: 'resendPut' },
    );
    ledger = new DynamoNoticeLedger(documents, tableName);
  });
  afterAll(() => {
    documents.destroy();
    client.destroy();
  });

  const item = async (caseId: string, notice: string) => (await documents.send(new GetCommand({ TableName: tableName, Key: tableKeys.notice(caseId, notice), ConsistentRead: true }))).Item;

  it('gives one of 30 concurrent claims the notice; the others learn it is unconfirmed until it is marked sent', async () => {
    const caseId = `C-${randomUUID()}`;
    const claims = await Promise.all(Array.from({ length: 30 }, () => ledger.claim(caseId, 'case-assigned#x', now)));
    const held = claims.filter((claim) => claim.status === 'claimed');
    expect(held).toHaveLength(1);
    expect(claims.filter((claim) => claim.status === 'unconfirmed')).toHaveLength(29);
    const [holder] = held;
    if (holder?.status !== 'claimed') throw new Error('no holder');
    await ledger.markSent(caseId, 'case-assigned#x', holder.token, now);
    expect(await ledger.claim(caseId, 'case-assigned#x', now)).toEqual({ status: 'sent' });
    expect(await item(caseId, 'case-assigned#x')).toMatchObject({ status: 'sent', sentAt: now.toISOString(), expiresAt: expect.any(Number) as number });
  });

  it('still holds a claim whose answer was lost and that the SDK sent again', async () => {
    const caseId = `C-${randomUUID()}`;
    resendPuts = 1;
    const claim = await ledger.claim(caseId, 'triage-gap', now);
    expect(resendPuts).toBe(0);
    expect(claim.status).toBe('claimed');
  });

  it('gives a claim back or marks it only for its holder', async () => {
    const caseId = `C-${randomUUID()}`;
    const first = await ledger.claim(caseId, 'waiting-list#1', now);
    if (first.status !== 'claimed') throw new Error('not claimed');
    await ledger.release(caseId, 'waiting-list#1', 'not-the-token');
    await expect(ledger.markSent(caseId, 'waiting-list#1', 'not-the-token', now)).rejects.toThrow();
    expect(await item(caseId, 'waiting-list#1')).toMatchObject({ status: 'claimed', claimToken: first.token });
    await ledger.release(caseId, 'waiting-list#1', first.token);
    expect(await item(caseId, 'waiting-list#1')).toBeUndefined();
    // Given back: the next attempt claims it anew.
    expect((await ledger.claim(caseId, 'waiting-list#1', now)).status).toBe('claimed');
  });

  it('tells a claim left by another writer apart from its own', async () => {
    const caseId = `C-${randomUUID()}`;
    await documents.send(new PutCommand({ TableName: tableName, Item: { ...tableKeys.notice(caseId, 'needs-attention#t'), type: 'notice', status: 'claimed', claimToken: 'earlier' } }));
    expect(await ledger.claim(caseId, 'needs-attention#t', now)).toEqual({ status: 'unconfirmed' });
  });
});
