/**
 * The hand-over's writes on the single table (CaseRepository.handOverCase, listAllCaseManagers), apart from
 * dynamo-case-repository.ts to keep that file to one screenful of concerns. Keys from table-keys.ts only.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { writeCaseChange, type CountedTable } from './case-derived-writes.ts';
import type { CaseRecord } from '../cases/case.ts';
import { VersionConflict, type CaseEvent, type CaseManagerLoad, type CaseManagerStaff } from '../cases/ports.ts';
import { isConditionFailure, isTransactionConflict } from './conditional-writes.ts';
import { toCaseItem } from './items/case-item.ts';
import { fromStaffItem } from './items/staff-item.ts';
import { queryAll } from './query-all.ts';
import { eventPut, versioned, versionedPut } from './shared-writes.ts';
import { tableKeys } from './table-keys.ts';

/**
 * One transaction: the case (already carrying the new case manager) at the version that was read, the previous
 * case manager's caseload down by one, the new one's up by one — only while that person is active and their caseload
 * is still the one the choice saw, exactly as the assignment counts — and the history event. A concurrent hand-over,
 * assignment or workflow step makes it fail whole (VersionConflict), so the counters never drift.
 */
export async function handOverTransaction(
  table: CountedTable,
  previous: CaseRecord,
  record: CaseRecord,
  manager: CaseManagerLoad,
  event: CaseEvent,
): Promise<void> {
  const { tableName } = table;
  const from = previous.caseManagerId;
  if (from === undefined || from === manager.staffId) throw new Error(`case ${previous.caseId}: nothing to hand over`);
  try {
    await writeCaseChange(
      table,
      [
        versionedPut(tableName, toCaseItem(record), previous.version),
        {
          Update: {
            TableName: tableName,
            Key: tableKeys.staffKey(from),
            // Also when that person has left: their count must come down with the case.
            UpdateExpression: 'SET openCases = openCases - :one',
            ConditionExpression: 'openCases >= :one',
            ExpressionAttributeValues: { ':one': 1 },
          },
        },
        {
          Update: {
            TableName: tableName,
            Key: tableKeys.staffKey(manager.staffId),
            UpdateExpression: 'SET openCases = :next',
            ConditionExpression:
              'attribute_exists(pk) AND attribute_not_exists(disabledAt) AND (openCases = :seen OR (attribute_not_exists(openCases) AND :seen = :zero))',
            ExpressionAttributeValues: { ':next': manager.openCases + 1, ':seen': manager.openCases, ':zero': 0 },
          },
        },
        eventPut(tableName, record.caseId, record.updatedAt, versioned('', record.version), event),
      ],
      { caseId: record.caseId, case: { before: previous, after: record } },
    );
  } catch (error) {
    if (isConditionFailure(error) || isTransactionConflict(error)) throw new VersionConflict(`case ${previous.caseId} or a caseload changed meanwhile`);
    throw error;
  }
}

/** Every case manager with a staff item, those who left included: one query of the staff list by role. */
export async function listAllCaseManagers(documents: DynamoDBDocumentClient, tableName: string): Promise<CaseManagerStaff[]> {
  const { gsi1pk, gsi1skPrefix } = tableKeys.staffOfRole('casemanager');
  const items = await queryAll(documents, {
    TableName: tableName,
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)',
    ExpressionAttributeValues: { ':pk': gsi1pk, ':prefix': gsi1skPrefix },
  });
  return items.flatMap((item) => {
    const { id, name, email, role, providerId, focusAreas, openCases, disabledAt } = fromStaffItem(item);
    if (role !== 'casemanager' || providerId === undefined) return [];
    return [{ staffId: id, name, email, providerId, focusAreas: focusAreas ?? [], openCases, ...(disabledAt === undefined ? {} : { disabledAt }) }];
  });
}
