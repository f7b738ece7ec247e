/** The case repository on the single table. Key shapes come from table-keys.ts only. */
import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CaseRecord, ClientRecord } from '../cases/case.ts';
import type { ConsentRecord, ReferralRecord } from '../cases/referral.ts';
import type { GapReport } from '../cases/gap-report.ts';
import {
  IdempotencyConflict,
  VersionConflict,
  type CaseChanges,
  type CaseEvent,
  type CaseManagerLoad,
  type CaseRepository,
  type CreatedCase,
  type ReferralChanges,
  type ReferralRepository,
} from '../cases/ports.ts';
import { tableKeys, type ItemKey } from './table-keys.ts';
import { queryAll, queryPrefix } from './query-all.ts';

export function caseItem(record: CaseRecord): Record<string, unknown> {
  return {
    ...tableKeys.case(record.caseId),
    ...tableKeys.caseIndexes(record.caseId, record.stage, record.createdAt, record.caseManagerId),
    type: 'case',
    ...record,
  };
}

/** Strips the table's own attributes from a case item. */
function caseRecordOf(item: Record<string, unknown>): CaseRecord {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g1s, gsi2pk: _g2, gsi2sk: _g2s, type: _type, ...record } = item;
  return record as unknown as CaseRecord;
}

/** A line of a case's history, written conditionally so the same event is never written twice. */
function eventPut(tableName: string, caseId: string, at: string, source: string, event: CaseEvent) {
  return {
    Put: {
      TableName: tableName,
      Item: { ...tableKeys.caseEvent(caseId, at, source), type: 'caseEvent', caseId, at, ...event },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

const versioned = (prefix: string, version: number): string => `${prefix}v${String(version).padStart(4, '0')}`;

function gapReportPut(tableName: string, report: GapReport) {
  return {
    Put: {
      TableName: tableName,
      Item: { ...tableKeys.gapReport(report.gapReportId, report.createdAt), type: 'gapReport', version: 1, ...report },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException ||
    (error instanceof TransactionCanceledException && (error.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed'))
  );
}

type TransactItems = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>;

/**
 * Writes the items all or none: a transaction, or — for a single conditional put, e.g. a case update without an
 * event — that put alone (less work for DynamoDB; the same condition, the same outcome).
 */
async function writeAll(documents: DynamoDBDocumentClient, items: TransactItems): Promise<void> {
  const [only] = items;
  if (items.length === 1 && only?.Put !== undefined) await documents.send(new PutCommand(only.Put));
  else await documents.send(new TransactWriteCommand({ TransactItems: items }));
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
            eventPut(this.tableName, record.caseId, record.createdAt, versioned('', 1), { kind: 'intake-received', actor: record.intakeBy }),
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

  async getCase(caseId: string): Promise<CaseRecord | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: tableKeys.case(caseId), ConsistentRead: true }));
    return Item === undefined ? undefined : caseRecordOf(Item);
  }

  private next(expected: CaseRecord, changes: CaseChanges, now: Date): CaseRecord {
    return { ...expected, ...changes, version: expected.version + 1, updatedAt: now.toISOString() };
  }

  // Events are keyed by the case version they belong to, so two steps can never write the same event key.
  private eventPut(record: CaseRecord, event: CaseEvent) {
    return eventPut(this.tableName, record.caseId, record.updatedAt, versioned('', record.version), event);
  }

  private casePut(record: CaseRecord, expectedVersion: number) {
    return {
      Put: {
        TableName: this.tableName,
        Item: caseItem(record),
        ConditionExpression: 'version = :version',
        ExpressionAttributeValues: { ':version': expectedVersion },
      },
    };
  }

  async updateCase(expected: CaseRecord, changes: CaseChanges, event: CaseEvent | undefined, now: Date, gapReport?: GapReport): Promise<CaseRecord> {
    const record = this.next(expected, changes, now);
    const items = [
      this.casePut(record, expected.version),
      ...(event === undefined ? [] : [this.eventPut(record, event)]),
      ...(gapReport === undefined ? [] : [gapReportPut(this.tableName, gapReport)]),
    ];
    try {
      await writeAll(this.documents, items);
    } catch (error) {
      if (isConditionFailure(error)) throw new VersionConflict(`case ${expected.caseId} changed meanwhile`);
      throw error;
    }
    return record;
  }

  async keepTaskToken(caseId: string, field: 'assessmentTaskToken' | 'closureTaskToken', taskToken: string, stage: CaseRecord['stage'], now: Date): Promise<boolean> {
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: tableKeys.case(caseId),
          UpdateExpression: 'SET #token = :token, version = version + :one, updatedAt = :now',
          ConditionExpression: 'attribute_exists(pk) AND stage = :stage',
          ExpressionAttributeNames: { '#token': field },
          ExpressionAttributeValues: { ':token': taskToken, ':one': 1, ':now': now.toISOString(), ':stage': stage },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async assignCase(expected: CaseRecord, manager: CaseManagerLoad, event: CaseEvent, now: Date): Promise<CaseRecord> {
    const record = this.next(expected, { stage: 'assigned', caseManagerId: manager.staffId, providerId: manager.providerId }, now);
    const staffKey = tableKeys.staff(manager.staffId, 'casemanager', manager.providerId);
    try {
      await this.documents.send(
        new TransactWriteCommand({
          TransactItems: [
            this.casePut(record, expected.version),
            {
              Update: {
                TableName: this.tableName,
                Key: { pk: staffKey.pk, sk: staffKey.sk },
                UpdateExpression: 'SET openCases = :next',
                // The caseload must still be the one the choice was made on: exact counts under concurrency.
                ConditionExpression: 'attribute_exists(pk) AND (openCases = :seen OR (attribute_not_exists(openCases) AND :seen = :zero))',
                ExpressionAttributeValues: { ':next': manager.openCases + 1, ':seen': manager.openCases, ':zero': 0 },
              },
            },
            this.eventPut(record, event),
          ],
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new VersionConflict(`case ${expected.caseId} or caseload of ${manager.staffId} changed meanwhile`);
      throw error;
    }
    return record;
  }

  async listCaseManagers(): Promise<CaseManagerLoad[]> {
    const { gsi1pk, gsi1skPrefix } = tableKeys.caseManagers();
    const items = await queryAll(this.documents, {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)',
      ExpressionAttributeValues: { ':pk': gsi1pk, ':prefix': gsi1skPrefix },
    });
    const managers: CaseManagerLoad[] = [];
    for (const item of items) {
      const data = item.data as { id: string; name: string; email: string; providerId?: string; focusAreas?: string[] };
      if (data.providerId === undefined || item.disabledAt !== undefined) continue; // disabledAt: has left (npm run staff -- disable)
      managers.push({
        staffId: data.id,
        name: data.name,
        email: data.email,
        providerId: data.providerId,
        focusAreas: data.focusAreas ?? [],
        openCases: typeof item.openCases === 'number' ? item.openCases : 0,
      });
    }
    return managers;
  }

  async getClient(caseId: string): Promise<ClientRecord | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: tableKeys.client(caseId), ConsistentRead: true }));
    if (Item === undefined) return undefined;
    const { pk: _pk, sk: _sk, type: _type, ...client } = Item;
    return client as unknown as ClientRecord;
  }

  private queryPartition(pk: string, skPrefix: string): Promise<Record<string, unknown>[]> {
    return queryPrefix(this.documents, this.tableName, pk, skPrefix);
  }

  private queryIndex(indexName: 'gsi1' | 'gsi2', partition: string): Promise<Record<string, unknown>[]> {
    return queryAll(this.documents, {
      TableName: this.tableName,
      IndexName: indexName,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': `${indexName}pk` },
      ExpressionAttributeValues: { ':pk': partition },
    });
  }

  async listConsents(caseId: string): Promise<ConsentRecord[]> {
    const { pk, skPrefix } = tableKeys.consentsPrefix(caseId);
    return (await this.queryPartition(pk, skPrefix)).map(({ pk: _pk, sk: _sk, type: _type, ...consent }) => consent as unknown as ConsentRecord);
  }

  async listEvents(caseId: string): Promise<(CaseEvent & { at: string })[]> {
    const { pk, skPrefix } = tableKeys.caseEventsPrefix(caseId);
    return (await this.queryPartition(pk, skPrefix)).map((item) => ({
      kind: String(item.kind),
      actor: String(item.actor),
      at: String(item.at),
      ...(item.details === undefined ? {} : { details: item.details as CaseEvent['details'] }),
    }));
  }

  async appendEvent(caseId: string, event: CaseEvent, now: Date): Promise<void> {
    await this.documents.send(new TransactWriteCommand({ TransactItems: [eventPut(this.tableName, caseId, now.toISOString(), `a-${randomUUID()}`, event)] }));
  }

  async listCasesInStage(stage: CaseRecord['stage']): Promise<CaseRecord[]> {
    return (await this.queryIndex('gsi1', tableKeys.casesInStage(stage).gsi1pk)).map(caseRecordOf);
  }

  async listCasesOfCaseManager(staffId: string): Promise<CaseRecord[]> {
    return (await this.queryIndex('gsi2', tableKeys.casesOfCaseManager(staffId).gsi2pk)).map(caseRecordOf);
  }

  async recordAssessment(expected: CaseRecord, referrals: readonly ReferralRecord[], consents: readonly ConsentRecord[], event: CaseEvent, now: Date): Promise<CaseRecord> {
    const { assessmentTaskToken: _token, ...rest } = expected;
    const record: CaseRecord = { ...rest, stage: 'referring', version: expected.version + 1, updatedAt: now.toISOString() };
    const create = (Item: Record<string, unknown>) => ({ Put: { TableName: this.tableName, Item, ConditionExpression: 'attribute_not_exists(pk)' } });
    try {
      await this.documents.send(
        new TransactWriteCommand({
          TransactItems: [
            this.casePut(record, expected.version),
            ...referrals.map((r) => create({ ...tableKeys.referral(r.referralId, r.caseId), type: 'referral', ...r })),
            ...consents.map((c) => create({ ...tableKeys.consent(c.caseId, c.consentId), type: 'consent', ...c })),
            this.eventPut(record, event),
          ],
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new VersionConflict(`case ${expected.caseId} changed meanwhile`);
      throw error;
    }
    return record;
  }

  async closeCase(expected: CaseRecord, changes: CaseChanges, event: CaseEvent, now: Date): Promise<CaseRecord> {
    const record = this.next(expected, changes, now);
    const manager = expected.caseManagerId;
    const staffKey = manager === undefined ? undefined : tableKeys.staff(manager, 'casemanager', expected.providerId);
    // The retention period covers everything personal of the case: the client, the consents, the referrals.
    const { pk, skPrefix } = tableKeys.consentsPrefix(expected.caseId);
    const consents = await this.queryPartition(pk, skPrefix);
    const referrals = await this.queryIndex('gsi2', tableKeys.referralsOfCase(expected.caseId).gsi2pk);
    const expire = (key: ItemKey) => ({
      Update: {
        TableName: this.tableName,
        Key: key,
        UpdateExpression: 'SET expiresAt = :expiresAt',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':expiresAt': record.expiresAt },
      },
    });
    const personal = [
      tableKeys.client(expected.caseId),
      ...consents.map((c) => ({ pk: String(c.pk), sk: String(c.sk) })),
      ...referrals.map((r) => tableKeys.referralKey(String(r.referralId))),
    ];
    try {
      await this.documents.send(
        new TransactWriteCommand({
          TransactItems: [
            this.casePut(record, expected.version),
            ...(staffKey === undefined
              ? []
              : [
                  {
                    Update: {
                      TableName: this.tableName,
                      Key: { pk: staffKey.pk, sk: staffKey.sk },
                      UpdateExpression: 'SET openCases = openCases - :one',
                      ConditionExpression: 'openCases >= :one',
                      ExpressionAttributeValues: { ':one': 1 },
                    },
                  },
                ]),
            this.eventPut(record, event),
            ...(record.expiresAt === undefined ? [] : personal.map(expire)),
          ],
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new VersionConflict(`case ${expected.caseId} changed meanwhile`);
      throw error;
    }
    return record;
  }
}

export class DynamoReferralRepository implements ReferralRepository {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getReferral(referralId: string): Promise<ReferralRecord | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: tableKeys.referralKey(referralId), ConsistentRead: true }));
    return Item === undefined ? undefined : referralRecordOf(Item);
  }

  async listReferrals(caseId: string): Promise<ReferralRecord[]> {
    const items = await queryAll(this.documents, {
      TableName: this.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': tableKeys.referralsOfCase(caseId).gsi2pk },
    });
    // The index is eventually consistent; the item itself is the truth for each referral.
    const found = await Promise.all(items.map((item) => this.getReferral(String(item.referralId))));
    return found.filter((r): r is ReferralRecord => r !== undefined);
  }

  async updateReferral(expected: ReferralRecord, changes: ReferralChanges, event: CaseEvent | undefined, now: Date, gapReport?: GapReport): Promise<ReferralRecord> {
    const record: ReferralRecord = { ...expected, ...changes, version: expected.version + 1, updatedAt: now.toISOString() };
    const items: TransactItems = [
      {
        Put: {
          TableName: this.tableName,
          Item: { ...tableKeys.referral(record.referralId, record.caseId), type: 'referral', ...record },
          ConditionExpression: 'version = :version',
          ExpressionAttributeValues: { ':version': expected.version },
        },
      },
    ];
    if (event !== undefined) items.push(eventPut(this.tableName, record.caseId, record.updatedAt, versioned(`${record.referralId}-`, record.version), event));
    if (gapReport !== undefined) items.push(gapReportPut(this.tableName, gapReport));
    try {
      await writeAll(this.documents, items);
    } catch (error) {
      if (isConditionFailure(error)) throw new VersionConflict(`referral ${expected.referralId} changed meanwhile`);
      throw error;
    }
    return record;
  }

  async updateConsent(expected: ConsentRecord, changes: Partial<Pick<ConsentRecord, 'revokedAt'>>, event: CaseEvent, now: Date): Promise<ConsentRecord> {
    const record: ConsentRecord = { ...expected, ...changes, version: expected.version + 1 };
    const at = now.toISOString();
    try {
      await this.documents.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { ...tableKeys.consent(record.caseId, record.consentId), type: 'consent', ...record },
                ConditionExpression: 'version = :version',
                ExpressionAttributeValues: { ':version': expected.version },
              },
            },
            eventPut(this.tableName, record.caseId, at, versioned(`${record.consentId}-`, record.version), event),
          ],
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new VersionConflict(`consent ${expected.consentId} changed meanwhile`);
      throw error;
    }
    return record;
  }
}

function referralRecordOf(item: Record<string, unknown>): ReferralRecord {
  const { pk: _pk, sk: _sk, gsi2pk: _g2, gsi2sk: _g2s, type: _type, ...record } = item;
  return record as unknown as ReferralRecord;
}
