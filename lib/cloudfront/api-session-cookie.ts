/**
 * The CloudFront Function (cloudfront-js-2.0, viewer request) of the `/api/*` behaviour: it turns the session cookie
 * (web/session-cookie.ts) into the `Authorization: Bearer …` header the HTTP API's JWT authorizer reads, so the intake
 * form can be submitted without JavaScript. The same rule as the local gateway (local/api-gateway.ts, bearerToken):
 * - an Authorization header the request brings wins (also a malformed one: the authorizer answers 401);
 * - on requests that change something (not GET or HEAD) the cookie counts only when the Origin header is absent or
 *   this site's own origin (`https://` + the Host the browser addressed: the distribution's domain or the custom
 *   domain). The cookie is SameSite=Strict already; this refuses a cross-origin POST even from a browser that
 *   ignored that.
 *
 * The code is plain JavaScript in a string because it runs as-is in CloudFront's JavaScript runtime (no modules,
 * no Node APIs); tests/unit/cloudfront-api-session-cookie.test.ts evaluates this very string in an empty context.
 */
import { SESSION_COOKIE } from '../../web/session-cookie.ts';

export const API_SESSION_COOKIE_FUNCTION_CODE = `var SESSION_COOKIE = ${JSON.stringify(SESSION_COOKIE)};
// A JWT (three base64url parts) and nothing else, so no other value reaches the header.
var JWT = /^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*$/;

function handler(event) {
  var request = event.request;
  var headers = request.headers;
  if (headers.authorization !== undefined) return request;
  var cookie = request.cookies[SESSION_COOKIE];
  if (cookie === undefined || !JWT.test(cookie.value)) return request;
  var safe = request.method === 'GET' || request.method === 'HEAD';
  var origin = headers.origin === undefined ? undefined : headers.origin.value;
  var host = headers.host === undefined ? '' : headers.host.value;
  if (!safe && origin !== undefined && origin !== 'https://' + host) return request;
  headers.authorization = { value: 'Bearer ' + cookie.value };
  return request;
}
`;
