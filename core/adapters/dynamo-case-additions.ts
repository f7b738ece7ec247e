/**
 * CaseRepository.recordAddition on the single table (beside dynamo-case-repository.ts, which it would push past its
 * size): a consent or referral added after the assessment, the held referrals it releases, the case and the history,
 * all in one transaction — so of several additions made at once on the same case version exactly one is saved.
 */
import type { CaseRecord } from '../cases/case.ts';
import { VersionConflict, type CaseAddition, type CaseChanges } from '../cases/ports.ts';
import type { ReferralRecord } from '../cases/referral.ts';
import { writeCaseChange, type CountedTable } from './case-derived-writes.ts';
import { isConditionFailure, isTransactionConflict, type TransactItems } from './conditional-writes.ts';
import { toCaseItem } from './items/case-item.ts';
import { toConsentItem } from './items/consent-item.ts';
import { toReferralItem } from './items/referral-item.ts';
import type { DynamoItem } from './items/table-attributes.ts';
import { eventPut, versioned, versionedPut } from './shared-writes.ts';

export async function recordCaseAddition(
  table: CountedTable,
  expected: CaseRecord,
  changes: CaseChanges,
  addition: CaseAddition,
  now: Date,
): Promise<CaseRecord> {
  const { tableName } = table;
  const at = now.toISOString();
  const record: CaseRecord = { ...expected, ...changes, version: expected.version + 1, updatedAt: at };
  // A new referral's id comes from the referrals read before: one taken meanwhile fails the transaction.
  const create = (Item: DynamoItem) => ({ Put: { TableName: tableName, Item, ConditionExpression: 'attribute_not_exists(pk)' } });
  const referralEvent = (referral: ReferralRecord, event: CaseAddition['event']) =>
    eventPut(tableName, referral.caseId, at, versioned(`${referral.referralId}-`, referral.version), event);
  const released = addition.releases.map((release) => ({
    before: release.expected,
    after: { ...release.expected, ...release.changes, version: release.expected.version + 1, updatedAt: at },
    event: release.event,
  }));
  const items: TransactItems = [
    versionedPut(tableName, toCaseItem(record), expected.version),
    eventPut(tableName, record.caseId, at, versioned('', record.version), addition.event),
    ...(addition.consent === undefined ? [] : [create(toConsentItem(addition.consent))]),
    ...(addition.referral === undefined ? [] : [create(toReferralItem(addition.referral))]),
    ...released.flatMap(({ before, after, event }) => [versionedPut(tableName, toReferralItem(after), before.version), referralEvent(after, event)]),
  ];
  const referrals = [...(addition.referral === undefined ? [] : [{ after: addition.referral }]), ...released.map(({ before, after }) => ({ before, after }))];
  try {
    await writeCaseChange(table, items, { caseId: record.caseId, case: { before: expected, after: record }, referrals });
  } catch (error) {
    if (isConditionFailure(error) || isTransactionConflict(error)) throw new VersionConflict(`case ${expected.caseId} or one of its referrals changed meanwhile`);
    throw error;
  }
  return record;
}
