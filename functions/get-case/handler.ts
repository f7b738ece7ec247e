/** GET /api/cases/{id}: the case with client data (where allowed), referrals, consents and history; the read is audited. */
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { baseDependencies } from '../../core/adapters/process-dependencies.ts';
import { tableDependencies } from '../../core/adapters/table-dependencies.ts';
import { callerFromEvent } from '../../core/identity/caller.ts';
import { respond } from '../../core/http/respond.ts';
import { getCaseDetail } from '../../core/casework/read-cases.ts';

export const handler = (event: APIGatewayProxyEventV2WithJWTAuthorizer): Promise<APIGatewayProxyStructuredResultV2> =>
  respond(async () => {
    return { statusCode: 200, body: await getCaseDetail({ ...baseDependencies(), ...tableDependencies() }, callerFromEvent(event), event.pathParameters?.id ?? '') };
  });
