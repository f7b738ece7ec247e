import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { Refusal } from '../../core/errors.ts';
import { requireRole, type Caller } from '../../core/identity/caller.ts';
import { httpStatusOf, isHttpRefusal } from '../../functions/_shared/http/http-errors.ts';
import { callerFromEvent } from '../../functions/_shared/middlewares/caller.ts';

/** Only the part of the event the caller is read from; the rest does not matter to callerFromEvent. */
function eventWithClaims(claims: Record<string, string | string[]> | undefined): APIGatewayProxyEventV2WithJWTAuthorizer {
  const requestContext = claims === undefined ? {} : { authorizer: { jwt: { claims, scopes: null } } };
  return { requestContext } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
}

function statusOf(action: () => unknown): number | undefined {
  try {
    action();
  } catch (error) {
    return isHttpRefusal(error) ? httpStatusOf(error) : undefined;
  }
  return undefined;
}

const base = { sub: 'ayse-yilmaz', email: 'ayse.yilmaz@traeger-a.example' };

describe('callerFromEvent', () => {
  it('reads the groups in the flattened form the HTTP API passes to Lambda', () => {
    const caller = callerFromEvent(eventWithClaims({ ...base, 'cognito:groups': '[casemanager coordinator]', 'custom:providerId': 'traeger-a' }));
    expect(caller).toEqual({ userId: 'ayse-yilmaz', email: 'ayse.yilmaz@traeger-a.example', roles: ['casemanager', 'coordinator'], providerId: 'traeger-a' });
  });

  it('reads a single flattened group and a real array alike', () => {
    expect(callerFromEvent(eventWithClaims({ ...base, 'cognito:groups': '[intake]' })).roles).toEqual(['intake']);
    expect(callerFromEvent(eventWithClaims({ ...base, 'cognito:groups': ['admin', 'intake'] })).roles).toEqual(['admin', 'intake']);
  });

  it('ignores groups that are no KIM role, and duplicates', () => {
    const caller = callerFromEvent(eventWithClaims({ ...base, 'cognito:groups': '[other-app-users casemanager casemanager]' }));
    expect(caller.roles).toEqual(['casemanager']);
  });

  it('leaves providerId out when the claim is missing, and gives no roles without groups', () => {
    const caller = callerFromEvent(eventWithClaims(base));
    expect(caller).toEqual({ userId: 'ayse-yilmaz', email: 'ayse.yilmaz@traeger-a.example', roles: [] });
    expect('providerId' in caller).toBe(false);
  });

  it('answers 401 without an authorizer, without sub or without a usable e-mail', () => {
    expect(statusOf(() => callerFromEvent(eventWithClaims(undefined)))).toBe(401);
    expect(statusOf(() => callerFromEvent(eventWithClaims({ email: base.email, 'cognito:groups': '[intake]' })))).toBe(401);
    expect(statusOf(() => callerFromEvent(eventWithClaims({ sub: base.sub, 'cognito:groups': '[intake]' })))).toBe(401);
    expect(statusOf(() => callerFromEvent(eventWithClaims({ ...base, email: 'keine-adresse' })))).toBe(401);
  });
});

describe('requireRole', () => {
  const caseManager: Caller = { userId: 'ayse-yilmaz', email: base.email, roles: ['casemanager'], providerId: 'traeger-a' };

  it('lets a caller with one of the roles through', () => {
    expect(() => {
      requireRole(caseManager, 'coordinator', 'casemanager');
    }).not.toThrow();
  });

  it('answers 403 with a German message for a caller without any of the roles', () => {
    let thrown: unknown;
    try {
      requireRole(caseManager, 'intake', 'coordinator');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Refusal);
    expect(httpStatusOf(thrown as Refusal)).toBe(403);
    expect((thrown as Refusal).message).toBe('Dafür fehlt Ihnen die Berechtigung.');
    expect(statusOf(() => { requireRole({ ...caseManager, roles: [] }, 'casemanager'); })).toBe(403);
  });
});
