/**
 * The HTTP API: one route table for both places it runs. CDK (api stack) creates one API Gateway route per entry
 * with the Cognito JWT authorizer; the local gateway (local/api-gateway.ts) matches the same table, verifies the
 * same kind of JWT and invokes the same handler in-process.
 */
import { OPARL_ROUTE_PATHS } from '../core/oparl/routes.ts';

export interface ApiRoute {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** API Gateway syntax: `/api/cases/{id}`. */
  readonly path: string;
  /** Folder under functions/ whose handler.ts serves the route. */
  readonly functionName: string;
  /**
   * No JWT authorizer: the route authorizes itself with a signed token in the URL, for people without an
   * account (RSVP links in invitations) and calendar programs (the subscribable feed) — or it serves public data
   * only (the OParl feed under /oparl/, core/oparl/).
   */
  readonly public?: true;
}

export const API_ROUTES: readonly ApiRoute[] = [
  { method: 'POST', path: '/api/intakes', functionName: 'create-intake' },
  { method: 'GET', path: '/api/cases', functionName: 'list-cases' },
  { method: 'GET', path: '/api/cases/{id}', functionName: 'get-case' },
  { method: 'POST', path: '/api/cases/{id}/assessment', functionName: 'submit-assessment' },
  { method: 'POST', path: '/api/cases/{id}/consents/{consentId}/revoke', functionName: 'revoke-consent' },
  { method: 'POST', path: '/api/cases/{id}/close', functionName: 'close-case' },
  { method: 'POST', path: '/api/referrals/{id}/outcome', functionName: 'record-outcome' },
  { method: 'GET', path: '/api/gap-reports', functionName: 'list-gap-reports' },
  { method: 'POST', path: '/api/gap-reports', functionName: 'raise-gap-report' },
  { method: 'POST', path: '/api/gap-reports/{id}/review', functionName: 'review-gap-report' },
  { method: 'GET', path: '/api/reports/kpi', functionName: 'kpi-report' },
  { method: 'GET', path: '/api/bodies', functionName: 'meetings-api' },
  { method: 'POST', path: '/api/bodies/{id}/members', functionName: 'meetings-api' },
  { method: 'PUT', path: '/api/bodies/{id}/members/{memberId}', functionName: 'meetings-api' },
  { method: 'GET', path: '/api/bodies/{id}/calendar.ics', functionName: 'meeting-links', public: true },
  { method: 'GET', path: '/api/meetings', functionName: 'meetings-api' },
  { method: 'POST', path: '/api/meetings', functionName: 'meetings-api' },
  { method: 'GET', path: '/api/meetings/{id}', functionName: 'meetings-api' },
  { method: 'GET', path: '/api/meetings/{id}/invite.ics', functionName: 'meetings-api' },
  { method: 'POST', path: '/api/meetings/{id}/reschedule', functionName: 'meetings-api' },
  { method: 'POST', path: '/api/meetings/{id}/cancel', functionName: 'meetings-api' },
  { method: 'POST', path: '/api/meetings/{id}/agenda', functionName: 'meetings-api' },
  { method: 'DELETE', path: '/api/meetings/{id}/agenda/{itemId}', functionName: 'meetings-api' },
  { method: 'POST', path: '/api/meetings/{id}/guests', functionName: 'meetings-api' },
  { method: 'GET', path: '/api/rsvp', functionName: 'meeting-links', public: true },
  { method: 'POST', path: '/api/rsvp', functionName: 'meeting-links', public: true },
  // The OParl feed of the public bodies (core/oparl/routes.ts): read-only, no sign-in.
  ...OPARL_ROUTE_PATHS.map((path): ApiRoute => ({ method: 'GET', path, functionName: 'oparl', public: true })),
];
