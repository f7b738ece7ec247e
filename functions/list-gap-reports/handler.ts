/** GET /api/gap-reports: the gap reports, single and counted per kind, for coordinators; `?mine=true`: one's own. */
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { tableDependencies } from '../../core/adapters/table-dependencies.ts';
import { DynamoGapReportReader } from '../../core/adapters/dynamo-gap-report-reader.ts';
import { callerFromEvent } from '../../core/identity/caller.ts';
import { respond } from '../../core/http/respond.ts';
import { listGapReports } from '../../core/casework/list-gap-reports.ts';

export const handler = (event: APIGatewayProxyEventV2WithJWTAuthorizer): Promise<APIGatewayProxyStructuredResultV2> =>
  respond(async () => {
    const deps = tableDependencies();
    const mine = event.queryStringParameters?.mine === 'true';
    return { statusCode: 200, body: await listGapReports({ gapReports: new DynamoGapReportReader(deps.documents, deps.tableName) }, callerFromEvent(event), { mine }) };
  });
