import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { API_SESSION_COOKIE_FUNCTION_CODE } from '../../lib/cloudfront/api-session-cookie.ts';

const HOST = 'd111111abcdef8.cloudfront.net';
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl';

interface HeaderValue {
  value: string;
}
interface ViewerRequest {
  method: string;
  uri: string;
  querystring: Record<string, HeaderValue>;
  headers: Record<string, HeaderValue>;
  cookies: Record<string, HeaderValue>;
}

// The code as CloudFront runs it: a script defining `handler`, in a context without Node's or a browser's globals.
const handler = runInNewContext(`${API_SESSION_COOKIE_FUNCTION_CODE}\nhandler;`, {}) as (event: unknown) => ViewerRequest;

/** A viewer-request event as CloudFront Functions (cloudfront-js-2.0) pass it: lower-case header names, parsed cookies. */
function viewerRequest(options: { method?: string; headers?: Record<string, string>; cookies?: Record<string, string> }): ViewerRequest {
  const request: ViewerRequest = {
    method: options.method ?? 'GET',
    uri: '/api/cases',
    querystring: {},
    headers: Object.fromEntries(Object.entries({ host: HOST, ...options.headers }).map(([name, value]) => [name, { value }])),
    cookies: Object.fromEntries(Object.entries(options.cookies ?? {}).map(([name, value]) => [name, { value }])),
  };
  return handler({
    version: '1.0',
    context: { distributionDomainName: HOST, distributionId: 'E2EXAMPLE', eventType: 'viewer-request', requestId: 'r-1' },
    viewer: { ip: '198.51.100.7' },
    request,
  });
}

const authorization = (request: ViewerRequest): string | undefined => request.headers.authorization?.value;

describe('CloudFront Function for /api/*: session cookie to bearer token (as local/api-gateway.ts bearerToken)', () => {
  it('copies the cookie into Authorization on reads', () => {
    for (const method of ['GET', 'HEAD']) {
      expect(authorization(viewerRequest({ method, cookies: { kim_token: TOKEN } })), method).toBe(`Bearer ${TOKEN}`);
      // A safe method may come from anywhere (a link); SameSite=Strict decides whether the cookie comes along.
      expect(authorization(viewerRequest({ method, headers: { origin: 'https://elsewhere.example' }, cookies: { kim_token: TOKEN } })), method).toBe(
        `Bearer ${TOKEN}`,
      );
    }
  });

  it('copies it on changes from this site (Origin = https:// + Host) or without an Origin header', () => {
    for (const method of ['POST', 'PUT', 'DELETE']) {
      expect(authorization(viewerRequest({ method, headers: { origin: `https://${HOST}` }, cookies: { kim_token: TOKEN } })), method).toBe(`Bearer ${TOKEN}`);
      expect(authorization(viewerRequest({ method, cookies: { kim_token: TOKEN } })), method).toBe(`Bearer ${TOKEN}`);
    }
    // With a custom domain the browser addresses that host, and Origin names it.
    expect(
      authorization(viewerRequest({ method: 'POST', headers: { host: 'kim.kreis-dueren.de', origin: 'https://kim.kreis-dueren.de' }, cookies: { kim_token: TOKEN } })),
    ).toBe(`Bearer ${TOKEN}`);
  });

  it('ignores the cookie on changes from another origin', () => {
    for (const origin of ['https://elsewhere.example', `http://${HOST}`, `https://${HOST}.elsewhere.example`, 'null']) {
      for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
        expect(authorization(viewerRequest({ method, headers: { origin }, cookies: { kim_token: TOKEN } })), `${method} from ${origin}`).toBeUndefined();
      }
    }
  });

  it('leaves an Authorization header the request brings alone, even a malformed one', () => {
    for (const header of [`Bearer ${TOKEN}x`, 'Basic a2ltOmtpbQ==', '']) {
      expect(authorization(viewerRequest({ headers: { authorization: header }, cookies: { kim_token: TOKEN } }))).toBe(header);
    }
  });

  it('adds nothing without the cookie, or when its value is not a JWT', () => {
    expect(authorization(viewerRequest({}))).toBeUndefined();
    expect(authorization(viewerRequest({ cookies: { other: TOKEN } }))).toBeUndefined();
    for (const value of ['', 'abc', `${TOKEN}\r\nX-Injected: 1`, `${TOKEN} extra`, 'a.b.c.d']) {
      expect(authorization(viewerRequest({ cookies: { kim_token: value } })), JSON.stringify(value)).toBeUndefined();
    }
  });

  it('passes the request on unchanged otherwise (method, path, other headers and cookies)', () => {
    const request = viewerRequest({ method: 'POST', headers: { origin: `https://${HOST}`, 'content-type': 'application/json' }, cookies: { kim_token: TOKEN, other: 'x' } });
    expect(request).toMatchObject({
      method: 'POST',
      uri: '/api/cases',
      headers: { host: { value: HOST }, origin: { value: `https://${HOST}` }, 'content-type': { value: 'application/json' } },
      cookies: { kim_token: { value: TOKEN }, other: { value: 'x' } },
    });
  });
});
