/**
 * The referral repository on the single table: referrals, and the consents they rest on. Key shapes come from
 * table-keys.ts only, item shapes from the mappers in items/.
 */
import type { KpiCalendar } from '../reports/kpi-calendar.ts';
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { nextReferralIndex, referralIdOf, type ConsentRecord, type ReferralRecord } from '../cases/referral.ts';
import type { GapReport } from '../cases/gap-report.ts';
import { VersionConflict, type CaseEvent, type ReferralChanges, type ReferralRepository, type ReferralStop } from '../cases/ports.ts';
import { eventPut, gapReportPuts, versioned, versionedPut } from './shared-writes.ts';
import { writeCaseChange, type CaseChange } from './case-derived-writes.ts';
import { isConditionFailure, isTransactionConflict, type TransactItems } from './conditional-writes.ts';
import { toConsentItem } from './items/consent-item.ts';
import { fromReferralItem, toReferralItem } from './items/referral-item.ts';
import { tableKeys } from './table-keys.ts';
import { queryAll } from './query-all.ts';

export class DynamoReferralRepository implements ReferralRepository {
  /** `calendar`: the district's, whose days and working days the KPI counters are kept by (case-derived-writes.ts). */
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly calendar: KpiCalendar,
  ) {}

  async getReferral(referralId: string): Promise<ReferralRecord | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: tableKeys.referralKey(referralId), ConsistentRead: true }));
    return Item === undefined ? undefined : fromReferralItem(Item);
  }

  async listReferrals(caseId: string): Promise<ReferralRecord[]> {
    const items = await queryAll(this.documents, {
      TableName: this.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': tableKeys.referralsOfCase(caseId).gsi2pk },
    });
    // The index is eventually consistent; the item itself is the truth for each referral.
    const found = (await Promise.all(items.map((item) => this.getReferral(fromReferralItem(item).referralId)))).filter((r): r is ReferralRecord => r !== undefined);
    // Ids count up per case: one created a moment ago (a referral added after the assessment, whose new execution lists
    // the open referrals at once) that the index does not show yet is found by asking for the next ids.
    for (let index = nextReferralIndex(found); ; index += 1) {
      const next = await this.getReferral(referralIdOf(caseId, index));
      if (next === undefined) return found;
      found.push(next);
    }
  }

  private next(expected: ReferralRecord, changes: ReferralChanges, now: Date): ReferralRecord {
    return { ...expected, ...changes, version: expected.version + 1, updatedAt: now.toISOString() };
  }

  private referralPut(record: ReferralRecord, expectedVersion: number) {
    return versionedPut(this.tableName, toReferralItem(record), expectedVersion);
  }

  // A referral's events are keyed by its id and version, so two steps can never write the same event key.
  private referralEventPut(record: ReferralRecord, event: CaseEvent) {
    return eventPut(this.tableName, record.caseId, record.updatedAt, versioned(`${record.referralId}-`, record.version), event);
  }

  private async write(items: TransactItems, what: string, change: CaseChange): Promise<void> {
    try {
      await writeCaseChange({ documents: this.documents, tableName: this.tableName, calendar: this.calendar }, items, change);
    } catch (error) {
      // A send's claim and a revocation write the same items at the same moment: DynamoDB cancels one transaction
      // with TransactionConflict. For the caller that is the same as a changed version: read again, decide again.
      if (isConditionFailure(error) || isTransactionConflict(error)) throw new VersionConflict(`${what} changed meanwhile`);
      throw error;
    }
  }

  async updateReferral(expected: ReferralRecord, changes: ReferralChanges, event: CaseEvent | undefined, now: Date, gapReport?: GapReport): Promise<ReferralRecord> {
    const record = this.next(expected, changes, now);
    const items: TransactItems = [this.referralPut(record, expected.version)];
    if (event !== undefined) items.push(this.referralEventPut(record, event));
    if (gapReport !== undefined) items.push(...gapReportPuts(this.tableName, gapReport));
    await this.write(items, `referral ${expected.referralId}`, { caseId: record.caseId, referrals: [{ before: expected, after: record }] });
    return record;
  }

  async claimSend(expected: ReferralRecord, consent: ConsentRecord, now: Date): Promise<ReferralRecord> {
    const record = this.next(expected, { sendClaimedAt: now.toISOString() }, now);
    await this.write(
      [
        this.referralPut(record, expected.version),
        {
          ConditionCheck: {
            TableName: this.tableName,
            Key: tableKeys.consent(consent.caseId, consent.consentId),
            ConditionExpression: 'version = :version AND attribute_not_exists(revokedAt)',
            ExpressionAttributeValues: { ':version': consent.version },
          },
        },
      ],
      `referral ${expected.referralId} or consent ${consent.consentId}`,
      { caseId: record.caseId, referrals: [{ before: expected, after: record }] },
    );
    return record;
  }

  async revokeConsent(
    expected: ConsentRecord,
    changes: Pick<ConsentRecord, 'revokedAt' | 'stoppedReferralIds'>,
    event: CaseEvent,
    stops: readonly ReferralStop[],
    now: Date,
  ): Promise<ConsentRecord> {
    const record: ConsentRecord = { ...expected, ...changes, version: expected.version + 1 };
    const stopped = stops.map((stop) => ({ before: stop.expected, after: this.next(stop.expected, stop.changes, now), event: stop.event }));
    await this.write(
      [
        versionedPut(this.tableName, toConsentItem(record), expected.version),
        eventPut(this.tableName, record.caseId, now.toISOString(), versioned(`${record.consentId}-`, record.version), event),
        ...stopped.flatMap(({ before, after, event: stopEvent }) => [this.referralPut(after, before.version), this.referralEventPut(after, stopEvent)]),
      ],
      `consent ${expected.consentId} or a referral resting on it`,
      { caseId: record.caseId, referrals: stopped },
    );
    return record;
  }
}
