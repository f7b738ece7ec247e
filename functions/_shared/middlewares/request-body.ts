/**
 * Reads the body of a request that has one: JSON or an HTML form, at most `maxBytes` (checked in bytes, before
 * parsing), with German errors (functions/_shared/http/request-body.ts). Unlike middy's JSON and urlencoded
 * parsers it never answers in English and never puts the raw body into an error.
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { ApiContext } from '../http/api-request.ts';
import { readRequestBody } from '../http/request-body.ts';

export function requestBody(maxBytes: number): MiddlewareObj<APIGatewayProxyEventV2, unknown, Error, ApiContext> {
  return {
    before: (request) => {
      request.context.body = readRequestBody(request.event, maxBytes);
    },
  };
}
