/** POST /api/referrals/{id}/outcome: accepted, declined (with reason), completed or no-show. */
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { baseDependencies } from '../../core/adapters/process-dependencies.ts';
import { tableDependencies } from '../../core/adapters/table-dependencies.ts';
import { taskCallbackDependencies } from '../../core/adapters/step-functions-dependencies.ts';
import { callerFromEvent } from '../../core/identity/caller.ts';
import { respond } from '../../core/http/respond.ts';
import { readRequestBody } from '../../core/http/request-body.ts';
import { recordOutcome } from '../../core/casework/record-outcome.ts';
import '../../core/adapters/preload-step-functions.ts';

export const handler = (event: APIGatewayProxyEventV2WithJWTAuthorizer): Promise<APIGatewayProxyStructuredResultV2> =>
  respond(async () => {
    const body = readRequestBody(event, 8 * 1024);
    const raw = body.kind === 'json' ? body.value : Object.fromEntries(body.value);
    const referral = await recordOutcome({ ...baseDependencies(), ...tableDependencies(), ...taskCallbackDependencies() }, callerFromEvent(event), event.pathParameters?.id ?? '', raw);
    return { statusCode: 200, body: { referralId: referral.referralId, status: referral.status } };
  });
