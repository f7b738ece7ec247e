/** POST /api/cases/{id}/close: closes a case in monitoring; the retention period starts. */
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { baseDependencies } from '../../core/adapters/process-dependencies.ts';
import { tableDependencies } from '../../core/adapters/table-dependencies.ts';
import { taskCallbackDependencies } from '../../core/adapters/step-functions-dependencies.ts';
import { callerFromEvent } from '../../core/identity/caller.ts';
import { respond } from '../../core/http/respond.ts';
import { closeCase } from '../../core/casework/close-case.ts';
import '../../core/adapters/preload-step-functions.ts';

export const handler = (event: APIGatewayProxyEventV2WithJWTAuthorizer): Promise<APIGatewayProxyStructuredResultV2> =>
  respond(async () => {
    return { statusCode: 200, body: await closeCase({ ...baseDependencies(), ...tableDependencies(), ...taskCallbackDependencies() }, callerFromEvent(event), event.pathParameters?.id ?? '') };
  });
