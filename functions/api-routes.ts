/**
 * The HTTP API: one route table for both places it runs. CDK (api stack) creates one API Gateway route per entry
 * with the Cognito JWT authorizer; the local gateway (local/api-gateway.ts) matches the same table, verifies the
 * same kind of JWT and invokes the same handler in-process.
 */
export interface ApiRoute {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** API Gateway syntax: `/api/cases/{id}`. */
  readonly path: string;
  /** Folder under functions/ whose handler.ts serves the route. */
  readonly functionName: string;
}

export const API_ROUTES: readonly ApiRoute[] = [
  { method: 'POST', path: '/api/intakes', functionName: 'create-intake' },
  { method: 'GET', path: '/api/cases', functionName: 'list-cases' },
  { method: 'GET', path: '/api/cases/{id}', functionName: 'get-case' },
  { method: 'POST', path: '/api/cases/{id}/assessment', functionName: 'submit-assessment' },
  { method: 'POST', path: '/api/cases/{id}/consents/{consentId}/revoke', functionName: 'revoke-consent' },
  { method: 'POST', path: '/api/cases/{id}/close', functionName: 'close-case' },
  { method: 'POST', path: '/api/referrals/{id}/outcome', functionName: 'record-outcome' },
];
