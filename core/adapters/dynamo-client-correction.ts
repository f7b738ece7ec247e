/**
 * The correction of client data on the single table (CaseRepository.correctClient), apart from
 * dynamo-case-repository.ts like the hand-over's writes. Keys from table-keys.ts only.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { writeCaseChange, type CountedTable } from './case-derived-writes.ts';
import type { CaseRecord } from '../cases/case.ts';
import { VersionConflict, type CaseEvent, type ClientCorrectionWrite } from '../cases/ports.ts';
import { isConditionFailure, isTransactionConflict } from './conditional-writes.ts';
import { toCaseItem } from './items/case-item.ts';
import { toClientItem } from './items/client-item.ts';
import { fromPersonMarkerItem } from './items/person-marker-item.ts';
import { eventPut, gapReportPuts, versioned, versionedPut } from './shared-writes.ts';
import { tableKeys } from './table-keys.ts';

/**
 * One transaction: the client at the version the form was filled from, the case at the version read (so a hand-over,
 * a restriction or a workflow step in between makes it fail whole), the person marker under its new key — cases from
 * before the marker have none — the history event keyed by the case's new version, and the gap report of the
 * alternative route.
 */
export async function correctClientTransaction(table: CountedTable, previous: CaseRecord, record: CaseRecord, correction: ClientCorrectionWrite, event: CaseEvent): Promise<void> {
  const { documents, tableName } = table;
  const { caseId } = record;
  const marker =
    correction.personKey === undefined ? undefined : (await documents.send(new GetCommand({ TableName: tableName, Key: tableKeys.personMarkerKey(caseId), ConsistentRead: true }))).Item;
  const moved = correction.personKey === undefined || marker === undefined ? undefined : tableKeys.personMarker(caseId, correction.personKey, fromPersonMarkerItem(marker).createdAt);
  try {
    await writeCaseChange(
      table,
      [
        versionedPut(tableName, toCaseItem(record), previous.version),
        versionedPut(tableName, toClientItem(correction.client), correction.expected.version),
        ...(moved === undefined
          ? []
          : [
              {
                Update: {
                  TableName: tableName,
                  Key: tableKeys.personMarkerKey(caseId),
                  UpdateExpression: 'SET personKey = :personKey, gsi1pk = :gsi1pk, gsi1sk = :gsi1sk',
                  ConditionExpression: 'attribute_exists(pk)',
                  ExpressionAttributeValues: { ':personKey': correction.personKey, ':gsi1pk': moved.gsi1pk, ':gsi1sk': moved.gsi1sk },
                },
              },
            ]),
        eventPut(tableName, caseId, record.updatedAt, versioned('', record.version), event),
        ...(correction.gapReport === undefined ? [] : gapReportPuts(tableName, correction.gapReport)),
      ],
      { caseId, case: { before: previous, after: record } },
    );
  } catch (error) {
    if (isConditionFailure(error) || isTransactionConflict(error)) throw new VersionConflict(`case ${caseId} or its client changed meanwhile`);
    throw error;
  }
}
