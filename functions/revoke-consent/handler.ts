/** POST /api/cases/{id}/consents/{consentId}/revoke: withdraws a consent and stops the referrals that depended on it. */
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { baseDependencies } from '../../core/adapters/process-dependencies.ts';
import { tableDependencies } from '../../core/adapters/table-dependencies.ts';
import { taskCallbackDependencies } from '../../core/adapters/step-functions-dependencies.ts';
import { callerFromEvent } from '../../core/identity/caller.ts';
import { respond } from '../../core/http/respond.ts';
import { revokeConsent } from '../../core/casework/revoke-consent.ts';
import '../../core/adapters/preload-step-functions.ts';

export const handler = (event: APIGatewayProxyEventV2WithJWTAuthorizer): Promise<APIGatewayProxyStructuredResultV2> =>
  respond(async () => {
    const { id = '', consentId = '' } = event.pathParameters ?? {};
    return { statusCode: 200, body: await revokeConsent({ ...baseDependencies(), ...tableDependencies(), ...taskCallbackDependencies() }, callerFromEvent(event), id, consentId) };
  });
