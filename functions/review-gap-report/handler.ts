/**
 * POST /api/gap-reports/{id}/review: a coordinator accepts, merges, routes a gap report to a body's next meeting
 * (an agenda item: the reconciler sends the invitation update) or records the body's outcome.
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { baseDependencies } from '../../core/adapters/process-dependencies.ts';
import { tableDependencies } from '../../core/adapters/table-dependencies.ts';
import { DynamoGapReportReader } from '../../core/adapters/dynamo-gap-report-reader.ts';
import { callerFromEvent } from '../../core/identity/caller.ts';
import { readRequestBody } from '../../core/http/request-body.ts';
import { respond } from '../../core/http/respond.ts';
import { reviewGapReport } from '../../core/casework/review-gap-report.ts';

const MAX_BODY_BYTES = 8 * 1024;

export const handler = (event: APIGatewayProxyEventV2WithJWTAuthorizer): Promise<APIGatewayProxyStructuredResultV2> =>
  respond(async () => {
    const caller = callerFromEvent(event);
    const { profile, clock, calendar } = baseDependencies();
    const { documents, tableName, meetings } = tableDependencies();
    const body = readRequestBody(event, MAX_BODY_BYTES);
    const raw = body.kind === 'json' ? body.value : Object.fromEntries(body.value);
    const deps = { profile, clock, calendar, meetings, gapReports: new DynamoGapReportReader(documents, tableName) };
    return { statusCode: 200, body: await reviewGapReport(deps, caller, event.pathParameters?.id ?? '', raw) };
  });
