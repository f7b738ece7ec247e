/**
 * Who is calling, from the claims API Gateway's JWT authorizer (Cognito user pool) puts into the event. The
 * authorizer has already checked signature, issuer, audience and expiry; this only reads the claims, and refuses
 * (401) a request without usable ones.
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from 'zod';
import { unauthorized } from '../../../core/errors.ts';
import type { Caller } from '../../../core/identity/caller.ts';
import { STAFF_ROLES, type StaffRole } from '../../../core/identity/roles.ts';
import type { ApiContext } from '../http/api-request.ts';

const isStaffRole = (group: string): group is StaffRole => (STAFF_ROLES as readonly string[]).includes(group);

/**
 * The HTTP API hands array claims to Lambda as one string, `"[casemanager coordinator]"` (payload format 2.0);
 * a direct invocation or another authorizer may pass a real array. Cognito group names cannot contain
 * whitespace, so splitting on it is safe. Groups that are no KIM role (other apps in the same pool) are ignored.
 */
const groupsSchema = z
  .union([z.array(z.string()), z.string()])
  .transform((value) => (Array.isArray(value) ? value : value.replace(/^\[(.*)\]$/s, '$1').split(/\s+/)))
  .transform((groups) => [...new Set(groups.filter(isStaffRole))]);

const claimsEventSchema = z.object({
  requestContext: z.object({
    authorizer: z.object({
      jwt: z.object({
        claims: z.object({
          sub: z.string().min(1),
          email: z.email(),
          // A user in no group is still signed in; requireRole answers 403, not 401.
          'cognito:groups': groupsSchema.default([]),
          'custom:providerId': z.string().min(1).optional(),
        }),
      }),
    }),
  }),
});

/** The caller of an API request; without usable claims (no authorizer, no sub or e-mail) the answer is 401. */
export function callerFromEvent(event: unknown): Caller {
  const parsed = claimsEventSchema.safeParse(event);
  if (!parsed.success) throw unauthorized();
  const claims = parsed.data.requestContext.authorizer.jwt.claims;
  const caller: Caller = { userId: claims.sub, email: claims.email, roles: claims['cognito:groups'] };
  if (claims['custom:providerId'] !== undefined) caller.providerId = claims['custom:providerId'];
  return caller;
}

export function signedInCaller(): MiddlewareObj<APIGatewayProxyEventV2, unknown, Error, ApiContext> {
  return {
    before: (request) => {
      request.context.caller = callerFromEvent(request.event);
    },
  };
}
