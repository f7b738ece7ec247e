/** GET /api/reports/kpi: the KPI report (JSON or CSV, optionally suppressed for export) for coordination and administration. */
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { baseDependencies } from '../../core/adapters/process-dependencies.ts';
import { tableDependencies } from '../../core/adapters/table-dependencies.ts';
import { DynamoReportReader } from '../../core/adapters/dynamo-report-reader.ts';
import { callerFromEvent } from '../../core/identity/caller.ts';
import { respond } from '../../core/http/respond.ts';
import { kpiReportAnswer } from '../../core/reports/kpi-api.ts';

export const handler = (event: APIGatewayProxyEventV2WithJWTAuthorizer): Promise<APIGatewayProxyStructuredResultV2> =>
  respond(async () => {
    const { profile, clock } = baseDependencies();
    const { documents, tableName } = tableDependencies();
    return kpiReportAnswer({ reader: new DynamoReportReader(documents, tableName), profile, clock }, callerFromEvent(event), event.queryStringParameters ?? {});
  });
