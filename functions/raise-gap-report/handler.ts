/** POST /api/gap-reports: a case manager (or coordinator) reports a gap in the services, anonymously. */
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { baseDependencies } from '../../core/adapters/process-dependencies.ts';
import { tableDependencies } from '../../core/adapters/table-dependencies.ts';
import { DynamoGapReportReader } from '../../core/adapters/dynamo-gap-report-reader.ts';
import { callerFromEvent } from '../../core/identity/caller.ts';
import { readRequestBody } from '../../core/http/request-body.ts';
import { respond } from '../../core/http/respond.ts';
import { raiseGapReport } from '../../core/casework/raise-gap-report.ts';

const MAX_BODY_BYTES = 8 * 1024;

export const handler = (event: APIGatewayProxyEventV2WithJWTAuthorizer): Promise<APIGatewayProxyStructuredResultV2> =>
  respond(async () => {
    const caller = callerFromEvent(event);
    const { profile, clock } = baseDependencies();
    const { documents, tableName } = tableDependencies();
    const body = readRequestBody(event, MAX_BODY_BYTES);
    const raw = body.kind === 'json' ? body.value : Object.fromEntries(body.value);
    return { statusCode: 201, body: await raiseGapReport({ profile, clock, gapReports: new DynamoGapReportReader(documents, tableName) }, caller, raw) };
  });
