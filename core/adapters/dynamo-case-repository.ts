/**
 * The case repository on the single table (referrals and consents: dynamo-referral-repository.ts). Key shapes come
 * from table-keys.ts only, item shapes from the mappers in items/.
 */
import type { KpiCalendar } from '../reports/kpi-calendar.ts';
import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CaseRecord, ClientRecord } from '../cases/case.ts';
import type { ConsentRecord, ReferralRecord } from '../cases/referral.ts';
import type { GapReport } from '../cases/gap-report.ts';
import type { CountIncrement } from '../counselling/record-counts.ts';
import {
  IdempotencyConflict,
  VersionConflict,
  type CaseAddition,
  type CaseChanges,
  type CaseEvent,
  type CaseManagerLoad,
  type CaseManagerStaff,
  type CaseRepository,
  type ClientCorrectionWrite,
  type CreatedCase,
  type GoalEvaluation,
  type PersonMarker,
} from '../cases/ports.ts';
import { personKey } from '../cases/person-key.ts';
import { counterAdd, eventPut, gapReportPuts, versioned, versionedPut } from './shared-writes.ts';
import { recordCaseAddition } from './dynamo-case-additions.ts';
import { writeCaseChange, type CountedTable } from './case-derived-writes.ts';
import { isConditionFailure, type TransactItems } from './conditional-writes.ts';
import { toGoalItem } from './items/case-record-items.ts';
import { handOverTransaction, listAllCaseManagers } from './dynamo-hand-over.ts';
import { correctClientTransaction } from './dynamo-client-correction.ts';
import { fromCaseEventItem } from './items/case-event-item.ts';
import { fromCaseItem, toCaseItem } from './items/case-item.ts';
import { fromClientItem, toClientItem } from './items/client-item.ts';
import { fromConsentItem, toConsentItem } from './items/consent-item.ts';
import { fromIdempotencyItem, toIdempotencyItem } from './items/idempotency-item.ts';
import { fromPersonMarkerItem, toPersonMarkerItem } from './items/person-marker-item.ts';
import { fromReferralItem, toReferralItem } from './items/referral-item.ts';
import { caseManagerFromStaffItem } from './items/staff-item.ts';
import type { DynamoItem } from './items/table-attributes.ts';
import { tableKeys, type ItemKey } from './table-keys.ts';
import { queryAll, queryPrefix } from './query-all.ts';
import type { CaseList, CaseListPage, CaseListRequest, CaseListRow } from '../cases/case-list.ts';
import { countCaseList, readCaseListPage, readCaseListRows } from './dynamo-case-list.ts';
import type { QuietCasesPage, QuietCasesRequest } from '../cases/quiet-cases.ts';
import { readQuietCases } from './case-activity-entries.ts';

/** The fields a waiting step writes: keeping them is not a change of the case. */
const TASK_TOKEN_FIELDS: ReadonlySet<string> = new Set(['assessmentTaskToken', 'closureTaskToken']);

export class DynamoCaseRepository implements CaseRepository {
  /** `calendar`: the district's, whose days and working days the KPI counters are kept by (case-derived-writes.ts). */
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly calendar: KpiCalendar,
  ) {}

  private get table(): CountedTable {
    return { documents: this.documents, tableName: this.tableName, calendar: this.calendar };
  }

  async createCase({ case: record, client, idempotency }: Parameters<CaseRepository['createCase']>[0]): Promise<CreatedCase> {
    try {
      await writeCaseChange(
        this.table,
        [
          {
            Put: {
              TableName: this.tableName,
              Item: toIdempotencyItem({ ...idempotency, caseId: record.caseId, createdAt: record.createdAt }),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          { Put: { TableName: this.tableName, Item: toCaseItem(record), ConditionExpression: 'attribute_not_exists(pk)' } },
          { Put: { TableName: this.tableName, Item: toClientItem(client), ConditionExpression: 'attribute_not_exists(pk)' } },
          {
            Put: {
              TableName: this.tableName,
              Item: toPersonMarkerItem({ caseId: record.caseId, createdAt: record.createdAt, intakeKeyHash: idempotency.keyHash, personKey: personKey(client.familyName, client.dateOfBirth) }),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          eventPut(this.tableName, record.caseId, record.createdAt, versioned('', 1), { kind: 'intake-received', actor: record.intakeBy }),
        ],
        { caseId: record.caseId, case: { after: record } },
      );
      return { caseId: record.caseId, stage: record.stage, generation: record.generation, created: true };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      return this.replay(idempotency.keyHash, idempotency.requestHash, error);
    }
  }

  /** The transaction lost against an earlier (or concurrent) submission with the same key: answer with its case. */
  private async replay(keyHash: string, requestHash: string, cause: TransactionCanceledException): Promise<CreatedCase> {
    const previous = await this.getItem(tableKeys.idempotency(keyHash));
    // Not an idempotency clash (e.g. a case id collision or a conflict on another item): let the caller retry.
    if (previous === undefined) throw cause;
    const { caseId, requestHash: previousHash } = fromIdempotencyItem(previous);
    if (previousHash !== requestHash) throw new IdempotencyConflict('idempotency key reused for a different request');
    const existing = await this.getCase(caseId);
    if (existing === undefined) throw cause;
    return { caseId, stage: existing.stage, generation: existing.generation, created: false };
  }

  private async getItem(key: ItemKey): Promise<DynamoItem | undefined> {
    return (await this.documents.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }))).Item;
  }

  async getCase(caseId: string): Promise<CaseRecord | undefined> {
    const item = await this.getItem(tableKeys.case(caseId));
    return item === undefined ? undefined : fromCaseItem(item);
  }

  private next(expected: CaseRecord, changes: CaseChanges, now: Date): CaseRecord {
    // A new task token is the workflow waiting again (AwaitClosure daily), not a change: `updatedAt` stays, as the
    // case's last activity ("Ruhende Fälle", core/casework/inactive-cases.ts) must not be renewed by waiting.
    const changed = Object.entries(changes).filter(([name, value]) => expected[name as keyof CaseRecord] !== value);
    const waitingOnly = changed.length > 0 && changed.every(([name]) => TASK_TOKEN_FIELDS.has(name));
    return { ...expected, ...changes, version: expected.version + 1, updatedAt: waitingOnly ? expected.updatedAt : now.toISOString() };
  }

  // Events are keyed by the case version they belong to, so two steps can never write the same event key.
  private eventPut(record: CaseRecord, event: CaseEvent) {
    return eventPut(this.tableName, record.caseId, record.updatedAt, versioned('', record.version), event);
  }

  private casePut(record: CaseRecord, expectedVersion: number) {
    return versionedPut(this.tableName, toCaseItem(record), expectedVersion);
  }

  async updateCase(expected: CaseRecord, changes: CaseChanges, event: CaseEvent | undefined, now: Date, gapReport?: GapReport): Promise<CaseRecord> {
    const record = this.next(expected, changes, now);
    const items = [
      this.casePut(record, expected.version),
      ...(event === undefined ? [] : [this.eventPut(record, event)]),
      ...(gapReport === undefined ? [] : gapReportPuts(this.tableName, gapReport)),
    ];
    try {
      await writeCaseChange(this.table, items, { caseId: record.caseId, case: { before: expected, after: record } });
    } catch (error) {
      if (isConditionFailure(error)) throw new VersionConflict(`case ${expected.caseId} changed meanwhile`);
      throw error;
    }
    return record;
  }

  async keepTaskToken(caseId: string, field: 'assessmentTaskToken' | 'closureTaskToken', taskToken: string, stage: CaseRecord['stage']): Promise<boolean> {
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: tableKeys.case(caseId),
          // Not `updatedAt`: waiting is not activity (see next()).
          UpdateExpression: 'SET #token = :token, version = version + :one',
          ConditionExpression: 'attribute_exists(pk) AND stage = :stage',
          ExpressionAttributeNames: { '#token': field },
          ExpressionAttributeValues: { ':token': taskToken, ':one': 1, ':stage': stage },
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
    try {
      await writeCaseChange(
        this.table,
        [
          this.casePut(record, expected.version),
          {
            Update: {
              TableName: this.tableName,
              Key: tableKeys.staffKey(manager.staffId),
              UpdateExpression: 'SET openCases = :next',
              // The caseload must still be the one the choice was made on: exact counts under concurrency.
              ConditionExpression: 'attribute_exists(pk) AND (openCases = :seen OR (attribute_not_exists(openCases) AND :seen = :zero))',
              ExpressionAttributeValues: { ':next': manager.openCases + 1, ':seen': manager.openCases, ':zero': 0 },
            },
          },
          this.eventPut(record, event),
        ],
        { caseId: record.caseId, case: { before: expected, after: record } },
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new VersionConflict(`case ${expected.caseId} or caseload of ${manager.staffId} changed meanwhile`);
      throw error;
    }
    return record;
  }

  async listCaseManagers(providerIds: readonly string[]): Promise<CaseManagerLoad[]> {
    const items = await Promise.all(
      providerIds.map((providerId) => {
        const { gsi2pk, gsi2skPrefix } = tableKeys.caseManagersOfProvider(providerId);
        return queryAll(this.documents, {
          TableName: this.tableName,
          IndexName: 'gsi2',
          KeyConditionExpression: 'gsi2pk = :pk AND begins_with(gsi2sk, :prefix)',
          ExpressionAttributeValues: { ':pk': gsi2pk, ':prefix': gsi2skPrefix },
        });
      }),
    );
    return items.flat().flatMap((item) => caseManagerFromStaffItem(item) ?? []);
  }

  async getCaseManager(staffId: string): Promise<CaseManagerLoad | undefined> {
    const item = await this.getItem(tableKeys.staffKey(staffId));
    return item === undefined ? undefined : caseManagerFromStaffItem(item);
  }

  async getClient(caseId: string): Promise<ClientRecord | undefined> {
    const item = await this.getItem(tableKeys.client(caseId));
    return item === undefined ? undefined : fromClientItem(item);
  }

  private queryPartition(pk: string, skPrefix: string): Promise<DynamoItem[]> {
    return queryPrefix(this.documents, this.tableName, pk, skPrefix);
  }

  private queryIndex(indexName: 'gsi1' | 'gsi2', partition: string): Promise<DynamoItem[]> {
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
    return (await this.queryPartition(pk, skPrefix)).map(fromConsentItem);
  }

  async listEvents(caseId: string): Promise<(CaseEvent & { at: string })[]> {
    const { pk, skPrefix } = tableKeys.caseEventsPrefix(caseId);
    return (await this.queryPartition(pk, skPrefix)).map(fromCaseEventItem);
  }

  async appendEvent(caseId: string, event: CaseEvent, now: Date): Promise<void> {
    await this.documents.send(new TransactWriteCommand({ TransactItems: [eventPut(this.tableName, caseId, now.toISOString(), `a-${randomUUID()}`, event)] }));
  }

  recordAddition(expected: CaseRecord, changes: CaseChanges, addition: CaseAddition, now: Date): Promise<CaseRecord> {
    return recordCaseAddition(this.table, expected, changes, addition, now);
  }

  async handOverCase(expected: CaseRecord, manager: CaseManagerLoad, changes: CaseChanges, event: CaseEvent, now: Date): Promise<CaseRecord> {
    const record = this.next(expected, { ...changes, caseManagerId: manager.staffId, providerId: manager.providerId }, now);
    await handOverTransaction(this.table, expected, record, manager, event);
    return record;
  }

  async correctClient(expected: CaseRecord, correction: ClientCorrectionWrite, event: CaseEvent, now: Date): Promise<CaseRecord> {
    const record = this.next(expected, {}, now);
    await correctClientTransaction(this.table, correction.caseBefore, record, correction, event);
    return record;
  }

  listAllCaseManagers(): Promise<CaseManagerStaff[]> {
    return listAllCaseManagers(this.documents, this.tableName);
  }

  async listCasesInStage(stage: CaseRecord['stage']): Promise<CaseRecord[]> {
    return (await this.queryIndex('gsi1', tableKeys.casesInStage(stage).gsi1pk)).map(fromCaseItem);
  }

  listCasePage(request: CaseListRequest): Promise<CaseListPage> {
    return readCaseListPage(this.documents, this.tableName, request);
  }

  listCaseRows(list: CaseList, stages: readonly CaseRecord['stage'][]): Promise<CaseListRow[]> {
    return readCaseListRows(this.documents, this.tableName, list, stages);
  }

  listQuietCases(request: QuietCasesRequest): Promise<QuietCasesPage> {
    return readQuietCases(this.documents, this.tableName, request);
  }

  countCases(list: CaseList, stage: CaseRecord['stage'] | undefined, now: Date): Promise<number> {
    return countCaseList(this.documents, this.tableName, list, stage, now);
  }

  async listCasesOfCaseManager(staffId: string): Promise<CaseRecord[]> {
    return (await this.queryIndex('gsi2', tableKeys.casesOfCaseManager(staffId).gsi2pk)).map(fromCaseItem);
  }

  async listPersonMarkers(key: string): Promise<PersonMarker[]> {
    return (await this.queryIndex('gsi1', tableKeys.casesOfPerson(key).gsi1pk)).map(fromPersonMarkerItem);
  }

  async recordAssessment(expected: CaseRecord, referrals: readonly ReferralRecord[], consents: readonly ConsentRecord[], event: CaseEvent, now: Date): Promise<CaseRecord> {
    const { assessmentTaskToken: _token, ...rest } = expected;
    const record: CaseRecord = { ...rest, stage: 'referring', version: expected.version + 1, updatedAt: now.toISOString() };
    const create = (Item: DynamoItem) => ({ Put: { TableName: this.tableName, Item, ConditionExpression: 'attribute_not_exists(pk)' } });
    try {
      await writeCaseChange(
        this.table,
        [
          this.casePut(record, expected.version),
          ...referrals.map((r) => create(toReferralItem(r))),
          ...consents.map((c) => create(toConsentItem(c))),
          this.eventPut(record, event),
        ],
        { caseId: record.caseId, case: { before: expected, after: record }, referrals: referrals.map((after) => ({ after })) },
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new VersionConflict(`case ${expected.caseId} changed meanwhile`);
      throw error;
    }
    return record;
  }

  async closeCase(expected: CaseRecord, changes: CaseChanges, event: CaseEvent, now: Date, evaluation: readonly GoalEvaluation[] = [], counts: readonly CountIncrement[] = []): Promise<CaseRecord> {
    const goals = evaluation.map(({ expected: goal, status }) =>
      versionedPut(this.tableName, toGoalItem({ ...goal, status, version: goal.version + 1, updatedAt: now.toISOString() }), goal.version),
    );
    const caseload = { UpdateExpression: 'SET openCases = openCases - :one', ConditionExpression: 'openCases >= :one', ExpressionAttributeValues: { ':one': 1 } };
    return this.changeRetention(expected, changes, event, now, caseload, [...goals, ...counts.map((count) => counterAdd(this.tableName, count))]);
  }

  async reopenCase(expected: CaseRecord, changes: CaseChanges, event: CaseEvent, now: Date): Promise<CaseRecord> {
    // Back into the caseload of a case manager who is still there: one who left never owns an open case.
    return this.changeRetention(expected, changes, event, now, {
      UpdateExpression: 'SET openCases = if_not_exists(openCases, :zero) + :one',
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(disabledAt)',
      ExpressionAttributeValues: { ':zero': 0, ':one': 1 },
    });
  }

  /**
   * Closing and reopening, in one transaction: the case, its case manager's caseload, the history event, and the
   * retention period of everything personal of the case — the client, its person marker, the consents, the referrals — set to the
   * case's `expiresAt`, or removed when the case has none (reopened).
   */
  private async changeRetention(
    expected: CaseRecord,
    changes: CaseChanges,
    event: CaseEvent,
    now: Date,
    caseload: { readonly UpdateExpression: string; readonly ConditionExpression: string; readonly ExpressionAttributeValues: Record<string, number> },
    also: TransactItems = [],
  ): Promise<CaseRecord> {
    const record = this.next(expected, changes, now);
    const manager = expected.caseManagerId;
    const consents = await this.listConsents(expected.caseId);
    const referrals = (await this.queryIndex('gsi2', tableKeys.referralsOfCase(expected.caseId).gsi2pk)).map(fromReferralItem);
    // Cases from before the person marker have none; their transaction must not fail on its condition.
    const marker = await this.getItem(tableKeys.personMarkerKey(expected.caseId));
    const retention = (key: ItemKey) => ({
      Update: {
        TableName: this.tableName,
        Key: key,
        ConditionExpression: 'attribute_exists(pk)',
        ...(record.expiresAt === undefined
          ? { UpdateExpression: 'REMOVE expiresAt' }
          : { UpdateExpression: 'SET expiresAt = :expiresAt', ExpressionAttributeValues: { ':expiresAt': record.expiresAt } }),
      },
    });
    const personal = [
      tableKeys.client(expected.caseId),
      ...(marker === undefined ? [] : [tableKeys.personMarkerKey(expected.caseId)]),
      ...consents.map((c) => tableKeys.consent(c.caseId, c.consentId)),
      ...referrals.map((r) => tableKeys.referralKey(r.referralId)),
    ];
    try {
      await writeCaseChange(
        this.table,
        [
          this.casePut(record, expected.version),
          ...(manager === undefined ? [] : [{ Update: { TableName: this.tableName, Key: tableKeys.staffKey(manager), ...caseload } }]),
          this.eventPut(record, event),
          ...personal.map(retention),
          ...also,
        ],
        { caseId: record.caseId, case: { before: expected, after: record } },
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new VersionConflict(`case ${expected.caseId} changed meanwhile`);
      throw error;
    }
    return record;
  }
}
