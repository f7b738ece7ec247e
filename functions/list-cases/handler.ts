/** GET /api/cases: own caseload (case managers) or all cases (coordinators), filters stage and municipality. */
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { baseDependencies } from '../../core/adapters/process-dependencies.ts';
import { tableDependencies } from '../../core/adapters/table-dependencies.ts';
import { callerFromEvent } from '../../core/identity/caller.ts';
import { respond } from '../../core/http/respond.ts';
import { listCases } from '../../core/casework/read-cases.ts';

export const handler = (event: APIGatewayProxyEventV2WithJWTAuthorizer): Promise<APIGatewayProxyStructuredResultV2> =>
  respond(async () => {
    const query = event.queryStringParameters ?? {};
    const filter = { ...(query.stage === undefined ? {} : { stage: query.stage }), ...(query.municipality === undefined ? {} : { municipalityId: query.municipality }) };
    return { statusCode: 200, body: { cases: await listCases({ ...baseDependencies(), ...tableDependencies() }, callerFromEvent(event), filter) } };
  });
