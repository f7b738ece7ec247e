/** Task of intake-to-referral for an erased case: deletes its record and the free text of its history (core/privacy/erase-case-data.ts). */
import { DynamoErasure } from '../../core/adapters/dynamo-erasure.ts';
import { eraseCaseData } from '../../core/privacy/erase-case-data.ts';
import { baseDependencies } from '../_shared/dependencies/process.ts';
import { tableDependencies } from '../_shared/dependencies/table.ts';
import { caseTaskInput, taskHandler } from '../_shared/task-pipeline.ts';
import { kpiCalendarOf } from '../../core/reports/kpi-calendar.ts';

export const handler = taskHandler(caseTaskInput, (input) => {
  const table = tableDependencies();
  return eraseCaseData({ ...table, erasure: new DynamoErasure(table.documents, table.tableName, kpiCalendarOf(baseDependencies().profile)) }, input.caseId);
});
