/**
 * The one pipeline of every HTTP handler (middy): Powertools' Lambda context for the Logger (cold start, request
 * id), business metrics flushed at the end, one log line per request with the API request's id as correlation id,
 * security headers on HTML answers, German answers for every error, the caller from the JWT claims (signed-in
 * routes), the body read with a byte limit, and path and query checked against the route's zod schemas.
 *
 * A handler file then reads as: schema, one core call, this pipeline —
 *   export const handler = signedInHandler({ path: idPath }, async ({ caller, path }) => ok(await getCaseDetail(deps(), caller, path.id)));
 */
import middy, { type MiddlewareObj, type MiddyfiedHandler } from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod';
import { validationFailed } from '../../core/errors.ts';
import { formatIssues } from '../../core/validation/format-issues.ts';
import { illFormedFields } from '../../core/validation/well-formed.ts';
import { logger } from './logger.ts';
import type { ApiContext, ApiRequest, SignedInRequest } from './http/api-request.ts';
import { toApiGatewayResult, type HttpAnswer } from './http/http-answer.ts';
import { header, readRequestBody } from './http/request-body.ts';
import { signedInCaller } from './middlewares/caller.ts';
import { flushMetrics } from './middlewares/flush-metrics.ts';
import { germanErrors, type ErrorPage } from './middlewares/german-errors.ts';
import { requestBody } from './middlewares/request-body.ts';
import { requestLog } from './middlewares/request-log.ts';
import { securityHeaders } from './middlewares/security-headers.ts';

/** What a route reads besides the caller; path and query parameters arrive as strings. */
export interface RouteSchema<P extends z.ZodType, Q extends z.ZodType> {
  readonly path?: P;
  readonly query?: Q;
  /** The route reads a body of at most this many bytes (JSON or form). */
  readonly maxBodyBytes?: number;
  /** A page instead of the JSON error, for a route browsers post forms to (the intake without JavaScript). */
  readonly errorPage?: ErrorPage;
}

const noParameters = z.record(z.string(), z.string());
type NoParameters = typeof noParameters;

export type HttpLambda = MiddyfiedHandler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, ApiContext>;

function checked<S extends z.ZodType>(schema: S, values: Record<string, string | undefined> | undefined): z.output<S> {
  // Before zod: a lone surrogate in a parameter is refused as such, whatever the schema would make of it.
  const illFormed = illFormedFields(values ?? {});
  if (illFormed.length > 0) throw validationFailed(illFormed);
  const parsed = schema.safeParse(values ?? {});
  if (!parsed.success) throw validationFailed(formatIssues(parsed.error.issues));
  return parsed.data;
}

function apiRequest<P extends z.ZodType, Q extends z.ZodType>(schema: RouteSchema<P, Q>, event: APIGatewayProxyEventV2, context: ApiContext): ApiRequest<z.output<P>, z.output<Q>> {
  // Without a schema P and Q are NoParameters (their defaults), so the fallback is of their type.
  return {
    path: checked((schema.path ?? noParameters) as P, event.pathParameters),
    query: checked((schema.query ?? noParameters) as Q, event.queryStringParameters),
    body: context.body ?? { kind: 'json', value: undefined },
    header: (name) => header(event, name),
  };
}

/** The request of one route of a router: its body read here, with the route's limit (routes of one function differ in that). */
export function routeRequest<P extends z.ZodType, Q extends z.ZodType>(schema: RouteSchema<P, Q>, event: APIGatewayProxyEventV2, context: ApiContext): ApiRequest<z.output<P>, z.output<Q>> {
  return apiRequest(schema, event, schema.maxBodyBytes === undefined ? context : { ...context, body: readRequestBody(event, schema.maxBodyBytes) });
}

/** The middlewares every HTTP handler has, outermost first; a router's routes share them (meetings-api). */
export function httpMiddlewares(options: { readonly signedIn: boolean; readonly maxBodyBytes?: number; readonly errorPage?: ErrorPage; readonly headers?: Readonly<Record<string, string>> }): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, ApiContext>[] {
  return [
    injectLambdaContext(logger, { resetKeys: true, logEvent: false }),
    flushMetrics(),
    requestLog<APIGatewayProxyEventV2>({
      message: 'request',
      correlationId: (event) => event.requestContext.requestId,
      facts: (request) => ({ route: request.event.routeKey, status: (request.response as APIGatewayProxyStructuredResultV2 | undefined)?.statusCode }),
    }),
    securityHeaders(options.headers),
    germanErrors(options.errorPage),
    ...(options.signedIn ? [signedInCaller()] : []),
    ...(options.maxBodyBytes === undefined ? [] : [requestBody(options.maxBodyBytes)]),
  ] as MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, ApiContext>[];
}

/** A route for everyone (signed links, the public OParl feed): no caller. */
export function publicHandler<P extends z.ZodType = NoParameters, Q extends z.ZodType = NoParameters>(
  schema: RouteSchema<P, Q>,
  handle: (request: ApiRequest<z.output<P>, z.output<Q>>) => Promise<HttpAnswer>,
): HttpLambda {
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, ApiContext>(async (event: APIGatewayProxyEventV2, context: ApiContext) =>
    toApiGatewayResult(await handle(apiRequest(schema, event, context))),
  ).use(httpMiddlewares({ signedIn: false, ...schema }));
}

/** A route behind the JWT authorizer: the handler gets the caller. */
export function signedInHandler<P extends z.ZodType = NoParameters, Q extends z.ZodType = NoParameters>(
  schema: RouteSchema<P, Q>,
  handle: (request: SignedInRequest<z.output<P>, z.output<Q>>) => Promise<HttpAnswer>,
): HttpLambda {
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, ApiContext>(async (event: APIGatewayProxyEventV2, context: ApiContext) => {
    const { caller } = context;
    // The caller middleware runs first and refuses a request without claims; this only satisfies the type.
    if (caller === undefined) throw new Error('signed-in route without the caller middleware');
    return toApiGatewayResult(await handle({ ...apiRequest(schema, event, context), caller }));
  }).use(httpMiddlewares({ signedIn: true, ...schema }));
}
