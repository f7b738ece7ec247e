/**
 * What the HTTP API does in front of the handlers in AWS, done in-process for `npm start` and the tests: match
 * the route table, check the bearer token like the Cognito JWT authorizer, build the payload format 2.0 event,
 * call the handler and turn its result into the HTTP answer. Answers and their bodies are the HTTP API's own
 * (`{"message":"Unauthorized"}` …), so the web pages meet the same responses in both places — except a body over
 * the local limit: it is read to its end and answered 413 with a German sentence saying what to do.
 *
 * The listener returns false for paths outside /api/ and /oparl/ (the public OParl feed, whose routes have no
 * authorizer) so the dev server can serve its pages; every path under them is answered here, unknown ones with
 * 404 as the HTTP API does.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { JWTPayload } from 'jose';
import * as z from 'zod';
import type { Clock } from '../core/clock.ts';
import type { ApiRoute } from '../functions/api-routes.ts';
import { tokenFromCookieHeader } from '../web/session-cookie.ts';
import { tooLargeMessage } from '../functions/_shared/http/http-errors.ts';
import type { LocalIssuer } from './auth/local-issuer.ts';
import type { PathListener } from './dev-server.ts';
import { readBody, RequestTooLargeError } from './http-server.ts';
import { invokeLocally } from './lambda-invocation.ts';

/** Lambda's context without the deprecated callback methods: handlers here return promises. */
export type ApiHandler = (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

export interface ApiGatewayOptions {
  readonly routes: readonly ApiRoute[];
  /** By functionName; a route without a handler answers 500, as an integration with a missing Lambda does. */
  readonly handlers: Readonly<Record<string, ApiHandler>>;
  readonly issuer: LocalIssuer;
  /** Token expiry and the event's request time are judged by this clock. */
  readonly clock: Clock;
  readonly maxBodyBytes?: number;
}

/**
 * The local gateway's body limit. In AWS the HTTP API takes up to 10 MB and Lambda 6 MB synchronously; there each
 * handler refuses above its own, far smaller limit (400, functions/_shared/http/request-body.ts). KIM's largest
 * request (an intake) is far below 1 MiB, so locally more is an error or an attack and is not even buffered.
 */
export const API_MAX_BODY_BYTES = 1024 * 1024;
// The HTTP API's integration timeout; only reported to the handler through getRemainingTimeInMillis.
const INTEGRATION_TIMEOUT_MS = 30_000;
const LOCAL_ACCOUNT_ID = '000000000000';

interface CompiledRoute {
  readonly route: ApiRoute;
  readonly routeKey: string;
  readonly pattern: RegExp;
  readonly parameterNames: readonly string[];
}

function compileRoute(route: ApiRoute): CompiledRoute {
  const parameterNames: string[] = [];
  const source = route.path
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const parameter = /^\{([^}]+)\}$/.exec(part)?.[1];
      if (parameter === undefined) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      parameterNames.push(parameter);
      return '([^/]+)';
    })
    .join('');
  return { route, routeKey: `${route.method} ${route.path}`, pattern: new RegExp(`^${source}$`), parameterNames };
}

function match(routes: readonly CompiledRoute[], method: string, path: string): { route: CompiledRoute; pathParameters: Record<string, string> } | undefined {
  for (const route of routes) {
    if (route.route.method !== method) continue;
    const found = route.pattern.exec(path);
    if (found === null) continue;
    try {
      const pathParameters = Object.fromEntries(route.parameterNames.map((name, i) => [name, decodeURIComponent(found[i + 1] ?? '')]));
      return { route, pathParameters };
    } catch {
      // Broken percent-encoding (`%zz`) cannot name anything: no route.
      return undefined;
    }
  }
  return undefined;
}

/** How the HTTP API hands claims to Lambda: every value a string, arrays as `[a b]`. */
function flattenClaim(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return `[${value.map(flattenClaim).join(' ')}]`;
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** requestContext.time's format: `12/Mar/2020:19:03:58 +0000`. */
function apiGatewayTime(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()] ?? ''}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

function eventHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    // Cookies travel in event.cookies, not as a header (payload format 2.0).
    if (value === undefined || name === 'cookie') continue;
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return headers;
}

function queryParameters(search: URLSearchParams): Record<string, string> | undefined {
  const parameters: Record<string, string> = {};
  // Repeated parameters are joined with commas, as the HTTP API does.
  for (const [name, value] of search) parameters[name] = parameters[name] === undefined ? value : `${parameters[name]},${value}`;
  return Object.keys(parameters).length === 0 ? undefined : parameters;
}

interface RequestFacts {
  readonly request: IncomingMessage;
  readonly url: URL;
  readonly routeKey: string;
  readonly pathParameters: Record<string, string>;
  readonly claims: JWTPayload;
  readonly body: string;
  readonly requestId: string;
  readonly now: Date;
}

function buildEvent(facts: RequestFacts): APIGatewayProxyEventV2WithJWTAuthorizer {
  const { request, url, now } = facts;
  const host = request.headers.host ?? 'localhost';
  const cookies = request.headers.cookie?.split(/;\s*/).filter((cookie) => cookie !== '');
  const query = queryParameters(url.searchParams);
  const scope = facts.claims['scope'];
  return {
    version: '2.0',
    routeKey: facts.routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    ...(cookies === undefined || cookies.length === 0 ? {} : { cookies }),
    headers: eventHeaders(request),
    ...(query === undefined ? {} : { queryStringParameters: query }),
    ...(Object.keys(facts.pathParameters).length === 0 ? {} : { pathParameters: facts.pathParameters }),
    requestContext: {
      accountId: LOCAL_ACCOUNT_ID,
      apiId: 'local',
      domainName: host,
      domainPrefix: host.split('.')[0] ?? host,
      http: {
        method: request.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: (request.socket.remoteAddress ?? '').replace(/^::ffff:/, ''),
        userAgent: request.headers['user-agent'] ?? '',
      },
      requestId: facts.requestId,
      routeKey: facts.routeKey,
      stage: '$default',
      time: apiGatewayTime(now),
      timeEpoch: now.getTime(),
      authorizer: {
        jwt: {
          claims: Object.fromEntries(Object.entries(facts.claims).map(([name, value]) => [name, flattenClaim(value)])),
          // ID tokens carry no scopes; the HTTP API then passes null.
          scopes: typeof scope === 'string' ? scope.split(' ') : null,
        },
      },
    },
    ...(facts.body === '' ? {} : { body: facts.body }),
    isBase64Encoded: false,
  };
}

// The handler's answer is checked like any input crossing a boundary: a malformed one is a 500, as in AWS.
const resultSchema = z.object({
  statusCode: z.number().int().min(100).max(599).default(200),
  headers: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  body: z.string().optional(),
  cookies: z.array(z.string()).optional(),
  isBase64Encoded: z.boolean().default(false),
});

function sendJson(response: ServerResponse, statusCode: number, message: string, requestId: string, extra: Record<string, string> = {}): void {
  response.writeHead(statusCode, { 'content-type': 'application/json', 'apigw-requestid': requestId, ...extra });
  response.end(JSON.stringify({ message }));
}

/**
 * The bearer token, or else the session cookie (web/session-cookie.ts) — what CloudFront's viewer-request
 * function does in front of the HTTP API in AWS (lib/stacks/web-stack.ts), so a form posted without JavaScript is
 * signed in. A cookie sent with a state-changing request from another origin is ignored (SameSite=Strict already
 * keeps other sites out; this also covers other ports of the same host).
 */
function bearerToken(request: IncomingMessage): string | undefined {
  const bearer = /^Bearer ([^\s]+)$/i.exec(request.headers.authorization ?? '')?.[1];
  if (bearer !== undefined || request.headers.authorization !== undefined) return bearer;
  const origin = request.headers.origin;
  const safe = request.method === 'GET' || request.method === 'HEAD';
  if (!safe && origin !== undefined && origin !== `http://${request.headers.host ?? ''}`) return undefined;
  return tokenFromCookieHeader(request.headers.cookie);
}

/** The path prefixes the HTTP API serves (CloudFront sends these to it in AWS, lib/stacks/web-stack.ts). */
const API_PREFIXES = ['/api/', '/oparl/'];

/** Resolves false, untouched, for paths outside /api/ and /oparl/. */
export function apiGatewayListener(options: ApiGatewayOptions): PathListener {
  const routes = options.routes.map(compileRoute);
  const maxBodyBytes = options.maxBodyBytes ?? API_MAX_BODY_BYTES;

  return async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (!API_PREFIXES.some((prefix) => url.pathname.startsWith(prefix))) return false;
    const requestId = randomUUID();
    const found = match(routes, request.method ?? 'GET', url.pathname);
    if (found === undefined) {
      sendJson(response, 404, 'Not Found', requestId);
      return true;
    }

    const now = options.clock.now();
    const token = bearerToken(request);
    let claims: JWTPayload = {};
    // Public routes have no authorizer in AWS either; they check the signed token in their URL themselves.
    if (found.route.route.public !== true) {
      try {
        if (token === undefined) throw new Error('no bearer token');
        claims = await options.issuer.verifyToken(token, now);
      } catch {
        sendJson(response, 401, 'Unauthorized', requestId, { 'www-authenticate': 'Bearer' });
        return true;
      }
    }

    let body: string;
    try {
      body = (await readBody(request, maxBodyBytes)).toString('utf8');
    } catch (error) {
      if (!(error instanceof RequestTooLargeError)) throw error;
      // readBody has read the whole body, so the client gets this answer and the connection stays usable.
      sendJson(response, 413, tooLargeMessage(maxBodyBytes), requestId);
      return true;
    }

    const { functionName } = found.route.route;
    const event = buildEvent({ request, url, routeKey: found.route.routeKey, pathParameters: found.pathParameters, claims, body, requestId, now });
    let result: z.infer<typeof resultSchema>;
    try {
      const handler = options.handlers[functionName];
      if (handler === undefined) throw new Error(`no local handler registered for function ${functionName}`);
      result = resultSchema.parse(await invokeLocally(handler, event, functionName, INTEGRATION_TIMEOUT_MS, requestId));
    } catch (error) {
      // The request body is personal data (names, birth dates): the log gets the route and the error only.
      console.error(`Lambda-Fehler ${found.route.routeKey} (${functionName}, requestId ${requestId}):`, error);
      sendJson(response, 500, 'Internal Server Error', requestId);
      return true;
    }

    const headers: Record<string, string | string[]> = { 'apigw-requestid': requestId };
    for (const [name, value] of Object.entries(result.headers ?? {})) headers[name.toLowerCase()] = String(value);
    if (result.cookies !== undefined && result.cookies.length > 0) headers['set-cookie'] = result.cookies;
    response.writeHead(result.statusCode, headers);
    response.end(result.body === undefined ? undefined : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8'));
    return true;
  };
}
