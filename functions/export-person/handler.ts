/** GET /api/cases/{id}/export: everything stored about the case's person (Art. 15 DSGVO), as a JSON file; audited. */
import { DynamoStaffDirectory } from '../../core/adapters/dynamo-staff-directory.ts';
import { exportFileName, exportPerson } from '../../core/privacy/access-export.ts';
import { baseDependencies } from '../_shared/dependencies/process.ts';
import { tableDependencies } from '../_shared/dependencies/table.ts';
import { idPath } from '../_shared/http/route-schemas.ts';
import { signedInHandler } from '../_shared/http-pipeline.ts';
import { exportQuery } from './schema.ts';

export const handler = signedInHandler({ path: idPath, query: exportQuery }, async ({ caller, path, query }) => {
  const table = tableDependencies();
  const answer = await exportPerson({ ...baseDependencies(), ...table, staff: new DynamoStaffDirectory(table.documents, table.tableName) }, caller, path.id, query.format);
  return { statusCode: 200, body: answer, headers: { 'content-disposition': `attachment; filename="${exportFileName(answer.case.caseId)}"` } };
});
