/**
 * The security headers on every HTML answer of the API (the intake form without JavaScript, the RSVP pages),
 * as CloudFront adds them to the static pages (http/security-headers.ts), and a function's own headers on every
 * answer, errors included (the OParl feed's CORS header). middy's http-security-headers sets a different, looser
 * policy, so the project's own list is used.
 */
import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { SECURITY_HEADERS } from '../http/security-headers.ts';

export function securityHeaders(always: Readonly<Record<string, string>> = {}): MiddlewareObj<unknown, APIGatewayProxyStructuredResultV2 | undefined> {
  const addHeaders = (request: Request<unknown, APIGatewayProxyStructuredResultV2 | undefined>): void => {
    const response = request.response;
    if (response === undefined || response === null) return;
    const type = response.headers?.['content-type'];
    const html = typeof type === 'string' && type.startsWith('text/html');
    response.headers = { ...response.headers, ...always, ...(html ? SECURITY_HEADERS : {}) };
  };
  return { after: addHeaders, onError: addHeaders };
}
