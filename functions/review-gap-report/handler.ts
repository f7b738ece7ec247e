/**
 * POST /api/gap-reports/{id}/review: a coordinator accepts, merges, routes a gap report to a body's next meeting
 * (an agenda item: the reconciler sends the invitation update) or records the body's outcome.
 */
import { DynamoGapReportReader } from '../../core/adapters/dynamo-gap-report-reader.ts';
import { reviewGapReport } from '../../core/casework/review-gap-report.ts';
import { baseDependencies } from '../_shared/dependencies/process.ts';
import { tableDependencies } from '../_shared/dependencies/table.ts';
import { bodyValues } from '../_shared/http/api-request.ts';
import { ok } from '../_shared/http/http-answer.ts';
import { idPath } from '../_shared/http/route-schemas.ts';
import { signedInHandler } from '../_shared/http-pipeline.ts';

export const handler = signedInHandler({ path: idPath, maxBodyBytes: 8 * 1024 }, async ({ caller, path, body }) => {
  const { profile, clock, calendar } = baseDependencies();
  const { documents, tableName, meetings } = tableDependencies();
  const deps = { profile, clock, calendar, meetings, gapReports: new DynamoGapReportReader(documents, tableName) };
  return ok(await reviewGapReport(deps, caller, path.id, bodyValues(body)));
});
