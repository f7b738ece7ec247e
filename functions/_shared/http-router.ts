/**
 * One function serving several routes (the meetings API, the public meeting links): middy's http-router picks
 * the route by method and path, behind the same middlewares as every HTTP handler (http-pipeline.ts). A route
 * that reads a body reads it itself, with its limit, so a GET or a bare POST (cancel) needs none.
 */
import middy from '@middy/core';
import httpRouterHandler from '@middy/http-router';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type * as z from 'zod';
import { notFound } from '../../core/errors.ts';
import { httpMiddlewares, routeRequest, type HttpLambda, type RouteSchema } from './http-pipeline.ts';
import type { ApiContext, ApiRequest, SignedInRequest } from './http/api-request.ts';
import { toApiGatewayResult, type HttpAnswer } from './http/http-answer.ts';

type RouteRequest<P extends z.ZodType, Q extends z.ZodType, S extends boolean> = S extends true ? SignedInRequest<z.output<P>, z.output<Q>> : ApiRequest<z.output<P>, z.output<Q>>;

export interface Route<P extends z.ZodType, Q extends z.ZodType, S extends boolean> {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** API Gateway syntax, as in functions/api-routes.ts. */
  readonly path: string;
  readonly schema: RouteSchema<P, Q>;
  readonly handle: (request: RouteRequest<P, Q, S>) => Promise<HttpAnswer>;
}

type AnyRoute<S extends boolean> = Route<z.ZodType, z.ZodType, S>;

// A route's handle takes its own schemas' output: checked here, where the route is written; the list holds routes
// of different schemas (the router checks each request against its route's schemas at run time).
export const signedInRoute = <P extends z.ZodType, Q extends z.ZodType>(definition: Route<P, Q, true>): AnyRoute<true> => definition;
export const publicRoute = <P extends z.ZodType, Q extends z.ZodType>(definition: Route<P, Q, false>): AnyRoute<false> => definition;

function router<S extends boolean>(routes: readonly AnyRoute<S>[], request: (entry: AnyRoute<S>, event: APIGatewayProxyEventV2, context: ApiContext) => RouteRequest<z.ZodType, z.ZodType, S>) {
  return httpRouterHandler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>({
    routes: routes.map((entry) => ({
      method: entry.method,
      path: entry.path,
      handler: async (event: APIGatewayProxyEventV2, context: ApiContext) => toApiGatewayResult(await entry.handle(request(entry, event, context))),
    })),
    // API Gateway only sends the routes of the table; anything else is a request this function does not know.
    notFoundResponse: () => {
      throw notFound('Die Anfrage');
    },
  });
}

/** The routes of one function behind the JWT authorizer: each gets the caller. */
export function signedInRouter(routes: readonly AnyRoute<true>[]): HttpLambda {
  const handle = router(routes, (entry, event, context) => {
    const { caller } = context;
    // The caller middleware runs first and refuses a request without claims; this only satisfies the type.
    if (caller === undefined) throw new Error('signed-in route without the caller middleware');
    return { ...routeRequest(entry.schema, event, context), caller };
  });
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, ApiContext>(handle).use(httpMiddlewares({ signedIn: true }));
}

/** The routes of one public function (signed links, the OParl feed): no caller; `headers` go on every answer. */
export function publicRouter(routes: readonly AnyRoute<false>[], headers: Readonly<Record<string, string>> = {}): HttpLambda {
  const handle = router(routes, (entry, event, context) => routeRequest(entry.schema, event, context));
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, ApiContext>(handle).use(httpMiddlewares({ signedIn: false, headers }));
}
