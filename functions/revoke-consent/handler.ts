/** POST /api/cases/{id}/consents/{consentId}/revoke: withdraws a consent and stops the referrals that depended on it. */
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { dependencies } from '../../core/adapters/dependencies.ts';
import { callerFromEvent } from '../../core/identity/caller.ts';
import { respond } from '../../core/http/respond.ts';
import { revokeConsent } from '../../core/casework/revoke-consent.ts';

export const handler = (event: APIGatewayProxyEventV2WithJWTAuthorizer): Promise<APIGatewayProxyStructuredResultV2> =>
  respond(async () => {
    const { id = '', consentId = '' } = event.pathParameters ?? {};
    return { statusCode: 200, body: await revokeConsent(dependencies(), callerFromEvent(event), id, consentId) };
  });
