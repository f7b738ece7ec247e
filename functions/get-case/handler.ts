/** GET /api/cases/{id}: the case with client data (where allowed), referrals, consents and history; the read is audited. */
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { dependencies } from '../../core/adapters/dependencies.ts';
import { callerFromEvent } from '../../core/identity/caller.ts';
import { respond } from '../../core/http/respond.ts';
import { getCaseDetail } from '../../core/casework/read-cases.ts';

export const handler = (event: APIGatewayProxyEventV2WithJWTAuthorizer): Promise<APIGatewayProxyStructuredResultV2> =>
  respond(async () => {
    return { statusCode: 200, body: await getCaseDetail(dependencies(), callerFromEvent(event), event.pathParameters?.id ?? '') };
  });
