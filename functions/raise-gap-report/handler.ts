/** POST /api/gap-reports: a case manager (or coordinator) reports a gap in the services, anonymously. */
import { DynamoGapReportReader } from '../../core/adapters/dynamo-gap-report-reader.ts';
import { raiseGapReport } from '../../core/casework/raise-gap-report.ts';
import { baseDependencies } from '../_shared/dependencies/process.ts';
import { tableDependencies } from '../_shared/dependencies/table.ts';
import { bodyValues } from '../_shared/http/api-request.ts';
import { created } from '../_shared/http/http-answer.ts';
import { signedInHandler } from '../_shared/http-pipeline.ts';

export const handler = signedInHandler({ maxBodyBytes: 8 * 1024 }, async ({ caller, body }) => {
  const { profile, clock } = baseDependencies();
  const { documents, tableName } = tableDependencies();
  return created(await raiseGapReport({ profile, clock, gapReports: new DynamoGapReportReader(documents, tableName) }, caller, bodyValues(body)));
});
