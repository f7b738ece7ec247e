/**
 * Turns what went wrong into the answer people read: a refusal of the domain (core/errors.ts) into its status and
 * German `{message, errors?}`, anything else into 500 with a German sentence — logged by name and stack only
 * (never the message, which may echo item contents, nor the request's body). Unlike middy's http-error-handler it
 * answers nothing in English and exposes no error's own message.
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { errorFacts, logger } from '../logger.ts';
import { toApiGatewayResult, type HttpAnswer } from '../http/http-answer.ts';
import { Refusal } from '../../../core/errors.ts';
import { httpStatusOf, refusalBody, UnsupportedMediaType, type HttpRefusal } from '../http/http-errors.ts';

/** A route's own page for a refusal, or undefined for the JSON answer. */
export type ErrorPage = (error: HttpRefusal, event: APIGatewayProxyEventV2) => HttpAnswer | undefined;

export function germanErrors(errorPage?: ErrorPage): MiddlewareObj<APIGatewayProxyEventV2> {
  return {
    onError: (request) => {
      const error = request.error;
      if (error instanceof Refusal || error instanceof UnsupportedMediaType) {
        request.response = toApiGatewayResult(errorPage?.(error, request.event) ?? { statusCode: httpStatusOf(error), body: refusalBody(error) });
        return;
      }
      logger.error('unhandled error', errorFacts(error));
      request.response = toApiGatewayResult({ statusCode: 500, body: { message: 'Interner Fehler. Bitte später erneut versuchen.' } });
    },
  };
}
