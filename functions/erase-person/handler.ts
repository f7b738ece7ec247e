/** POST /api/cases/{id}/erasure: the coordination erases a person's data (Art. 17); the tombstone stays, the workflow erases the rest. */
import { DynamoErasure } from '../../core/adapters/dynamo-erasure.ts';
import { erasePerson } from '../../core/privacy/erase-person.ts';
import { baseDependencies } from '../_shared/dependencies/process.ts';
import { caseWorkflowDependencies } from '../_shared/dependencies/step-functions.ts';
import { tableDependencies } from '../_shared/dependencies/table.ts';
import { bodyValues } from '../_shared/http/api-request.ts';
import { ok } from '../_shared/http/http-answer.ts';
import { idPath } from '../_shared/http/route-schemas.ts';
import { signedInHandler } from '../_shared/http-pipeline.ts';
import type { ErasureAnswerBody } from './schema.ts';
import { kpiCalendarOf } from '../../core/reports/kpi-calendar.ts';

export const handler = signedInHandler({ path: idPath, maxBodyBytes: 4 * 1024 }, async ({ caller, path, body }) => {
  const table = tableDependencies();
  const base = baseDependencies();
  const deps = { ...base, ...table, ...caseWorkflowDependencies(), erasure: new DynamoErasure(table.documents, table.tableName, kpiCalendarOf(base.profile)) };
  return ok((await erasePerson(deps, caller, path.id, bodyValues(body))) satisfies ErasureAnswerBody);
});
