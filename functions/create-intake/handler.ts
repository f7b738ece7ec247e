/** POST /api/intakes: intake staff (and coordinators) record a newly arrived person; answers 202 {caseId, status}. */
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { dependencies } from '../../core/adapters/dependencies.ts';
import { callerFromEvent, requireRole } from '../../core/identity/caller.ts';
import { header, readRequestBody } from '../../core/http/request-body.ts';
import { respond } from '../../core/http/respond.ts';
import { intakeFromForm } from '../../core/intake/intake-form.ts';
import { submitIntake } from '../../core/intake/submit-intake.ts';

// An intake is a few KB; anything near this is not a form a person filled in.
const MAX_BODY_BYTES = 64 * 1024;

export const handler = (event: APIGatewayProxyEventV2WithJWTAuthorizer): Promise<APIGatewayProxyStructuredResultV2> =>
  respond(async () => {
    const caller = callerFromEvent(event);
    requireRole(caller, 'intake', 'coordinator');
    const body = readRequestBody(event, MAX_BODY_BYTES);
    const { intake, formToken } = body.kind === 'form' ? intakeFromForm(body.value) : { intake: body.value, formToken: undefined };
    const result = await submitIntake(dependencies(), caller, intake, header(event, 'idempotency-key') ?? formToken);
    return { statusCode: 202, body: { caseId: result.caseId, status: result.status } };
  });
