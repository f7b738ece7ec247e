/**
 * What an HTTP handler's core call gets from the pipeline: the caller (signed-in routes), path and query checked
 * against the route's zod schemas, the body (JSON, or a form posted without JavaScript) and its headers.
 */
import type { Context } from 'aws-lambda';
import type { Caller } from '../../../core/identity/caller.ts';
import type { RequestBody } from './request-body.ts';

/** Lambda's context with what the pipeline's middlewares found out (middy passes the context along). */
export interface ApiContext extends Context {
  caller?: Caller;
  body?: RequestBody;
}

export interface ApiRequest<Path, Query> {
  readonly path: Path;
  readonly query: Query;
  /** Empty JSON (`undefined`) when the route reads no body. */
  readonly body: RequestBody;
  /** A header by name, case-insensitive. */
  readonly header: (name: string) => string | undefined;
}

export interface SignedInRequest<Path, Query> extends ApiRequest<Path, Query> {
  readonly caller: Caller;
}

/** The body as the use cases read it: JSON as sent, a form as its fields (`{name: value}`). */
export const bodyValues = (body: RequestBody): unknown => (body.kind === 'json' ? body.value : Object.fromEntries(body.value));
