/**
 * The erasure (Art. 17, core/privacy/erase-ports.ts) on the single table: the tombstone transaction, then the case's
 * partition emptied but for the case item and its history, and the history's free text removed.
 */
import type { KpiCalendar } from '../reports/kpi-calendar.ts';
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { writeCaseChange } from './case-derived-writes.ts';
import type { CaseRecord } from '../cases/case.ts';
import { VersionConflict, type CaseEvent } from '../cases/ports.ts';
import type { ErasureStore, ReferralErasure } from '../privacy/erase-ports.ts';
import { isConditionFailure, isTransactionConflict } from './conditional-writes.ts';
import { fromCaseEventItem } from './items/case-event-item.ts';
import { toCaseItem } from './items/case-item.ts';
import { fromPersonMarkerItem } from './items/person-marker-item.ts';
import { toReferralItem } from './items/referral-item.ts';
import type { DynamoItem } from './items/table-attributes.ts';
import { batchWrite } from './batch-writes.ts';
import { queryAll, queryPrefix } from './query-all.ts';
import { eventPut, versioned, versionedPut } from './shared-writes.ts';
import { tableKeys, type ItemKey } from './table-keys.ts';

/** Unprocessed items of a batch (throttling) are sent again, a few times, before the step fails and is retried. */
const BATCH_ATTEMPTS = 5;

export class DynamoErasure implements ErasureStore {
  /** `calendar`: the district's, whose days and working days the KPI counters are kept by (the tombstone still counts). */
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly calendar: KpiCalendar,
  ) {}

  async eraseCase(expected: CaseRecord, tombstone: CaseRecord, releaseCaseload: boolean, referrals: readonly ReferralErasure[], event: CaseEvent, now: Date): Promise<CaseRecord> {
    const record: CaseRecord = { ...tombstone, version: expected.version + 1, updatedAt: now.toISOString() };
    const { pk, skPrefix } = tableKeys.consentsPrefix(expected.caseId);
    const [consents, marker] = await Promise.all([queryPrefix(this.documents, this.tableName, pk, skPrefix), this.getItem(tableKeys.personMarkerKey(expected.caseId))]);
    const intakeKeyHash = marker === undefined ? undefined : fromPersonMarkerItem(marker).intakeKeyHash;
    const deletions: ItemKey[] = [
      tableKeys.client(expected.caseId),
      tableKeys.personMarkerKey(expected.caseId),
      // The intake's replay marker holds a hash of the whole intake (the person's data): a hash, but one that confirms a guess.
      ...(intakeKeyHash === undefined ? [] : [tableKeys.idempotency(intakeKeyHash)]),
      ...consents.map((item) => ({ pk: String(item.pk), sk: String(item.sk) })),
    ];
    const scrubbed = referrals.map(({ expected: seen, erased }) => ({ before: seen, after: { ...erased, version: seen.version + 1, updatedAt: record.updatedAt } }));
    try {
      await writeCaseChange(
        { documents: this.documents, tableName: this.tableName, calendar: this.calendar },
        [
          versionedPut(this.tableName, toCaseItem(record), expected.version),
          ...(releaseCaseload && expected.caseManagerId !== undefined
            ? [
                {
                  Update: {
                    TableName: this.tableName,
                    Key: tableKeys.staffKey(expected.caseManagerId),
                    UpdateExpression: 'SET openCases = openCases - :one',
                    ConditionExpression: 'openCases >= :one',
                    ExpressionAttributeValues: { ':one': 1 },
                  },
                },
              ]
            : []),
          eventPut(this.tableName, record.caseId, record.updatedAt, versioned('', record.version), event),
          ...scrubbed.map(({ before, after }) => versionedPut(this.tableName, { ...toReferralItem(after), expiresAt: record.expiresAt }, before.version)),
          ...deletions.map((Key) => ({ Delete: { TableName: this.tableName, Key } })),
        ],
        { caseId: record.caseId, case: { before: expected, after: record }, referrals: scrubbed },
      );
    } catch (error) {
      if (isConditionFailure(error) || isTransactionConflict(error)) throw new VersionConflict(`case ${expected.caseId} or one of its referrals changed meanwhile`);
      throw error;
    }
    return record;
  }

  async deleteCaseData(caseId: string): Promise<number> {
    const items = await queryAll(this.documents, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': tableKeys.case(caseId).pk },
      ProjectionExpression: 'pk, sk',
      ConsistentRead: true,
    });
    const events = tableKeys.caseEventsPrefix(caseId).skPrefix;
    // The case item, its history and its KPI facts stay: they carry no personal data (the facts: codes and instants).
    const kept = new Set([tableKeys.case(caseId).sk, tableKeys.kpiFacts(caseId).sk]);
    const doomed = items.filter((item) => !kept.has(String(item.sk)) && !String(item.sk).startsWith(events));
    await batchWrite(this.documents, this.tableName, doomed.map((item) => ({ DeleteRequest: { Key: { pk: item.pk, sk: item.sk } } })), {
      attempts: BATCH_ATTEMPTS,
      failure: (left) => new VersionConflict(`${String(left)} items of the case still to delete`),
    });
    return doomed.length;
  }

  async scrubEvents(caseId: string, scrub: (event: CaseEvent) => CaseEvent['details'] | undefined): Promise<number> {
    const { pk, skPrefix } = tableKeys.caseEventsPrefix(caseId);
    let changed = 0;
    for (const item of await queryPrefix(this.documents, this.tableName, pk, skPrefix)) {
      const details = scrub(fromCaseEventItem(item));
      if (details === undefined) continue;
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: item.pk, sk: item.sk },
          UpdateExpression: 'SET details = :details',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':details': details },
        }),
      );
      changed += 1;
    }
    return changed;
  }

  private async getItem(key: ItemKey): Promise<DynamoItem | undefined> {
    return (await this.documents.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }))).Item;
  }
}
