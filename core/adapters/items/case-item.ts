/** The case item (no personal data): keyed by case, indexed by stage and by case manager. */
import type { CaseRecord } from '../../cases/case.ts';
import { tableKeys } from '../table-keys.ts';
import { withoutTableAttributes, type DynamoItem } from './table-attributes.ts';

export function toCaseItem(record: CaseRecord): DynamoItem {
  return {
    ...tableKeys.case(record.caseId),
    ...tableKeys.caseIndexes(record.caseId, record.stage, record.createdAt, record.caseManagerId),
    type: 'case',
    ...record,
  };
}

export const fromCaseItem = (item: DynamoItem): CaseRecord => withoutTableAttributes(item) as unknown as CaseRecord;

