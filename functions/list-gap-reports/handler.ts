/** GET /api/gap-reports: the gap reports, single and counted per kind, for coordinators; `?mine=true`: one's own. */
import { DynamoGapReportReader } from '../../core/adapters/dynamo-gap-report-reader.ts';
import { listGapReports } from '../../core/casework/list-gap-reports.ts';
import { tableDependencies } from '../_shared/dependencies/table.ts';
import { ok } from '../_shared/http/http-answer.ts';
import { signedInHandler } from '../_shared/http-pipeline.ts';
import { listGapReportsQuery } from './schema.ts';

export const handler = signedInHandler({ query: listGapReportsQuery }, async ({ caller, query }) => {
  const { documents, tableName } = tableDependencies();
  return ok(await listGapReports({ gapReports: new DynamoGapReportReader(documents, tableName) }, caller, { mine: query.mine === 'true' }));
});
