/**
 * One log line per invocation, with the correlation id set before the handler runs so every line of the request
 * carries it: what ran (route or workflow step), how it ended (status or error name) and how long it took.
 * Never the event or the answer's body.
 */
import type { MiddlewareObj, Request } from '@middy/core';
import { errorFacts, logger } from '../logger.ts';

export interface RequestLogOptions<E> {
  /** The API request's id, or the case/meeting a workflow step works on. */
  readonly correlationId: (event: E) => string | undefined;
  /** Facts of the invocation that are safe to log (route key, status code, a step's outcome). */
  readonly facts: (request: Request<E>) => Record<string, unknown>;
  readonly message: string;
}

export function requestLog<E>(options: RequestLogOptions<E>): MiddlewareObj<E> {
  const started = new WeakMap<object, number>();
  const finish = (request: Request<E>, failed: boolean): void => {
    const ms = Date.now() - (started.get(request) ?? Date.now());
    const facts = { ...options.facts(request), ms, ...(failed ? errorFacts(request.error) : {}) };
    if (failed) logger.error(options.message, facts);
    else logger.info(options.message, facts);
  };
  return {
    before: (request) => {
      started.set(request, Date.now());
      const id = options.correlationId(request.event);
      if (id !== undefined) logger.setCorrelationId(id);
    },
    after: (request) => {
      finish(request, false);
    },
    // An error the pipeline answered (a refusal, a 500 page) has a response by now and is not a failure of the
    // invocation; one that is thrown on (a task's error for the state machine's Retry and Catch) is.
    onError: (request) => {
      finish(request, request.response === undefined);
    },
  };
}
